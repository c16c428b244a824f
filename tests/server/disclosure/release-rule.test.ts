import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { batchJoins, decideBatches, type Batch } from '../../../server/disclosure/release-rule'

const K = 10

describe('batchJoins', () => {
  it.each([
    [[10], true],
    [[10, 10, 12, 25], true],
    [[10, 0, 11], true],
    [[9], false],
    [[1], false],
    [[12, 12, 9], false],
    [[30, 1, 30], false],
    [[10, 10, 10, 5], false],
  ])('cells %j with k = 10 → %s', (cells, joins) => {
    expect(batchJoins(cells, K)).toBe(joins)
  })

  it('lets no empty batch join', () => {
    expect(batchJoins([], K)).toBe(false)
  })

  it('takes k from its argument: 5 people join at k = 5, not at k = 6', () => {
    expect(batchJoins([5, 7], 5)).toBe(true)
    expect(batchJoins([5, 7], 6)).toBe(false)
  })

  it('joins exactly when every cell gains none or at least k people (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 30 }), fc.array(fc.integer({ min: 0, max: 80 }), { minLength: 1, maxLength: 30 }), (k, cells) => {
        expect(batchJoins(cells, k)).toBe(cells.every((n) => n === 0 || n >= k))
        if (batchJoins(cells, k)) {
          // A joining batch still joins with k more people in every cell, and never with one cell of 1 to k − 1.
          expect(batchJoins(cells.map((n) => n + k), k)).toBe(true)
          expect(batchJoins([...cells, 1 + (cells.length % (k - 1))], k)).toBe(false)
        }
      }),
    )
  })
})

describe('decideBatches', () => {
  const batch = (schoolId: number, role: string, cells: number[]): Batch => ({ schoolId, role, cells })

  it("takes in the whole of a school's first release, cells under k and all", () => {
    const batches = [batch(1, 'family', [3, 1, 2]), batch(1, 'staff', [1]), batch(2, 'family', [12, 12])]
    expect(decideBatches(batches, new Set(), K)).toEqual([
      { schoolId: 1, role: 'family', joins: true },
      { schoolId: 1, role: 'staff', joins: true },
      { schoolId: 2, role: 'family', joins: true },
    ])
  })

  it('decides each role of a released school apart, by the rule', () => {
    const batches = [batch(1, 'family', [4, 4]), batch(1, 'staff', [10, 10, 0]), batch(2, 'student', [1]), batch(3, 'family', [11, 9])]
    expect(decideBatches(batches, new Set([1, 3]), K)).toEqual([
      { schoolId: 1, role: 'family', joins: false },
      { schoolId: 1, role: 'staff', joins: true },
      { schoolId: 2, role: 'student', joins: true },
      { schoolId: 3, role: 'family', joins: false },
    ])
  })

  it('decides nothing when nothing waits', () => {
    expect(decideBatches([], new Set([1]), K)).toEqual([])
  })

  /**
   * A district over many cuts: schools and roles get new people in each round, each touching some cells (a cell is
   * the index of a figure: respondents, a domain, an item, a language...). A waiting batch grows until it joins.
   * Whatever arrives, after a school's first release every figure of a release minus the same figure of the one
   * before describes none or at least k new people, also when the figure pools the roles (a breakdown, a language),
   * and no person is ever lost or counted twice.
   */
  it('changes every cell of a released school, per role and pooled over roles, by 0 or at least k between releases (property)', () => {
    const ROLES = ['student', 'family', 'staff']
    const CELLS = 6
    const arrival = fc.record({
      school: fc.integer({ min: 1, max: 3 }),
      role: fc.constantFrom(...ROLES),
      // How many new people each cell of the batch gains; cell 0 counts the respondents themselves.
      people: fc.integer({ min: 1, max: 14 }),
      touched: fc.array(fc.boolean(), { minLength: CELLS - 1, maxLength: CELLS - 1 }),
    })
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 12 }), fc.array(fc.array(arrival, { maxLength: 6 }), { minLength: 1, maxLength: 8 }), (k, rounds) => {
        const key = (school: number, role: string) => `${school} ${role}`
        const waiting = new Map<string, number[]>()
        const shown = new Map<string, number[]>()
        const released = new Set<number>()
        let arrived = 0
        for (const round of rounds) {
          for (const a of round) {
            const cells = waiting.get(key(a.school, a.role)) ?? Array<number>(CELLS).fill(0)
            cells[0] += a.people
            a.touched.forEach((touched, i) => {
              if (touched) cells[i + 1] += a.people
            })
            waiting.set(key(a.school, a.role), cells)
            arrived += a.people
          }
          // The cut: each waiting batch with the cells it touches (the repository lists only those, each at least 1).
          const batches = [...waiting].map(([id, cells]) => {
            const [school, role] = id.split(' ')
            return { schoolId: Number(school), role, cells: cells.filter((n) => n > 0) }
          })
          const before = new Map([...shown].map(([id, cells]) => [id, [...cells]]))
          const wasReleased = new Set(released)
          const decisions = decideBatches(batches, released, k)
          expect(decisions.map((d) => key(d.schoolId, d.role))).toEqual(batches.map((b) => key(b.schoolId, b.role)))
          for (const d of decisions) {
            if (!d.joins) continue
            const cells = waiting.get(key(d.schoolId, d.role))!
            const now = shown.get(key(d.schoolId, d.role)) ?? Array<number>(CELLS).fill(0)
            shown.set(key(d.schoolId, d.role), now.map((n, i) => n + cells[i]))
            waiting.delete(key(d.schoolId, d.role))
          }
          for (const d of decisions) if (d.joins) released.add(d.schoolId)
          for (const school of wasReleased) {
            const gain = (role: string, i: number) => (shown.get(key(school, role))?.[i] ?? 0) - (before.get(key(school, role))?.[i] ?? 0)
            for (let i = 0; i < CELLS; i++) {
              for (const role of ROLES) expect(gain(role, i) === 0 || gain(role, i) >= k).toBe(true)
              const pooled = ROLES.reduce((sum, role) => sum + gain(role, i), 0)
              expect(pooled === 0 || pooled >= k).toBe(true)
            }
          }
          // A school's first cut takes in everything it has.
          for (const b of batches) if (!wasReleased.has(b.schoolId)) expect(waiting.has(key(b.schoolId, b.role))).toBe(false)
        }
        const count = (m: Map<string, number[]>) => [...m.values()].reduce((sum, cells) => sum + cells[0], 0)
        expect(count(shown) + count(waiting)).toBe(arrived)
      }),
      { numRuns: 200 },
    )
  })

  it('never lets fewer than k new people of a released school join, one response least of all (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 30 }),
        fc.array(fc.record({ schoolId: fc.integer({ min: 1, max: 5 }), role: fc.constantFrom('student', 'family', 'staff'), cells: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }) })),
        fc.uniqueArray(fc.integer({ min: 1, max: 5 })),
        (k, batches, releasedList) => {
          const released = new Set(releasedList)
          decideBatches(batches, released, k).forEach((d, i) => {
            if (released.has(d.schoolId) && batches[i].cells.some((n) => n < k)) expect(d.joins).toBe(false)
            if (!released.has(d.schoolId)) expect(d.joins).toBe(true)
          })
        },
      ),
    )
  })
})
