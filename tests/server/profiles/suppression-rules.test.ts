import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { safeCategories, shownCategories } from '../../../server/disclosure/categories'
import { mixedItemSets } from '../../../server/disclosure/item-sets'
import { itemFigures } from '../../../server/profiles/distributions'

const K = 10
const band = (key: string, students: number, staff = 0) => ({ key, n: students + staff, parts: { '*': students + staff, student: students, ...(staff ? { staff } : {}) } })

describe('complementary suppression across the categories of a breakdown', () => {
  it('withholds a category when the whole minus every shown category would leave 1 to k − 1 people', () => {
    // 21 students: 10 in 6-8, 10 in 9-12, 1 who preferred not to say. Each band alone leaves 11, but both shown
    // together leave the one student, whose figure is the role's figure minus both bands.
    expect(safeCategories([band('6-8', 10), band('9-12', 10)], { '*': 21, student: 21 }, K)).toEqual(new Set(['9-12']))
    // Nobody left over, or k or more: both shown.
    expect(safeCategories([band('6-8', 10), band('9-12', 10)], { '*': 20, student: 20 }, K)).toEqual(new Set(['6-8', '9-12']))
    expect(safeCategories([band('6-8', 10), band('9-12', 10)], { '*': 30, student: 30 }, K)).toEqual(new Set(['6-8', '9-12']))
  })

  it('checks every whole a category splits, each role as well as the school', () => {
    // 6-8 has 10 students and 2 staff: the pooled band minus the students' band (a comparison view) would give the
    // 2 staff, so it is withheld even though the school's rest would be fine.
    expect(safeCategories([band('6-8', 10, 2), band('9-12', 12)], { '*': 24, student: 22, staff: 2 }, K)).toEqual(new Set(['9-12']))
    // 9-12's 12 staff leave 3 of the 15 staff outside every shown band.
    expect(safeCategories([band('6-8', 12), band('9-12', 0, 12)], { '*': 27, student: 12, staff: 15 }, K)).toEqual(new Set(['6-8']))
  })

  it('gives the profile and the comparison the same answer from role parts and role totals', () => {
    // 20 families (10 Spanish, 10 English) and 23 students (3 Spanish, 10 English, 10 who did not say). Spanish
    // pooled (13) with the families' figure and English would give the 3 students: the family figure minus English
    // is the Spanish families.
    const parts = [
      { role: 'family', value: 'es', n: 10 },
      { role: 'student', value: 'es', n: 3 },
      { role: 'family', value: 'en', n: 10 },
      { role: 'student', value: 'en', n: 10 },
    ]
    expect(shownCategories(parts, { family: 20, student: 23, staff: 0 }, K)).toEqual(new Set(['en']))
    expect(shownCategories(parts.filter((p) => p.n !== 3), { family: 20, student: 20, staff: 0 }, K)).toEqual(new Set(['en', 'es']))
    // A role under k (3 students, all Spanish) is pooled in no category, as in no all-voices figure: whether it has
    // 0 or 3 people changes nothing shown.
    expect(shownCategories(parts.slice(0, 3), { family: 20, student: 3, staff: 0 }, K)).toEqual(new Set(['en', 'es']))
    expect(shownCategories(parts.filter((p) => p.role === 'family'), { family: 20, student: 0, staff: 0 }, K)).toEqual(new Set(['en', 'es']))
  })

  it('never leaves a whole with 1 to k − 1 people outside the shown categories (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ students: fc.nat({ max: 30 }), staff: fc.nat({ max: 6 }) }), { maxLength: 5 }), fc.nat({ max: 12 }), fc.nat({ max: 12 }), (bands, restStudents, restStaff) => {
        const categories = bands.map((b, i) => band(`b${i}`, b.students, b.staff))
        const wholes = {
          '*': categories.reduce((s, c) => s + c.n, 0) + restStudents + restStaff,
          student: bands.reduce((s, b) => s + b.students, 0) + restStudents,
          staff: bands.reduce((s, b) => s + b.staff, 0) + restStaff,
        }
        const shown = safeCategories(categories, wholes, K)
        for (const [whole, total] of Object.entries(wholes)) {
          const taken = categories.filter((c) => shown.has(c.key)).reduce((s, c) => s + ((c.parts as Record<string, number>)[whole] ?? 0), 0)
          const rest = total - taken
          if (taken > 0) expect(rest === 0 || rest >= K).toBe(true)
        }
        // Every cell a reader can isolate (a role's part of a shown category) is none or at least k.
        for (const c of categories.filter((c) => shown.has(c.key))) for (const n of Object.values(c.parts)) expect(n === 0 || n >= K).toBe(true)
      }),
    )
  })
})

describe('item distributions', () => {
  const worry = (counts: Record<string, number>) =>
    Object.entries(counts).map(([choice, n]) => ({ itemId: 'food.worry', domain: 'food-security', measures: 'need', role: 'family', choice, n, unscored: choice === 'pns' }))

  it('withholds a distribution whose scored answers are 1 to k − 1, since they are the withheld domain figure', () => {
    // 12 families answered, 3 preferred not to say: the other 9 have the family's food-security score, withheld
    // under k, and the shares would give its n (9) and mean.
    const [figure] = itemFigures(worry({ often: 4, sometimes: 3, never: 2, pns: 3 }), K)
    expect(figure.distribution).toMatchObject({ shown: false, reason: 'fewer-than-k', message: expect.stringContaining('rest of the group') })
  })

  it('shows it when the scored answers are none or at least k', () => {
    expect(itemFigures(worry({ often: 5, sometimes: 3, never: 2, pns: 2 }), K)[0].distribution).toEqual({ shown: true, n: 12, shares: { often: 41.7, sometimes: 25, never: 16.7, pns: 16.7 } })
    expect(itemFigures(worry({ pns: 10 }), K)[0].distribution).toEqual({ shown: true, n: 10, shares: { pns: 100 } })
    expect(itemFigures(worry({ often: 5, pns: 2 }), K)[0].distribution).toMatchObject({ shown: false, message: expect.stringContaining('Fewer than 10') })
  })

  it('withholds the distributions of a domain whose respondents scored on different sets of its items, one under k', () => {
    // 25 families scored on both food items and 5 on the first only: the domain mean and the two distributions
    // would give the mean of the 5.
    const sets = (both: number, firstOnly: number) => [
      { role: 'family', domain: 'food-security', measures: 'need', n: both },
      { role: 'family', domain: 'food-security', measures: 'need', n: firstOnly },
      { role: 'student', domain: 'food-security', measures: 'need', n: 4 },
    ]
    expect(mixedItemSets(sets(25, 5), K)).toEqual(new Set(['family|food-security|need']))
    expect(mixedItemSets(sets(25, 10), K)).toEqual(new Set())
    const rows = [...worry({ often: 12, never: 13 }), ...worry({ sometimes: 5 })]
    expect(itemFigures(rows, K, mixedItemSets(sets(25, 5), K))[0].distribution).toMatchObject({ shown: false, message: expect.stringContaining('rest of the group') })
  })
})
