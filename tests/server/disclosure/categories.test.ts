import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { breakdownCategories, MULTIPLE, pooledRoles, shownCategories, type ContextQuestion } from '../../../server/disclosure/categories'
import { withhold, withholdCategory } from '../../../server/disclosure/withheld'

const K = 10
const KINDS = ['grade-band', 'home-language', 'time-at-school']
const question = (kind: string, values: string[], multiSelect = false, version = 1): ContextQuestion => ({ version, kind, values, multiSelect })

describe('the categories of a breakdown, from the instrument', () => {
  it('lists every value the questions offer, without "prefer not to say", and "multiple" for a multi-select', () => {
    const categories = breakdownCategories(
      [question('home-language', ['es', 'en', 'ko', 'pns'], true), question('time-at-school', ['lt1', '1-2', 'pns']), question('open-text', [])],
      KINDS,
    )
    expect(categories).toEqual(
      new Map([
        ['home-language', ['en', 'es', 'ko', MULTIPLE]],
        ['time-at-school', ['1-2', 'lt1']],
      ]),
    )
  })

  it('merges the versions offered to each role, and adds "multiple" when one person may give two values', () => {
    // Students give one grade band (a radio group), families tick every band their children are in.
    const categories = breakdownCategories([question('grade-band', ['6-8', '9-12', 'pns'], false, 1), question('grade-band', ['tk-2', '3-5', '6-8', '9-12', 'pns'], true, 2)], KINDS)
    expect(categories.get('grade-band')).toEqual(['3-5', '6-8', '9-12', MULTIPLE, 'tk-2'])
    expect(breakdownCategories([question('grade-band', ['6-8', '9-12'])], KINDS).get('grade-band')).toEqual(['6-8', '9-12'])
    // Two single-choice questions of one kind in one version: a person can answer both differently.
    expect(breakdownCategories([question('grade-band', ['6-8']), question('grade-band', ['9-12'])], KINDS).get('grade-band')).toEqual(['6-8', '9-12', MULTIPLE])
    expect(breakdownCategories([question('grade-band', ['6-8'], false, 1), question('grade-band', ['9-12'], false, 2)], KINDS).get('grade-band')).toEqual(['6-8', '9-12'])
  })

  it('depends on the questions only, never on answers: the same list for any order of the questions (property)', () => {
    const values = fc.uniqueArray(fc.constantFrom('en', 'es', 'ko', 'vi', 'pns', '6-8', '9-12'), { maxLength: 6 })
    const arbitrary = fc.array(fc.record({ version: fc.integer({ min: 1, max: 3 }), kind: fc.constantFrom(...KINDS, 'staff-role'), values, multiSelect: fc.boolean() }), { maxLength: 6 })
    fc.assert(
      fc.property(arbitrary, (questions) => {
        const forward = breakdownCategories(questions, KINDS)
        expect(breakdownCategories([...questions].reverse(), KINDS)).toEqual(forward)
        for (const [kind, list] of forward) {
          expect(KINDS).toContain(kind)
          expect(list).not.toContain('pns')
          expect(new Set(list).size).toBe(list.length)
          for (const value of list.filter((v) => v !== MULTIPLE)) expect(questions.some((q) => q.kind === kind && (q.values as string[]).includes(value))).toBe(true)
          expect(list.includes(MULTIPLE)).toBe(questions.some((q) => q.kind === kind && (q.multiSelect || questions.filter((p) => p.kind === kind && p.version === q.version).length > 1)))
        }
      }),
    )
  })
})

describe('which roles a breakdown pools', () => {
  it('pools only the roles whose own figure is shown', () => {
    expect(pooledRoles({ student: 30, family: 9, staff: 0 }, K)).toEqual(new Set(['student']))
  })

  it('shows the same categories whether a role under k has 0 or k − 1 people, wherever they are (property)', () => {
    const cell = fc.nat({ max: 25 })
    fc.assert(
      fc.property(
        fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 4 }),
        fc.tuple(cell, cell),
        fc.array(fc.nat({ max: K - 1 }), { minLength: 5, maxLength: 5 }),
        (categories, rest, small) => {
          // Families and students as drawn; staff under k, spread over the categories and the rest in two ways.
          const parts = categories.flatMap(([families, students], i) => [
            { role: 'family', value: `c${i}`, n: families },
            { role: 'student', value: `c${i}`, n: students },
          ])
          const totals = {
            family: categories.reduce((s, [f]) => s + f, 0) + rest[0],
            student: categories.reduce((s, [, st]) => s + st, 0) + rest[1],
          }
          const staff = categories.map((_, i) => Math.min(small[i], K - 1 - small.slice(0, i).reduce((a, b) => a + b, 0))).map((n) => Math.max(0, n))
          const staffTotal = Math.min(K - 1, staff.reduce((a, b) => a + b, 0) + small[4])
          const withStaff = [...parts, ...staff.map((n, i) => ({ role: 'staff', value: `c${i}`, n }))]
          expect(shownCategories(withStaff, { ...totals, staff: staffTotal }, K)).toEqual(shownCategories(parts, { ...totals, staff: 0 }, K))
        },
      ),
    )
  })

  it('leaves no role part of a shown category, and no rest of a pooled role or of the school, at 1 to k − 1 (property)', () => {
    const cell = fc.nat({ max: 25 })
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 4 }), fc.tuple(cell, cell), (categories, rest) => {
        const parts = categories.flatMap(([families, students], i) => [
          { role: 'family', value: `c${i}`, n: families },
          { role: 'student', value: `c${i}`, n: students },
        ])
        const totals: Record<string, number> = { family: categories.reduce((s, [f]) => s + f, 0) + rest[0], student: categories.reduce((s, [, st]) => s + st, 0) + rest[1] }
        const shown = shownCategories(parts, totals, K)
        const pooled = pooledRoles(totals, K)
        const risky = (n: number) => n > 0 && n < K
        const taken = (role: string) => parts.filter((p) => p.role === role && shown.has(p.value)).reduce((s, p) => s + p.n, 0)
        for (const p of parts.filter((p) => shown.has(p.value) && pooled.has(p.role))) expect(risky(p.n)).toBe(false)
        for (const role of pooled) if (taken(role) > 0) expect(risky(totals[role] - taken(role))).toBe(false)
        const school = [...pooled].reduce((s, role) => s + totals[role], 0)
        const schoolTaken = [...pooled].reduce((s, role) => s + taken(role), 0)
        if (schoolTaken > 0) expect(risky(school - schoolTaken)).toBe(false)
        for (const value of shown) expect(parts.filter((p) => p.value === value && pooled.has(p.role)).reduce((s, p) => s + p.n, 0)).toBeGreaterThanOrEqual(K)
      }),
    )
  })
})

describe('a withheld category', () => {
  it('is one object whatever is behind it, and says nothing of its size', () => {
    expect(withholdCategory(K)).toEqual(withholdCategory(K))
    expect(withholdCategory(K)).toMatchObject({ shown: false, reason: withhold(0, K)!.reason })
    expect(withholdCategory(K).message).not.toMatch(/\d+ people answered|rest of the group/)
  })
})
