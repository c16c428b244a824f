/** Whether the runtime knows this IANA time zone (config checks DISTRICT_TIME_ZONE with it). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}
