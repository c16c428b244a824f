import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseLocalDateTime, toLocalDateTime, windowStatus, zonedToInstant, zoneOffset } from '../../../server/administrations/window'
import { isTimeZone } from '../../../server/time-zone'

const at = (iso: string) => new Date(iso)
const MINUTE = 60_000
const HOUR = 3_600_000

describe('zonedToInstant and toLocalDateTime', () => {
  it.each([
    // Los Angeles: PST (-8) in winter, PDT (-7) in summer
    ['America/Los_Angeles', '2026-01-15T12:00', '2026-01-15T20:00:00.000Z'],
    ['America/Los_Angeles', '2026-09-08T07:30', '2026-09-08T14:30:00.000Z'],
    ['America/Los_Angeles', '2026-10-02T23:59', '2026-10-03T06:59:00.000Z'],
    ['America/Los_Angeles', '2026-12-31T23:59', '2027-01-01T07:59:00.000Z'],
    // New York: EST (-5), EDT (-4)
    ['America/New_York', '2026-02-01T08:00', '2026-02-01T13:00:00.000Z'],
    ['America/New_York', '2026-07-01T09:00', '2026-07-01T13:00:00.000Z'],
    // Seoul: +9 all year, no daylight saving
    ['Asia/Seoul', '2026-01-15T09:00', '2026-01-15T00:00:00.000Z'],
    ['Asia/Seoul', '2026-09-08T07:30', '2026-09-07T22:30:00.000Z'],
    ['Asia/Seoul', '2026-03-08T02:30', '2026-03-07T17:30:00.000Z'],
    // Sydney: daylight saving in the southern summer, AEDT (+11) in January, AEST (+10) in July
    ['Australia/Sydney', '2026-01-15T09:00', '2026-01-14T22:00:00.000Z'],
    ['Australia/Sydney', '2026-07-15T09:00', '2026-07-14T23:00:00.000Z'],
    // Chatham: +12:45 in winter, +13:45 in summer
    ['Pacific/Chatham', '2026-07-01T12:00', '2026-06-30T23:15:00.000Z'],
    ['Pacific/Chatham', '2026-01-01T12:00', '2025-12-31T22:15:00.000Z'],
    // Kolkata: +5:30
    ['Asia/Kolkata', '2026-09-08T07:30', '2026-09-08T02:00:00.000Z'],
    ['Asia/Kolkata', '2026-01-01T00:00', '2025-12-31T18:30:00.000Z'],
  ])('in %s, %s is %s and back', (zone, local, instant) => {
    expect(zonedToInstant(local, zone).toISOString()).toBe(instant)
    expect(toLocalDateTime(at(instant), zone)).toBe(local)
  })

  it('drops seconds when reading a wall time', () => {
    expect(toLocalDateTime(at('2026-09-08T14:30:59.999Z'), 'America/Los_Angeles')).toBe('2026-09-08T07:30')
  })

  it('reads a wall time in the spring-forward gap with the offset before the change, as a clock would move it', () => {
    // Los Angeles, 8 March 2026: 02:00 PST becomes 03:00 PDT; 02:30 does not exist and means 03:30 PDT.
    const instant = zonedToInstant('2026-03-08T02:30', 'America/Los_Angeles')
    expect(instant.toISOString()).toBe('2026-03-08T10:30:00.000Z')
    expect(toLocalDateTime(instant, 'America/Los_Angeles')).toBe('2026-03-08T03:30')
    expect(zonedToInstant('2026-03-08T02:00', 'America/Los_Angeles').toISOString()).toBe('2026-03-08T10:00:00.000Z')
    expect(zonedToInstant('2026-03-08T01:59', 'America/Los_Angeles').toISOString()).toBe('2026-03-08T09:59:00.000Z')
    expect(zonedToInstant('2026-03-08T03:00', 'America/Los_Angeles').toISOString()).toBe('2026-03-08T10:00:00.000Z')
    // New York the same day, and Sydney's spring (4 October 2026, 02:00 AEST becomes 03:00 AEDT).
    expect(zonedToInstant('2026-03-08T02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z')
    expect(zonedToInstant('2026-10-04T02:30', 'Australia/Sydney').toISOString()).toBe('2026-10-03T16:30:00.000Z')
    expect(toLocalDateTime(at('2026-10-03T16:30:00.000Z'), 'Australia/Sydney')).toBe('2026-10-04T03:30')
    // Chatham moves from 02:45 to 03:45 on 27 September 2026.
    expect(zonedToInstant('2026-09-27T03:00', 'Pacific/Chatham').toISOString()).toBe('2026-09-26T14:15:00.000Z')
    expect(toLocalDateTime(at('2026-09-26T14:15:00.000Z'), 'Pacific/Chatham')).toBe('2026-09-27T04:00')
  })

  it('reads a wall time that happens twice (fall back) as the first of the two', () => {
    // Los Angeles, 1 November 2026: 01:30 PDT (08:30Z), then 01:30 PST (09:30Z).
    expect(zonedToInstant('2026-11-01T01:30', 'America/Los_Angeles').toISOString()).toBe('2026-11-01T08:30:00.000Z')
    expect(toLocalDateTime(at('2026-11-01T08:30:00.000Z'), 'America/Los_Angeles')).toBe('2026-11-01T01:30')
    expect(toLocalDateTime(at('2026-11-01T09:30:00.000Z'), 'America/Los_Angeles')).toBe('2026-11-01T01:30')
    expect(zonedToInstant('2026-11-01T00:59', 'America/Los_Angeles').toISOString()).toBe('2026-11-01T07:59:00.000Z')
    expect(zonedToInstant('2026-11-01T02:00', 'America/Los_Angeles').toISOString()).toBe('2026-11-01T10:00:00.000Z')
    // Sydney, 5 April 2026: 02:30 AEDT (15:30Z), then 02:30 AEST (16:30Z).
    expect(zonedToInstant('2026-04-05T02:30', 'Australia/Sydney').toISOString()).toBe('2026-04-04T15:30:00.000Z')
    expect(toLocalDateTime(at('2026-04-04T16:30:00.000Z'), 'Australia/Sydney')).toBe('2026-04-05T02:30')
  })

  it.each(['2026-02-30T10:00', '2026-02-29T10:00', '2026-04-31T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01T10:60', 'garbage', '', '2026-01-01', '2026-01-01 10:00', '2026-1-1T10:00', '2026-01-01T10:00:00', '2026-01-01T10:00Z'])(
    'rejects %j',
    (value) => {
      expect(parseLocalDateTime(value)).toBeNull()
      expect(() => zonedToInstant(value, 'America/Los_Angeles')).toThrow(new RangeError(`${value} is not a date and time (YYYY-MM-DDTHH:mm)`))
    },
  )

  it('accepts 29 February in a leap year and midnight as 00:00', () => {
    expect(parseLocalDateTime('2028-02-29T00:00')).toEqual({ year: 2028, month: 2, day: 29, hour: 0, minute: 0 })
    expect(zonedToInstant('2028-02-29T00:00', 'Asia/Seoul').toISOString()).toBe('2028-02-28T15:00:00.000Z')
  })

  it('knows a time zone from a name that is not one', () => {
    expect(isTimeZone('America/Los_Angeles')).toBe(true)
    expect(isTimeZone('Pacific/Chatham')).toBe(true)
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false)
  })

  it('gives the offset at an instant', () => {
    expect(zoneOffset(Date.parse('2026-07-01T00:00:00Z'), 'America/Los_Angeles')).toBe(-7 * HOUR)
    expect(zoneOffset(Date.parse('2026-01-01T00:00:00Z'), 'America/Los_Angeles')).toBe(-8 * HOUR)
    expect(zoneOffset(Date.parse('2026-01-01T00:00:00Z'), 'Asia/Kolkata')).toBe(5.5 * HOUR)
    expect(zoneOffset(Date.parse('2026-01-01T00:00:00Z'), 'Pacific/Chatham')).toBe(13.75 * HOUR)
  })
})

