import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { band, countFigure, discloseSchoolCounts, hideSmall, runningBands, type Count } from '../../../server/disclosure/counts'
import { dayRanges } from '../../helpers/bands'
import { integerRange, linear, type IntegerProgram, type Linear } from '../../helpers/integer-bounds'

const K = 5

describe('hideSmall', () => {
  it.each([
    [[], 5, false, []],
    [[12, 20], 5, false, [false, false]],
    [[5, 5], 5, false, [false, false]],
    // One small count would be the total minus the rest: its smallest neighbour goes with it.
    [[3, 20], 5, false, [true, true]],
    [[3, 20, 40], 5, false, [true, true, false]],
    // Two small ones holding at least k between them are enough.
    [[3, 4, 20], 5, false, [true, true, false]],
    // Two small ones holding fewer than k: one more.
    [[1, 2, 30, 40], 5, false, [true, true, true, false]],
    [[40, 2, 30, 1], 5, false, [false, true, true, true]],
    [[0, 7, 9], 5, false, [true, true, false]],
    [[0, 0, 0], 5, false, [true, true, true]],
    [[4], 5, false, [true]],
    // Two '<5' holding 8: the total minus the rest (8) would pin both at 4, so one more goes.
    [[4, 4, 20], 5, false, [true, true, true]],
    [[4, 4, 20, 30], 5, false, [true, true, true, false]],
    [[9, 9, 50], 10, false, [true, true, true]],
    // Forced: at least two hidden, holding at least k.
    [[10, 20, 30], 5, true, [true, true, false]],
    [[1, 20, 30], 5, true, [true, true, false]],
    [[14], 5, true, [true]],
    [[], 5, true, []],
  ] as [number[], number, boolean, boolean[]][])('hideSmall(%j, %i, %s) is %j', (counts, k, force, hidden) => {
    expect(hideSmall(counts, k, force)).toEqual(hidden)
  })

  it('never leaves a single hidden count to be read off the total, hides at least k people or everything, and never pins a <k (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 5, max: 20 }), fc.boolean(), (counts, k, force) => {
        const hidden = hideSmall(counts, k, force)
        expect(hidden).toHaveLength(counts.length)
        const hiddenIdx = counts.flatMap((_, i) => (hidden[i] ? [i] : []))
        const shownSum = counts.reduce((sum, n, i) => sum + (hidden[i] ? 0 : n), 0)
        const total = counts.reduce((a, b) => a + b, 0)
        // Every count under k is hidden; forced, something is.
        counts.forEach((n, i) => n < k && expect(hidden[i]).toBe(true))
        if (force) expect(hiddenIdx.length).toBeGreaterThan(0)
        if (hiddenIdx.length === 0) return
        // Total minus the shown ones gives only the sum of the hidden ones: never one count alone, unless there is
        // only one count (then it is the total, and hidden only when the total is).
        if (counts.length > 1) expect(hiddenIdx.length).toBeGreaterThanOrEqual(2)
        const hiddenSum = total - shownSum
        // The hidden ones hold at least k people, or all are hidden.
        if (hiddenIdx.length < counts.length) expect(hiddenSum).toBeGreaterThanOrEqual(k)
        // With the total known, each hidden count marked '<k' ranges over more than one value (or is pinned at 0).
        if (hiddenIdx.length < counts.length) {
          for (const i of hiddenIdx.filter((j) => counts[j] < k)) {
            const range = hiddenRange(hiddenIdx.map((j) => (counts[j] < k ? 'under' : 'complement')), hiddenIdx.indexOf(i), hiddenSum, k)
            expect(range.min === range.max && range.min > 0, `${JSON.stringify(counts)}: count ${i} pinned at ${range.min}`).toBe(false)
          }
        }
        // Only what is needed: the counts hidden besides the small ones are the smallest of the rest.
        const extra = hiddenIdx.filter((i) => counts[i] >= k)
        const shown = counts.filter((_, i) => !hidden[i])
        for (const i of extra) for (const n of shown) expect(counts[i]).toBeLessThanOrEqual(n)
      }),
      { numRuns: 3000, seed: 7 },
    )
  })
})

