import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findHolds, runsOf, type HoldDecision, type ResponseState, type ReviewGroup, type ReviewRule } from '../../../server/disclosure/review-rule'

const MINUTE = 60_000
const RULE: ReviewRule = { burst: 9, spanMs: 15 * MINUTE }
const T0 = Date.UTC(2026, 9, 1, 8)

/** One school's unreleased families: each response by minute after T0, new unless said otherwise. */
function group(minutes: number[], options: { enrollment?: number | null; states?: ResponseState[]; released?: number } = {}): ReviewGroup<string> {
  return {
    schoolId: 1,
    role: 'family',
    enrollment: options.enrollment ?? null,
    released: options.released ?? 0,
    responses: minutes.map((m, i) => ({ key: `r${i}`, at: T0 + m * MINUTE, state: options.states?.[i] ?? 'new' })),
  }
}

const held = (holds: HoldDecision<string>[]) => holds.flatMap((h) => h.keys).sort()
const keys = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `r${from + i}`)

describe('the review rule', () => {
  it('holds the padding sent in one burst and not the real family who answered earlier', () => {
    // One real family at 8:00; nine padded responses from 10:00, a few seconds apart.
    const holds = findHolds([group([0, ...Array.from({ length: 9 }, (_, i) => 120 + i / 10)])], RULE)
    expect(holds).toEqual([{ schoolId: 1, role: 'family', reasons: ['burst'], keys: keys(1, 10) }])
  })

  it('does not hold a trickle, however long, whose responses are more than the span apart', () => {
    expect(findHolds([group(Array.from({ length: 40 }, (_, i) => i * 16))], RULE)).toEqual([])
  })

  it('counts a gap of exactly the span as part of a run', () => {
    expect(held(findHolds([group(Array.from({ length: 9 }, (_, i) => i * 15))], RULE))).toEqual(keys(0, 9).sort())
    expect(findHolds([group(Array.from({ length: 9 }, (_, i) => i * 15.001))], RULE)).toEqual([])
  })

  it('holds the whole run, not only the responses within one span of each other', () => {
    // Ten minutes apart for two hours: any 9 in a row span 80 minutes, but it is one run of 13.
    expect(held(findHolds([group(Array.from({ length: 13 }, (_, i) => i * 10))], RULE))).toEqual(keys(0, 13).sort())
  })

  it('misses padding split in runs shorter than B (the residual risk a reviewer and the audit log cover)', () => {
    const minutes = [0, ...Array.from({ length: 8 }, (_, i) => 60 + i / 10), 90]
    expect(findHolds([group(minutes)], RULE)).toEqual([])
  })

  it('counts held and other waiting responses toward a run but holds only new ones', () => {
    const states: ResponseState[] = ['waiting', 'waiting', 'waiting', 'waiting', 'waiting', 'new', 'new', 'new', 'new']
    expect(findHolds([group([0, 1, 2, 3, 4, 5, 6, 7, 8], { states })], RULE)).toEqual([{ schoolId: 1, role: 'family', reasons: ['burst'], keys: ['r5', 'r6', 'r7', 'r8'] }])
  })

  it('does not count released responses toward a run: padding has to be new, in the batch it pads', () => {
    // A busy day is released; then one family and, an hour later, eight more close together: no burst of new ones.
    expect(findHolds([group([0, 60, 61, 62, 63, 64, 65, 66, 67], { released: 300 })], RULE)).toEqual([])
  })

  it('makes no hold for a burst that has nothing new', () => {
    expect(findHolds([group(Array.from({ length: 12 }, (_, i) => i), { states: Array(12).fill('waiting') })], RULE)).toEqual([])
  })

  it('counts set-aside responses toward a run but not toward enrollment', () => {
    const states: ResponseState[] = [...Array<ResponseState>(8).fill('set-aside'), 'new']
    expect(held(findHolds([group([0, 1, 2, 3, 4, 5, 6, 7, 8], { states })], RULE))).toEqual(['r8'])
    // Far apart, the 8 set aside do not fill a school of 2 families.
    expect(findHolds([group([0, 20, 40, 60, 80, 100, 120, 140, 160], { states, enrollment: 2 })], RULE)).toEqual([])
  })

  it('holds every new response of a school and role beyond its enrollment, a trickle included', () => {
    const states: ResponseState[] = ['waiting', 'new', 'new']
    expect(findHolds([group([40, 60, 80], { states, enrollment: 4, released: 2 })], RULE)).toEqual([{ schoolId: 1, role: 'family', reasons: ['over-enrollment'], keys: ['r1', 'r2'] }])
    expect(findHolds([group([40, 60], { states: states.slice(0, 2), enrollment: 4, released: 2 })], RULE)).toEqual([])
  })

  it('gives a burst beyond enrollment both reasons, and the other new responses their own hold', () => {
    const minutes = [0, 100, ...Array.from({ length: 9 }, (_, i) => 200 + i)]
    const holds = findHolds([group(minutes, { enrollment: 5 })], RULE)
    expect(holds).toEqual([
      { schoolId: 1, role: 'family', reasons: ['burst', 'over-enrollment'], keys: keys(2, 11) },
      { schoolId: 1, role: 'family', reasons: ['over-enrollment'], keys: ['r0', 'r1'] },
    ])
  })

  it('sets no cap when the enrollment is unknown', () => {
    expect(findHolds([group(Array.from({ length: 500 }, (_, i) => i * 20), { enrollment: null })], RULE)).toEqual([])
  })

  it('decides each school and role apart', () => {
    const a = group(Array.from({ length: 5 }, (_, i) => i))
    const b = { ...group(Array.from({ length: 5 }, (_, i) => i)), role: 'staff' }
    expect(findHolds([a, b], RULE)).toEqual([])
  })
})

