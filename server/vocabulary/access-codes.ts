/** Access codes are typed by people from posters: compare them without case, spaces or hyphens. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toUpperCase()
}
