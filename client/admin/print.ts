/** What the printable pages (the community summary, posters and kiosk cards) share. */

export const PAPERS = { letter: 'letter', a4: 'A4' } as const
export type Paper = keyof typeof PAPERS

/** The paper asked for in the address (?paper=a4), Letter otherwise. */
export function paperFromQuery(): Paper {
  return new URLSearchParams(window.location.search).get('paper') === 'a4' ? 'a4' : 'letter'
}

/** Keeps a name or link in another script from reordering a right-to-left sentence. */
export const isolate = (text: string) => `\u2068${text}\u2069`

/** This page's address with some query parameters changed (another language, another kind of sheet). */
export function withQuery(params: Record<string, string>): string {
  const query = new URLSearchParams(window.location.search)
  for (const [key, value] of Object.entries(params)) query.set(key, value)
  return `${window.location.pathname}?${query}`
}
