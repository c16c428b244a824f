/**
 * Survey windows are entered as wall-clock times in the district's time zone ("opens 8 September at 7:30,
 * closes 2 October at 23:59", Los Angeles) and stored as instants. These are the conversions, with the two
 * daylight-saving cases spelled out: a wall time that does not exist (the spring-forward gap) moves forward by
 * the gap, as a clock would; a wall time that happens twice (fall back) means the first of the two.
 */

/** Local wall time as the browser's datetime-local input gives it: YYYY-MM-DDTHH:mm. */
export const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formatters.set(zone, f)
  }
  return f
}

interface WallTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
}

function wallTimeAt(instant: number, zone: string): WallTime & { second: number } {
  const parts = Object.fromEntries(formatter(zone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]))
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, second: +parts.second }
}

/** The zone's offset from UTC at an instant, in milliseconds (Los Angeles in summer: -7 h). */
export function zoneOffset(instant: number, zone: string): number {
  const w = wallTimeAt(instant, zone)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
  return asUtc - Math.floor(instant / 1000) * 1000
}

export function parseLocalDateTime(value: string): WallTime | null {
  const m = LOCAL_DATE_TIME.exec(value)
  if (!m) return null
  const [year, month, day, hour, minute] = m.slice(1).map(Number)
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute))
  // 2026-02-30 or 24:00 are not times.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || check.getUTCHours() !== hour || check.getUTCMinutes() !== minute) return null
  return { year, month, day, hour, minute }
}

/** The instant a wall time in a zone names (see the module comment for the daylight-saving cases). */
export function zonedToInstant(local: string, zone: string): Date {
  const w = parseLocalDateTime(local)
  if (!w) throw new RangeError(`${local} is not a date and time (YYYY-MM-DDTHH:mm)`)
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute)
  // The offsets an hour and a day either side cover every real transition; try the earlier instant first, so an
  // ambiguous wall time means its first occurrence.
  const candidates = [...new Set([zoneOffset(asUtc - 86_400_000, zone), zoneOffset(asUtc, zone), zoneOffset(asUtc + 86_400_000, zone)])]
    .map((offset) => asUtc - offset)
    .sort((a, b) => a - b)
  for (const instant of candidates) {
    if (toLocalDateTime(new Date(instant), zone) === local) return new Date(instant)
  }
  // In the spring-forward gap: read the wall time with the offset before the change, which lands after it.
  const before = zoneOffset(asUtc - 86_400_000, zone)
  return new Date(asUtc - before)
}

/** The wall time of an instant in a zone, as YYYY-MM-DDTHH:mm. */
export function toLocalDateTime(instant: Date, zone: string): string {
  const w = wallTimeAt(instant.getTime(), zone)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`
}

export type WindowStatus = 'scheduled' | 'open' | 'closed'

/** Where an administration stands: before its window, in it, or after it (or closed early by staff). */
export function windowStatus(window: { opens_at: Date; closes_at: Date; closed_at: Date | null }, now: Date): WindowStatus {
  if (window.closed_at !== null && window.closed_at <= now) return 'closed'
  if (now < window.opens_at) return 'scheduled'
  if (now >= window.closes_at) return 'closed'
  return 'open'
}
