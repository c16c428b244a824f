/** Wall times as the server gives them (YYYY-MM-DDTHH:mm in the district's zone), shown in the page's language. */
export function formatLocal(local: string, lng: string, style: 'date' | 'dateTime' = 'dateTime'): string {
  const [date, time] = local.split('T')
  const [y, m, d] = date.split('-').map(Number)
  const [hh, mm] = time.split(':').map(Number)
  // Built in UTC and formatted in UTC: the figures are already the district's wall time.
  const instant = new Date(Date.UTC(y, m - 1, d, hh, mm))
  return new Intl.DateTimeFormat(lng, style === 'date' ? { dateStyle: 'long', timeZone: 'UTC' } : { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(instant)
}

export function formatWindow(a: { localOpensAt: string; localClosesAt: string }, lng: string): string {
  return `${formatLocal(a.localOpensAt, lng)} – ${formatLocal(a.localClosesAt, lng)}`
}

/** An instant (ISO) as wall time in a zone (an administration's), in the page's language, styled as formatLocal. */
export function formatInstant(iso: string, lng: string, timeZone: string | undefined): string {
  return new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso))
}