/** What a reader knows of one hidden count, knowing their sum and which are '<k' and which k or more. */
function hiddenRange(kinds: ('under' | 'complement')[], i: number, sum: number, k: number): { min: number; max: number } {
  const others = kinds.filter((_, j) => j !== i)
  const othersMin = others.reduce((s, kind) => s + (kind === 'under' ? 0 : k), 0)
  const othersMax = others.some((kind) => kind === 'complement') ? Infinity : others.length * (k - 1)
  const [lo, hi] = kinds[i] === 'under' ? [0, k - 1] : [k, Infinity]
  return { min: Math.max(lo, sum - othersMax), max: Math.min(hi, sum - othersMin) }
}

const ROLES = ['student', 'family', 'staff'] as const
const LANGS = ['en', 'es', 'ko', 'ar'] as const

describe('discloseSchoolCounts', () => {
  const shown = (roles: Record<string, number>, offered: string[], languages: Record<string, number>, k = K) => discloseSchoolCounts({ roles, offered, languages }, k)

  it('shows everything when every count is k or more, the total included', () => {
    expect(shown({ student: 0, family: 12, staff: 7 }, ['family', 'staff'], { en: 14, es: 5 })).toEqual({
      total: { n: 19 },
      roles: { student: { n: 0 }, family: { n: 12 }, staff: { n: 7 } },
      languages: { en: { n: 14 }, es: { n: 5 } },
    })
  })

  it("hides a small role with its smallest neighbour and then the total, and the languages with them (their sum is the total)", () => {
    expect(shown({ student: 0, family: 17, staff: 2 }, ['family', 'staff'], { en: 19 })).toEqual({
      total: { hidden: 'complement' },
      roles: { student: { n: 0 }, family: { hidden: 'complement' }, staff: { under: K } },
      languages: { en: { hidden: 'complement' } },
    })
    expect(shown({ student: 0, family: 17, staff: 2 }, ['family', 'staff'], { en: 12, es: 7 })).toEqual({
      total: { hidden: 'complement' },
      roles: { student: { n: 0 }, family: { hidden: 'complement' }, staff: { under: K } },
      languages: { en: { hidden: 'complement' }, es: { hidden: 'complement' } },
    })
  })

  it('leaves roles and the total shown when only languages hide: the total is then the sum of shown roles', () => {
    expect(shown({ student: 0, family: 8, staff: 6 }, ['family', 'staff'], { en: 11, es: 3 })).toEqual({
      total: { n: 14 },
      roles: { student: { n: 0 }, family: { n: 8 }, staff: { n: 6 } },
      languages: { en: { hidden: 'complement' }, es: { under: K } },
    })
  })

  it("counts an offered role's zero as small (nobody may learn that nobody answered), but not a role nobody could answer as", () => {
    expect(shown({ student: 0, family: 30, staff: 12 }, ['student', 'family', 'staff'], { en: 42 }).roles).toEqual({
      student: { under: K },
      family: { n: 30 },
      staff: { hidden: 'complement' },
    })
    expect(shown({ student: 0, family: 30, staff: 12 }, ['family', 'staff'], { en: 42 }).roles).toEqual({ student: { n: 0 }, family: { n: 30 }, staff: { n: 12 } })
    // Responses of a role no longer offered still take part.
    expect(shown({ student: 3, family: 30, staff: 12 }, ['family', 'staff'], { en: 45 }).roles.student).toEqual({ under: K })
  })

  it('withholds a total under k, and everything in it', () => {
    expect(shown({ student: 0, family: 3, staff: 0 }, ['family', 'staff'], { en: 0, es: 3 })).toEqual({
      total: { under: K },
      roles: { student: { n: 0 }, family: { under: K }, staff: { under: K } },
      languages: { en: { under: K }, es: { under: K } },
    })
    expect(shown({ student: 0, family: 0, staff: 0 }, [], { en: 0 }).total).toEqual({ under: K })
  })

  it('gives the profile the same decision in its withheld shape', () => {
    expect(countFigure({ n: 12 }, 10)).toEqual({ shown: true, n: 12 })
    expect(countFigure({ under: 10 }, 10)).toEqual({ shown: false, reason: 'fewer-than-k', message: 'Fewer than 10 people answered, so this figure is withheld to protect their privacy.' })
    expect(countFigure({ hidden: 'complement' }, 10)).toEqual({ shown: false, reason: 'fewer-than-k', message: 'Withheld so that the rest of the group (fewer than 10 people) cannot be worked out.' })
  })

  const school = fc.record({
    counts: fc.array(fc.array(fc.oneof(fc.constant(0), fc.nat({ max: 6 }), fc.nat({ max: 25 })), { minLength: LANGS.length, maxLength: LANGS.length }), {
      minLength: ROLES.length,
      maxLength: ROLES.length,
    }),
    offered: fc.subarray([...ROLES]),
  })
  const input = ({ counts, offered }: { counts: number[][]; offered: string[] }) => {
    // A role nobody is offered has no responses.
    const cells = counts.map((row, r) => (offered.includes(ROLES[r]) ? row : row.map(() => 0)))
    return {
      cells,
      roles: Object.fromEntries(ROLES.map((role, r) => [role, cells[r].reduce((a, b) => a + b, 0)])),
      languages: Object.fromEntries(LANGS.map((l, j) => [l, cells.reduce((sum, row) => sum + row[j], 0)])),
      offered,
    }
  }

  it('never shows a count under k, shows the total only beside shown roles, and keeps each partition hidden in twos holding k (property)', () => {
    fc.assert(
      fc.property(school, (s) => {
        const { roles, languages, offered } = input(s)
        const out = discloseSchoolCounts({ roles, offered, languages }, K)
        const total = Object.values(roles).reduce((a, b) => a + b, 0)
        const check = (whole: Record<string, number>, shownAs: Record<string, Count>, partition: string[]) => {
          for (const key of Object.keys(whole)) {
            const c = shownAs[key]
            if ('n' in c) expect(c.n).toBe(whole[key])
            if ('n' in c && partition.includes(key)) expect(c.n === 0 || c.n >= K).toBe(true)
            if ('under' in c) expect(whole[key]).toBeLessThan(K)
            if ('hidden' in c) expect(whole[key]).toBeGreaterThanOrEqual(K)
          }
          const hidden = partition.filter((key) => !('n' in shownAs[key]))
          if (hidden.length > 0 && hidden.length < partition.length) {
            expect(hidden.length).toBeGreaterThanOrEqual(2)
            expect(hidden.reduce((sum, key) => sum + whole[key], 0)).toBeGreaterThanOrEqual(K)
          }
        }
        const partition = ROLES.filter((r) => offered.includes(r) || roles[r] > 0)
        check(roles, out.roles, partition)
        check(languages, out.languages, [...LANGS])
        ROLES.filter((r) => !partition.includes(r)).forEach((r) => expect(out.roles[r]).toEqual({ n: 0 }))
        const rolesHide = partition.some((r) => !('n' in out.roles[r]))
        if ('n' in out.total) {
          expect(out.total.n).toBe(total)
          expect(rolesHide).toBe(false)
        } else {
          expect(out.total).toEqual(total < K ? { under: K } : { hidden: 'complement' })
        }
        // Roles hidden, total hidden: then the languages cannot all be shown, or they would add up to it.
        if (rolesHide) expect(LANGS.some((l) => !('n' in out.languages[l]))).toBe(true)
      }),
      { numRuns: 2000, seed: 11 },
    )
  })

  it('pins no count of 1 to k − 1 people, by role or language, from everything shown together and every role of k or more (exact solver, property)', () => {
    fc.assert(
      fc.property(school, (s) => {
        const { cells, roles, languages, offered } = input(s)
        const out = discloseSchoolCounts({ roles, offered, languages }, K)
        // One unknown per role and language; every shown figure a constraint over them.
        const x = (r: number, j: number) => `x_${r}_${j}`
        const program: IntegerProgram = { variables: new Map(), constraints: [] }
        ROLES.forEach((_, r) => LANGS.forEach((_, j) => program.variables.set(x(r, j), 200)))
        const constrain = (expression: Linear, c: Count, label: string) => {
          if ('n' in c) program.constraints.push({ expression, lower: c.n, upper: c.n, label })
          else if ('under' in c) program.constraints.push({ expression, lower: 0, upper: K - 1, label })
          else program.constraints.push({ expression, lower: K, upper: Infinity, label })
        }
        const roleSum = (r: number) => linear(LANGS.map((_, j) => [x(r, j), 1]))
        const langSum = (j: number) => linear(ROLES.map((_, r) => [x(r, j), 1]))
        const all = linear(ROLES.flatMap((_, r) => LANGS.map((_, j): [string, number] => [x(r, j), 1])))
        constrain(all, out.total, 'total')
        ROLES.forEach((role, r) => constrain(roleSum(r), out.roles[role], role))
        LANGS.forEach((l, j) => constrain(langSum(j), out.languages[l], l))
        // The reader also knows the rule: when a partition shows some counts and hides others, the hidden hold k.
        const partitions: [string[], Record<string, Count>, (name: string) => Linear][] = [
          [ROLES.filter((r) => offered.includes(r) || roles[r] > 0), out.roles, (role) => roleSum(ROLES.indexOf(role as (typeof ROLES)[number]))],
          [[...LANGS], out.languages, (l) => langSum(LANGS.indexOf(l as (typeof LANGS)[number]))],
        ]
        for (const [names, shownAs, sum] of partitions) {
          const hidden = names.filter((name) => !('n' in shownAs[name]))
          if (hidden.length > 0 && hidden.length < names.length) {
            program.constraints.push({ expression: linear(hidden.flatMap((name) => [...sum(name)])), lower: K, upper: Infinity, label: 'hidden hold k' })
          }
        }
        // Granted more than the report shows: every role count of k or more exactly, as a domain figure's n in the
        // profile (nearly every respondent of the role) stands in for it.
        ROLES.forEach((role, r) => {
          if (roles[role] >= K) program.constraints.push({ expression: roleSum(r), lower: roles[role], upper: roles[role], label: `${role} from the profile` })
        })
        const truths: [string, Linear, number][] = [
          ['total', all, cells.flat().reduce((a, b) => a + b, 0)],
          ...ROLES.map((role, r): [string, Linear, number] => [role, roleSum(r), roles[role]]),
          ...LANGS.map((l, j): [string, Linear, number] => [l, langSum(j), languages[l]]),
        ]
        for (const [name, expression, truth] of truths) {
          if (truth < 1 || truth >= K) continue
          const range = integerRange(program, expression)
          expect(range.min < range.max, `${name} (${truth}) pinned in ${JSON.stringify(s)}`).toBe(true)
        }
      }),
      { numRuns: 150, seed: 13 },
    )
  })
})