describe('round trips (property)', () => {
  const ZONES = [
    'America/Los_Angeles',
    'America/New_York',
    'America/St_Johns',
    'Asia/Seoul',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Europe/London',
    'Europe/Berlin',
    'America/Santiago',
    'Pacific/Auckland',
    'UTC',
  ]

  /** The first instant, minute by minute over the three hours before `t` and `t` itself, that reads as `local`. */
  function firstOccurrence(local: string, t: number, zone: string): number {
    for (let c = t - 3 * HOUR; c <= t; c += MINUTE) if (toLocalDateTime(new Date(c), zone) === local) return c
    throw new Error(`${local} not found before ${new Date(t).toISOString()}`)
  }

  it('zonedToInstant(toLocalDateTime(t)) is t to the minute, or its first occurrence in a repeated hour', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2080-01-01T00:00:00Z') }),
        fc.constantFrom(...ZONES),
        (t, zone) => {
          const local = toLocalDateTime(new Date(t), zone)
          const truncated = Math.floor(t / MINUTE) * MINUTE
          const back = zonedToInstant(local, zone).getTime()
          expect(toLocalDateTime(new Date(back), zone)).toBe(local)
          expect(back).toBe(firstOccurrence(local, truncated, zone))
        },
      ),
      { numRuns: 2000, seed: 20261123 },
    )
  })

  it('holds right around every daylight-saving change of 2026', () => {
    // Every quarter hour of the 2026 changes in each zone (found by scanning the offset), ±3 hours.
    const changes: { zone: string; at: number }[] = []
    for (const zone of ZONES) {
      for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += HOUR) {
        if (zoneOffset(t, zone) !== zoneOffset(t + HOUR, zone)) changes.push({ zone, at: t })
      }
    }
    expect(changes.filter((c) => c.zone === 'America/Los_Angeles')).toHaveLength(2)
    expect(changes.filter((c) => c.zone === 'Asia/Seoul')).toHaveLength(0)
    for (const { zone, at: change } of changes) {
      for (let t = change - 3 * HOUR; t <= change + 4 * HOUR; t += 15 * MINUTE) {
        const local = toLocalDateTime(new Date(t), zone)
        expect(zonedToInstant(local, zone).getTime(), `${zone} ${new Date(t).toISOString()}`).toBe(firstOccurrence(local, t, zone))
      }
    }
  })

  it('any valid wall time maps to an instant that reads as itself, or later by the gap it fell in', () => {
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 1990, max: 2079 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 28 }),
          hour: fc.integer({ min: 0, max: 23 }),
          minute: fc.integer({ min: 0, max: 59 }),
        }),
        fc.constantFrom(...ZONES),
        (w, zone) => {
          const two = (n: number) => String(n).padStart(2, '0')
          const local = `${w.year}-${two(w.month)}-${two(w.day)}T${two(w.hour)}:${two(w.minute)}`
          const instant = zonedToInstant(local, zone)
          const read = toLocalDateTime(instant, zone)
          if (read !== local) {
            // In a gap: moved forward by the gap (an hour, or Lord Howe's half hour), and nothing reads as `local`.
            const asUtc = (s: string) => Date.parse(`${s}:00Z`)
            expect([30 * MINUTE, HOUR]).toContain(asUtc(read) - asUtc(local))
            expect(zoneOffset(instant.getTime(), zone) - zoneOffset(instant.getTime() - 6 * HOUR, zone)).toBe(asUtc(read) - asUtc(local))
          }
        },
      ),
      { numRuns: 2000, seed: 11 },
    )
  })
})

