import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { kAnonymize, type KAnonymityPlan, type KRow, type QiValue } from '../../../server/disclosure/k-anonymity'

const blank = (original: readonly QiValue[]) => original.map(() => null)
/** A multi-select answer ('a;b') as its category: the value, or 'multiple' for several. */
const category = ([v]: readonly QiValue[]) => [v !== null && v.includes(';') ? 'multiple' : v]

/** The export's shape, small: school and region nested, role and instrument fixed, day, language and two contexts. */
const PLAN: KAnonymityPlan = {
  fixed: ['role', 'instrument'],
  blockBy: ['role'],
  nested: ['school', 'region'],
  ladders: [
    { columns: ['day'], ladder: [([d]) => [d! < '2026-09-14' ? '2026-W37' : '2026-W38'], () => ['window']] },
    { columns: ['language'], ladder: [blank] },
    { columns: ['home'], ladder: [category, blank] },
    { columns: ['band'], ladder: [blank] },
  ],
}
const COLUMNS = ['role', 'instrument', 'school', 'region', 'day', 'language', 'home', 'band']

interface Person {
  school: string
  region?: string
  role?: string
  instrument?: string
  day?: string
  language?: string
  home?: string | null
  band?: string | null
  batch?: number
}
const row = (p: Person): KRow => ({
  batch: p.batch ?? 1,
  values: {
    school: p.school,
    region: p.region ?? (p.school < 'M' ? 'North' : 'South'),
    role: p.role ?? 'family',
    instrument: p.instrument ?? (p.role === 'staff' ? 'staff-ana' : 'family-ana'),
    day: p.day ?? '2026-09-08',
    language: p.language ?? 'es',
    home: p.home === undefined ? 'es' : p.home,
    band: p.band === undefined ? '3-5' : p.band,
  },
})
const many = (n: number, p: Person) => Array.from({ length: n }, () => row(p))