describe('band', () => {
  it.each([
    [0, 10, { from: 0, to: 9 }],
    [9, 10, { from: 0, to: 9 }],
    [10, 10, { from: 10, to: 19 }],
    [101, 10, { from: 100, to: 109 }],
    [7, 5, { from: 5, to: 9 }],
  ])('band(%i, %i) is %j', (n, k, expected) => {
    expect(band(n, k)).toEqual(expected)
  })

  it('holds the count, is k wide and starts on a multiple of k (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.integer({ min: 5, max: 50 }), (n, k) => {
        const b = band(n, k)
        expect(b.from <= n && n <= b.to).toBe(true)
        expect(b.to - b.from + 1).toBe(k)
        expect(b.from % k).toBe(0)
      }),
    )
  })
})

describe('runningBands', () => {
  it('bands the running total of each day', () => {
    expect(runningBands([1, 0, 3, 2, 9, 0], 5)).toEqual([
      { from: 0, to: 4 },
      { from: 0, to: 4 },
      { from: 0, to: 4 },
      { from: 5, to: 9 },
      { from: 15, to: 19 },
      { from: 15, to: 19 },
    ])
    expect(runningBands([], 5)).toEqual([])
  })

  it("pins no day's count of 1 to k − 1, even beside exact totals at release cuts whose steps are 0 or k or more (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(0), fc.nat({ max: 12 }), fc.nat({ max: 40 })), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 5, max: 12 }),
        fc.array(fc.nat({ max: 39 }), { maxLength: 5 }),
        (perDay, k, cuts) => {
          const bands = runningBands(perDay, k)
          const running = perDay.map((_, i) => perDay.slice(0, i + 1).reduce((a, b) => a + b, 0))
          // Cuts the reader knows exactly: kept only where each step from the one before is 0 or at least k (the
          // release rule); the last day, the window's end, is granted too when its step qualifies.
          const exact = new Map<number, number>()
          let previous = 0
          for (const day of [...new Set([...cuts.filter((c) => c < perDay.length), perDay.length - 1])].sort((a, b) => a - b)) {
            const step = running[day] - previous
            if (step === 0 || step >= k) {
              exact.set(day, running[day])
              previous = running[day]
            }
          }
          dayRanges(bands, exact).forEach((range, i) => {
            expect(range.min <= perDay[i] && perDay[i] <= range.max).toBe(true)
            expect(range.min === range.max && range.min > 0 && range.min < k, `day ${i} of ${JSON.stringify(perDay)} pinned at ${range.min}`).toBe(false)
          })
        },
      ),
      { numRuns: 3000, seed: 17 },
    )
  })
})
