/** Whether the runtime knows this IANA time zone (config checks DISTRICT_TIME_ZONE with it). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** The calendar day a moment falls on in a time zone, as YYYY-MM-DD (a district's day, not the server's). */
export function dayIn(at: Date, timeZone: string): string {
  return at.toLocaleDateString('en-CA', { timeZone })
}