/** Groups of the shown rows over every quasi-identifier, with how many rows each has. */
function groups(rows: (Record<string, QiValue> | null)[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const r of rows) {
    if (!r) continue
    const key = JSON.stringify(COLUMNS.map((c) => r[c]))
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

describe('kAnonymize', () => {
  it('refuses a k under 1 or not whole, a column named twice, and a block column that is not fixed', () => {
    expect(() => kAnonymize([], PLAN, 0)).toThrow('k must be a whole number of at least 1, not 0.')
    expect(() => kAnonymize([], PLAN, 2.5)).toThrow('k must be a whole number of at least 1, not 2.5.')
    expect(() => kAnonymize([], { ...PLAN, nested: ['school', 'role'] }, 5)).toThrow('The column "role" is named twice in the plan.')
    expect(() => kAnonymize([], { ...PLAN, blockBy: ['school'] }, 5)).toThrow('The block column "school" must be one of the fixed columns.')
    expect(() => kAnonymize([], { ...PLAN, ladders: [{ columns: [], ladder: [] }] }, 5)).toThrow('A quasi-identifier names no column.')
  })

  it('gives an empty table for no rows', () => {
    expect(kAnonymize([], PLAN, 10)).toEqual({ rows: [], groupSizes: [], levels: [] })
  })

  it('shows a block whose rows all agree exactly as it is', () => {
    const out = kAnonymize(many(10, { school: 'Alder' }), PLAN, 10)
    expect(out.rows[0]).toEqual({ role: 'family', instrument: 'family-ana', school: 'Alder', region: 'North', day: '2026-09-08', language: 'es', home: 'es', band: '3-5' })
    expect(out.groupSizes).toEqual(Array(10).fill(10))
    expect(out.levels[0]).toEqual({ nested: 0, ladders: [0, 0, 0, 0] })
  })

  it('blanks the rare language and home language for the whole school, keeps its grade band, and withholds a school with fewer than k families', () => {
    const rows = [
      ...many(11, { school: 'Alder' }),
      row({ school: 'Alder', language: 'fa', home: 'fa' }),
      ...many(4, { school: 'Birch', band: '6-8' }),
    ]
    const out = kAnonymize(rows, PLAN, 10)
    const alder = out.rows.slice(0, 12)
    // Every Alder family alike: language and home language blank for all twelve, not just for the one who speaks Farsi.
    expect(new Set(alder.map((r) => JSON.stringify(r))).size).toBe(1)
    expect(alder[0]).toEqual({ role: 'family', instrument: 'family-ana', school: 'Alder', region: 'North', day: '2026-09-08', language: null, home: null, band: '3-5' })
    // Four families at Birch: under k in the school, in the region and in the district, so withheld.
    expect(out.rows.slice(12)).toEqual([null, null, null, null])
    expect(out.groupSizes).toEqual([...Array(12).fill(12), 0, 0, 0, 0])
  })

  it('pools small schools of one region with the school blanked and the region kept', () => {
    const rows = [...many(4, { school: 'Birch' }), ...many(6, { school: 'Cedar' }), ...many(3, { school: 'Pine' })]
    const out = kAnonymize(rows, PLAN, 10)
    expect(out.rows.slice(0, 10).every((r) => r?.school === null && r.region === 'North' && r.band === '3-5')).toBe(true)
    expect(out.levels[0]).toMatchObject({ nested: 1 })
    // Three in the South: no region pool reaches k, nor the district one (the North's ten were shown already).
    expect(out.rows.slice(10)).toEqual([null, null, null])
  })

  it('joins what is left of every region in the district when each region is short', () => {
    const rows = [...many(5, { school: 'Birch' }), ...many(5, { school: 'Pine' })]
    const out = kAnonymize(rows, PLAN, 10)
    expect(out.rows.every((r) => r?.school === null && r.region === null)).toBe(true)
    expect(out.levels[0]).toMatchObject({ nested: 2 })
  })

  it('gives a multi-select answer the category figures count it in before blanking it', () => {
    // Ten and ten alike: the exact answers can stay.
    const exact = kAnonymize([...many(10, { school: 'Alder', home: 'es;en' }), ...many(10, { school: 'Alder', home: 'es;ko' })], PLAN, 10)
    expect(exact.rows.map((r) => r?.home)).toEqual([...Array(10).fill('es;en'), ...Array(10).fill('es;ko')])
    // Nine and one: both are 'multiple', as the breakdowns count them.
    const mixed = kAnonymize([...many(9, { school: 'Alder', home: 'es;en' }), row({ school: 'Alder', home: 'es;ko' })], PLAN, 10)
    expect(mixed.rows.map((r) => r?.home)).toEqual(Array(10).fill('multiple'))
    expect(mixed.levels[0]).toEqual({ nested: 0, ladders: [0, 0, 1, 0] })
    // Nine 'multiple' and one 'es': blank for all ten.
    const blanked = kAnonymize([...many(9, { school: 'Alder', home: 'es;en' }), row({ school: 'Alder', home: 'es' })], PLAN, 10)
    expect(blanked.rows.map((r) => r?.home)).toEqual(Array(10).fill(null))
  })

  it('gives detail back to the later-listed columns first: the grade band before the language', () => {
    // Ten rows: two languages, two bands, each alone a 5/5 split; so only one of language and band can stay.
    const rows = [...many(5, { school: 'Alder', language: 'es', band: '3-5', day: '2026-09-08' }), ...many(5, { school: 'Alder', language: 'ko', band: '6-8', day: '2026-09-09' })]
    const out = kAnonymize(rows, PLAN, 10)
    expect(out.rows[0]).toMatchObject({ band: null, home: 'es', language: null, day: '2026-W37' })
    const k5 = kAnonymize(rows, PLAN, 5)
    expect(k5.rows[0]).toMatchObject({ band: '3-5', language: 'es', day: '2026-09-08' })
    // With k = 6 no split survives; with a shared band, the band stays and the rest goes.
    const shared = [...many(5, { school: 'Alder', language: 'es' }), ...many(5, { school: 'Alder', language: 'ko', day: '2026-09-14' })]
    expect(kAnonymize(shared, PLAN, 6).rows[0]).toMatchObject({ band: '3-5', home: 'es', language: null, day: 'window' })
  })

  it('moves a whole school block up when one of its instruments has fewer than k rows, and withholds only those in the pool', () => {
    const rows = [...many(12, { school: 'Alder', role: 'student', instrument: 'student-ana' }), ...many(3, { school: 'Alder', role: 'student', instrument: 'student-ana-elementary' })]
    const out = kAnonymize(rows, PLAN, 10)
    // Shown at the school, the twelve would leave the school's student figure minus its rows at three: all move up.
    expect(out.rows.slice(0, 12).every((r) => r !== null && r.school === null && r.region === 'North')).toBe(true)
    expect(out.rows.slice(12)).toEqual([null, null, null])
  })

  it('generalises each release once: a later one leaves the rows before it as they were and never shows a block more finely', () => {
    const first = [...many(11, { school: 'Alder' }), row({ school: 'Alder', language: 'fa', home: 'fa' })]
    const second = [...many(10, { school: 'Alder', batch: 2 }), ...many(10, { school: 'Alder', language: 'fa', home: 'fa', batch: 2 })]
    const before = kAnonymize(first, PLAN, 10)
    const after = kAnonymize([...first, ...second], PLAN, 10)
    expect(after.rows.slice(0, 12)).toEqual(before.rows)
    // On its own the second release could show language and home language (ten and ten); Alder blanked them before.
    expect(kAnonymize(second, PLAN, 10).rows[19]).toMatchObject({ language: 'fa', home: 'fa' })
    expect(after.rows.slice(12).every((r) => r?.language === null && r.home === null && r.band === '3-5')).toBe(true)
    expect(after.groupSizes[0]).toBe(32)
  })

  it('keeps a school blanked in later releases once a release blanked it', () => {
    const first = many(4, { school: 'Birch' })
    const second = many(10, { school: 'Birch', batch: 2 })
    const out = kAnonymize([...first, ...second], PLAN, 10)
    expect(out.rows.slice(0, 4)).toEqual([null, null, null, null])
    // Ten at Birch could show the school; shown, the school's family figure minus these rows would be the first four.
    expect(out.rows.slice(4).every((r) => r?.school === null && r.region === null)).toBe(true)
  })

  it('gives the same answer whatever the order of its input', () => {
    const rows = [...many(11, { school: 'Alder' }), row({ school: 'Alder', language: 'fa' }), ...many(6, { school: 'Birch' }), ...many(5, { school: 'Cedar', band: '6-8' })]
    const out = kAnonymize(rows, PLAN, 5)
    const reversed = kAnonymize([...rows].reverse(), PLAN, 5)
    expect([...reversed.rows].reverse()).toEqual(out.rows)
    expect([...reversed.groupSizes].reverse()).toEqual(out.groupSizes)
  })
})

// Property tests over random tables of the export's shape.
const person = fc.record({
  school: fc.constantFrom('Alder', 'Birch', 'Cedar', 'Pine', 'Oak'),
  role: fc.constantFrom('family', 'staff', 'student'),
  twoInstruments: fc.boolean(),
  day: fc.constantFrom('2026-09-07', '2026-09-08', '2026-09-15'),
  language: fc.constantFrom('es', 'en', 'fa'),
  home: fc.constantFrom('es', 'en', 'es;en', 'fa;en', null),
  band: fc.constantFrom('3-5', '6-8', null),
  batch: fc.integer({ min: 1, max: 3 }),
})
const table = fc.array(person, { maxLength: 120 }).map((people) =>
  people.map((p) => row({ ...p, instrument: p.role === 'student' && p.twoInstruments ? 'student-ana-elementary' : `${p.role}-ana` })),
)
const kArb = fc.integer({ min: 1, max: 8 })
/** Fewer schools and roles, so that school blocks reach k in several releases and their levels can be compared. */
const crowded = fc
  .array(person.map((p) => ({ ...p, school: p.school < 'C' ? 'Alder' : 'Pine', role: p.role === 'staff' ? 'staff' : 'family' })), { minLength: 20, maxLength: 150 })
  .map((people) => people.map((p) => row(p)))

/** A row's values as its levels say they are shown: the ladder steps applied to its own input. */
function expected(input: KRow, level: { nested: number; ladders: number[] }): Record<string, QiValue> {
  const out: Record<string, QiValue> = { role: input.values.role, instrument: input.values.instrument }
  PLAN.nested.forEach((c, i) => (out[c] = i < level.nested ? null : input.values[c]))
  PLAN.ladders.forEach((q, j) => {
    const original = q.columns.map((c) => input.values[c])
    const shown = level.ladders[j] === 0 ? original : q.ladder[level.ladders[j] - 1](original).map((v, i) => (original[i] === null ? null : v))
    q.columns.forEach((c, i) => (out[c] = shown[i]))
  })
  return out
}

describe('kAnonymize (property)', () => {
  it('leaves every group over all quasi-identifiers with at least k rows, or nothing shown', () => {
    fc.assert(
      fc.property(fc.oneof(table, crowded), kArb, (rows, k) => {
        const out = kAnonymize(rows, PLAN, k)
        const counts = groups(out.rows)
        for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(k)
        out.rows.forEach((r, i) => expect(out.groupSizes[i]).toBe(r ? counts.get(JSON.stringify(COLUMNS.map((c) => r[c]))) : 0))
      }),
      { numRuns: 300 },
    )
  })

  it('shows each row as a generalisation of itself, one output per input row, none made up or repeated', () => {
    fc.assert(
      fc.property(fc.oneof(table, crowded), kArb, (rows, k) => {
        const out = kAnonymize(rows, PLAN, k)
        expect(out.rows).toHaveLength(rows.length)
        expect(out.levels).toHaveLength(rows.length)
        out.rows.forEach((r, i) => {
          const level = out.levels[i]
          expect(level === null).toBe(r === null)
          if (r && level) expect(r).toEqual(expected(rows[i], level))
        })
      }),
      { numRuns: 300 },
    )
  })

  it('treats every row of a school block in one release alike, and never shows a block more finely in a later release', () => {
    fc.assert(
      fc.property(fc.oneof(table, crowded), kArb, (rows, k) => {
        const out = kAnonymize(rows, PLAN, k)
        // Per school and role, per release: how each row was shown (a withheld row counts as the coarsest).
        const byBlock = new Map<string, Map<number, { depth: number; ladders: number[] }[]>>()
        rows.forEach((r, i) => {
          const key = JSON.stringify([r.values.school, r.values.role])
          const releases = byBlock.get(key) ?? new Map()
          releases.set(r.batch, [...(releases.get(r.batch) ?? []), { depth: out.levels[i]?.nested ?? PLAN.nested.length, ladders: out.levels[i]?.ladders ?? [] }])
          byBlock.set(key, releases)
        })
        for (const releases of byBlock.values()) {
          const ordered = [...releases].sort(([a], [b]) => a - b).map(([, shown]) => shown)
          for (const shown of ordered) {
            // At the school all alike; otherwise none at the school.
            if (shown.some((s) => s.depth === 0)) expect(new Set(shown.map((s) => JSON.stringify(s))).size).toBe(1)
          }
          ordered.forEach((earlier, j) => {
            for (const later of ordered.slice(j + 1)) {
              expect(Math.min(...later.map((s) => s.depth))).toBeGreaterThanOrEqual(Math.max(...earlier.map((s) => s.depth)))
              // Still at the school in both: every ladder at least as coarse as before.
              if (earlier[0].depth === 0 && later[0].depth === 0) earlier[0].ladders.forEach((l, q) => expect(later[0].ladders[q]).toBeGreaterThanOrEqual(l))
            }
          })
        }
      }),
      { numRuns: 300 },
    )
  })

  it('is deterministic, and the same whatever the order of its input', () => {
    fc.assert(
      fc.property(
        table.chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows.map((_, i) => i), { minLength: rows.length, maxLength: rows.length }))),
        kArb,
        ([rows, order], k) => {
          const out = kAnonymize(rows, PLAN, k)
          expect(kAnonymize(rows, PLAN, k)).toEqual(out)
          const shuffled = kAnonymize(order.map((i) => rows[i]), PLAN, k)
          order.forEach((i, j) => {
            expect(shuffled.rows[j]).toEqual(out.rows[i])
            expect(shuffled.groupSizes[j]).toBe(out.groupSizes[i])
          })
        },
      ),
      { numRuns: 200 },
    )
  })

  it('leaves the rows of earlier releases as they were when a later release is added', () => {
    fc.assert(
      fc.property(fc.oneof(table, crowded), kArb, (rows, k) => {
        const last = Math.max(0, ...rows.map((r) => r.batch))
        const earlier = rows.filter((r) => r.batch < last)
        const before = kAnonymize(earlier, PLAN, k)
        const after = kAnonymize(rows, PLAN, k)
        const kept = rows.flatMap((r, i) => (r.batch < last ? [after.rows[i]] : []))
        expect(kept).toEqual(before.rows)
      }),
      { numRuns: 200 },
    )
  })
})