describe('windowStatus', () => {
  const opens_at = at('2026-09-08T14:30:00.000Z')
  const closes_at = at('2026-10-03T06:59:00.000Z')
  const plain = { opens_at, closes_at, closed_at: null }

  it('opens at opens_at (inclusive) and closes at closes_at (exclusive)', () => {
    expect(windowStatus(plain, new Date(opens_at.getTime() - 1))).toBe('scheduled')
    expect(windowStatus(plain, opens_at)).toBe('open')
    expect(windowStatus(plain, new Date(closes_at.getTime() - 1))).toBe('open')
    expect(windowStatus(plain, closes_at)).toBe('closed')
    expect(windowStatus(plain, new Date(closes_at.getTime() + 1))).toBe('closed')
  })

  it('is closed from the moment staff closed it early', () => {
    const closed_at = at('2026-09-20T00:00:00.000Z')
    const early = { opens_at, closes_at, closed_at }
    expect(windowStatus(early, new Date(closed_at.getTime() - 1))).toBe('open')
    expect(windowStatus(early, closed_at)).toBe('closed')
    expect(windowStatus(early, new Date(closes_at.getTime() - 1))).toBe('closed')
    // Closed before it opened: closed, not scheduled.
    expect(windowStatus({ opens_at, closes_at, closed_at: at('2026-09-01T00:00:00.000Z') }, at('2026-09-02T00:00:00.000Z'))).toBe('closed')
  })
})
