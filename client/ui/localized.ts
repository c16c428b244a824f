/** Picks a language from a SurveyJS-style localized string ({ default: 'English', es: '…' }). */
export function localized(text: string | Record<string, string> | undefined, lng: string): string {
  if (text === undefined) return ''
  if (typeof text === 'string') return text
  return text[lng] ?? text.default ?? text.en ?? Object.values(text)[0] ?? ''
}
