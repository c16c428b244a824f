/**
 * The release rule: which waiting responses a new release may take in.
 *
 * Responses join a release a school and role at a time, as one batch: all of that school's and role's responses
 * stored since its last release, or none of them. A cell is any group of people one figure can describe: the role's
 * respondents, those with a score in a domain (overall and within each breakdown category), those who answered an
 * item, those who scored on the same set of a domain's items, those who answered in one language. A batch may join
 * only when it adds to every cell it touches at least k people (a cell it does not touch gains none):
 *
 *   - so any figure of the new release minus the same figure of the one before describes none or at least k new
 *     people, and so does any sum or difference of such figures (each cell's gain is 0 or at least k, and the
 *     batch of one school and role is the only change in that school's and role's cells);
 *   - a figure that pools roles (a breakdown category, the service grid, a language's count) gains the sum of its
 *     roles' gains, each 0 or at least k.
 *
 * The first release of a school in an administration takes in everything it has: nothing of the school was shown
 * before, so there is nothing to take it from. Responses held back wait for a later cut, growing, until their batch
 * passes. A batch never passes while it has fewer than k people, so one new response is never visible alone.
 */
export interface Batch {
  schoolId: number
  role: string
  /** How many of the batch's people are in each cell it touches (every entry at least 1). */
  cells: number[]
}

export interface BatchDecision {
  schoolId: number
  role: string
  joins: boolean
}

export function batchJoins(cells: readonly number[], k: number): boolean {
  return cells.length > 0 && cells.every((n) => n === 0 || n >= k)
}

/**
 * Decides every waiting batch of one administration. `released` holds the schools that already have a release in
 * it: a school not in it joins whole.
 */
export function decideBatches(batches: readonly Batch[], released: ReadonlySet<number>, k: number): BatchDecision[] {
  return batches.map((b) => ({ schoolId: b.schoolId, role: b.role, joins: !released.has(b.schoolId) || batchJoins(b.cells, k) }))
}