/** A group of responses at random minutes (many ties and near ties), in any state. */
const arbitraryGroup = fc
  .record({
    minutes: fc.array(fc.integer({ min: 0, max: 600 }), { maxLength: 40 }),
    states: fc.array(fc.constantFrom<ResponseState>('new', 'new', 'waiting', 'set-aside'), { minLength: 40, maxLength: 40 }),
    enrollment: fc.option(fc.integer({ min: 0, max: 60 })),
    released: fc.integer({ min: 0, max: 30 }),
  })
  .map(({ minutes, states, enrollment, released }) => group(minutes, { enrollment, states, released }))
const arbitraryRule = fc.record({ burst: fc.integer({ min: 2, max: 12 }), spanMs: fc.integer({ min: 1, max: 60 }).map((m) => m * MINUTE) })

/** Whether a response is in a burst, by the definition: connected to B − 1 other unreleased ones by gaps of at most the span. */
function inBurstByDefinition(g: ReviewGroup<string>, key: string, rule: ReviewRule): boolean {
  const unreleased = g.responses
  const seen = new Set([key])
  const queue = [key]
  const at = new Map(unreleased.map((r) => [r.key, r.at]))
  while (queue.length > 0) {
    const current = at.get(queue.pop()!)!
    for (const r of unreleased) {
      if (!seen.has(r.key) && Math.abs(r.at - current) <= rule.spanMs) {
        seen.add(r.key)
        queue.push(r.key)
      }
    }
  }
  return seen.size >= rule.burst
}

describe('the review rule (properties)', () => {
  it('holds exactly the new responses connected to a burst of unreleased ones, or all new ones beyond enrollment', () => {
    fc.assert(
      fc.property(arbitraryGroup, arbitraryRule, (g, rule) => {
        const holds = findHolds([g], rule)
        const heldKeys = holds.flatMap((h) => h.keys)
        expect(new Set(heldKeys).size).toBe(heldKeys.length)
        const over = g.enrollment !== null && g.released + g.responses.filter((r) => r.state !== 'set-aside').length > g.enrollment
        for (const r of g.responses) {
          const expected = r.state === 'new' && (over || inBurstByDefinition(g, r.key, rule))
          expect(heldKeys.includes(r.key), r.key).toBe(expected)
        }
        for (const h of holds) {
          expect(h.keys.length).toBeGreaterThan(0)
          expect(h.reasons.includes('over-enrollment')).toBe(over)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('holds any B new responses received within one span of each other', () => {
    fc.assert(
      fc.property(arbitraryGroup, arbitraryRule, fc.integer({ min: 0, max: 600 }), (g, rule, start) => {
        const window = g.responses.filter((r) => r.state === 'new' && r.at >= T0 + start * MINUTE && r.at <= T0 + start * MINUTE + rule.spanMs)
        const heldKeys = new Set(findHolds([g], rule).flatMap((h) => h.keys))
        if (window.length >= rule.burst) for (const r of window) expect(heldKeys.has(r.key)).toBe(true)
      }),
      { numRuns: 500 },
    )
  })

  it('does not depend on the order the responses are listed in', () => {
    const reordered = arbitraryGroup.chain((g) =>
      fc.shuffledSubarray([...g.responses], { minLength: g.responses.length, maxLength: g.responses.length }).map((responses) => [g, { ...g, responses }] as const),
    )
    const normal = (holds: HoldDecision<string>[]) => holds.map((h) => ({ ...h, keys: [...h.keys].sort() })).sort((a, b) => a.keys[0].localeCompare(b.keys[0]))
    fc.assert(
      fc.property(reordered, arbitraryRule, ([g, shuffled], rule) => {
        expect(normal(findHolds([shuffled], rule))).toEqual(normal(findHolds([g], rule)))
      }),
      { numRuns: 300 },
    )
  })

  it('splits responses into runs whose inner gaps are at most the span and whose gaps between are longer', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 })), fc.integer({ min: 0, max: 100 }), (ats, span) => {
        const sorted = [...ats].sort((a, b) => a - b).map((at) => ({ at }))
        const runs = runsOf(sorted, span)
        expect(runs.flat()).toEqual(sorted)
        for (const run of runs) for (let i = 1; i < run.length; i++) expect(run[i].at - run[i - 1].at).toBeLessThanOrEqual(span)
        for (let i = 1; i < runs.length; i++) expect(runs[i][0].at - runs[i - 1].at(-1)!.at).toBeGreaterThan(span)
      }),
    )
  })
})
