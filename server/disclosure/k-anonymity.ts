/**
 * k-anonymity for a response-level table (the analysts' export): every group of rows that agree on all their
 * quasi-identifying columns together (school, region, role, instrument, language, channel, day, every context answer)
 * has at least k rows, by generalising and, last, withholding rows. A reader who knows everything those columns say
 * about a person (which school, which day at the kiosk, the one family speaking a rare language) finds at least k
 * rows that could be theirs. An empty cell is a value like any other: rows with a blank form their own group.
 *
 * How, in order:
 * - Blocks. The rows of one block (a school's families) are generalised together: each column is shown at the same
 *   level for all of them. Were a column blanked only for the few rows of a small group, a figure of the block
 *   (a school's families who speak Farsi, from the profile) minus the rows still showing it would give the few away.
 *   So a column is either shown for the whole block, at most as coarse as the category every figure counts a person
 *   in (the caller's ladders: a multi-select answer's category), or blanked for the whole block; figures minus rows
 *   are then the whole figure or nothing.
 * - Within a block, from the most generalised state (every ladder at its top) that has no group under k, each ladder
 *   column, the last listed first, takes back the finest level that keeps every group at k or more. Deterministic:
 *   only counts decide, so the input's order changes nothing.
 * - A school's block that cannot reach k even then (fewer than k rows, or an instrument with fewer than k of them)
 *   has its school blanked, all of it, and joins the coarser block (the region's families). A pooled block names no
 *   school, so only its rows that cannot reach k move on (region blanked, the district's families); at the last,
 *   the rows still under k are withheld.
 * - Batches (releases) are generalised one at a time, in order, each once and for good: a later release never shows a
 *   block's rows more finely than an earlier one did (levels and blanked nested columns only grow). A row's answers
 *   link it across two downloads; were an earlier release's rows re-generalised when a later one came, a reader could
 *   intersect the two versions of each row. Frozen, each download adds the new release's rows and changes no other,
 *   and the release rule's batches of 0 or at least k people per cell keep figures minus rows at 0 or k or more.
 *
 * Residual risk, not covered here: the answers themselves. A row's other answers can be rare (one family that needs
 * housing help now) and a reader who knows them can find the row, and all the rows of a group may share a sensitive
 * answer (l-diversity is not promised). Free text can name its writer. The rules are public, so a reader who knows
 * every person's true values can tell which people make up each group, though not which row is whose. Releases stay
 * frozen only while k and the ladders do: a new k re-generalises every release. The price of whole blocks is detail:
 * one rare home language blanks the column for the whole school's role.
 */

/** A quasi-identifying value as shown: text, or null (not answered, or blanked). */
export type QiValue = string | null

/**
 * A quasi-identifier generalised within a block: one column, or several that must move together (two questions of one
 * context kind in one instrument, which figures count as one category). Level 0 shows the original values; level i
 * shows ladder[i − 1] of the original values, each level coarser than the one before (values equal at one level are
 * equal at the next), the last one usually blanking them.
 */
export interface QuasiIdentifier {
  columns: readonly string[]
  ladder: readonly ((original: readonly QiValue[]) => QiValue[])[]
}

export interface KAnonymityPlan {
  /** Never generalised (role, instrument): every group lies within one value of each. */
  fixed: readonly string[]
  /** The fixed columns that, with the nested ones, name a block: the people a figure describes (a school's role). */
  blockBy: readonly string[]
  /** Blanked a whole block at a time, in this order, when the block cannot reach k (school, then region). */
  nested: readonly string[]
  /** Generalised within a block, listed from the first to give up detail to the last (kept longest). */
  ladders: readonly QuasiIdentifier[]
}

export interface KRow {
  /** The release that took the row in: batches are generalised in ascending order, each once. */
  batch: number
  values: Readonly<Record<string, QiValue>>
}

export interface KAnonymized {
  /** Each input row's quasi-identifiers as shown, or null when it is withheld; in input order. */
  rows: (Record<string, QiValue> | null)[]
  /** How many shown rows agree with each row on all its quasi-identifiers (0 for a withheld row). */
  groupSizes: number[]
  /** How far each row was generalised: nested columns blanked, and each ladder's level; null when withheld. */
  levels: ({ nested: number; ladders: number[] } | null)[]
}

const keyOf = (values: readonly (QiValue | number)[]) => JSON.stringify(values)

export function kAnonymize(rows: readonly KRow[], plan: KAnonymityPlan, k: number): KAnonymized {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number of at least 1, not ${k}.`)
  const ladderColumns = plan.ladders.flatMap((q) => q.columns)
  const columns = [...plan.fixed, ...plan.nested, ...ladderColumns]
  const repeated = columns.find((c, i) => columns.indexOf(c) !== i)
  if (repeated !== undefined) throw new Error(`The column "${repeated}" is named twice in the plan.`)
  const loose = plan.blockBy.find((c) => !plan.fixed.includes(c))
  if (loose !== undefined) throw new Error(`The block column "${loose}" must be one of the fixed columns.`)
  if (plan.ladders.some((q) => q.columns.length === 0)) throw new Error('A quasi-identifier names no column.')

  const value = (row: KRow, column: string): QiValue => row.values[column] ?? null
  // Each row's values at every level of every ladder, computed once. A blank (not answered) stays blank.
  const rungs = rows.map((row) =>
    plan.ladders.map((q) => {
      const original = q.columns.map((c) => value(row, c))
      return [
        original,
        ...q.ladder.map((step) => {
          const coarser = step(original)
          return original.map((v, i) => (v === null ? null : (coarser[i] ?? null)))
        }),
      ]
    }),
  )
  const top = plan.ladders.map((q) => q.ladder.length)
  // The same as numbers, for grouping: a code per distinct fixed part, and per ladder and level per distinct value.
  const intern = (seen: Map<string, number>, key: string) => seen.get(key) ?? seen.set(key, seen.size).size - 1
  const fixedSeen = new Map<string, number>()
  const fixedCode = rows.map((row) => intern(fixedSeen, keyOf(plan.fixed.map((c) => value(row, c)))))
  const rungSeen = plan.ladders.map(() => new Map<string, number>())
  const rungCode = rungs.map((perLadder) => perLadder.map((levels, q) => levels.map((v) => intern(rungSeen[q], keyOf(v)))))

  const shown: (Record<string, QiValue> | null)[] = rows.map(() => null)
  const levels: KAnonymized['levels'] = rows.map(() => null)
  // What earlier batches did, so that later ones never show more: per origin block (its nested and blockBy values as
  // given), how many nested columns it blanked; per block at each depth, each ladder's level.
  const nestedFloor = new Map<string, number>()
  const ladderFloor = new Map<string, number[]>()
  const origins = rows.map((row) => keyOf([...plan.nested, ...plan.blockBy].map((c) => value(row, c))))
  const blockAt = (row: KRow, depth: number) => keyOf([depth, ...plan.nested.map((c, i) => (i < depth ? null : value(row, c))), ...plan.blockBy.map((c) => value(row, c))])

  /** The block's rows by their group, with the ladders at these levels. */
  const groupsOf = (block: readonly number[], at: readonly number[]) => {
    const groups = new Map<string, number[]>()
    for (const i of block) {
      let key = String(fixedCode[i])
      for (let q = 0; q < at.length; q++) key += `,${rungCode[i][q][at[q]]}`
      const group = groups.get(key)
      if (group) group.push(i)
      else groups.set(key, [i])
    }
    return [...groups.values()]
  }
  const reachesK = (block: readonly number[], at: readonly number[]) => groupsOf(block, at).every((g) => g.length >= k)

  /** The block's levels: from the top, each ladder (the last first) back down to the finest level that keeps k. */
  const generalise = (block: readonly number[], floor: readonly number[]): number[] | null => {
    const at = [...top]
    if (!reachesK(block, at)) return null
    for (let q = plan.ladders.length - 1; q >= 0; q--) {
      for (let level = floor[q]; level < at[q]; level++) {
        const trial = at.map((l, j) => (j === q ? level : l))
        if (reachesK(block, trial)) {
          at[q] = level
          break
        }
      }
    }
    return at
  }

  const batches = [...new Set(rows.map((r) => r.batch))].sort((a, b) => a - b)
  for (const batch of batches) {
    let waiting = rows.flatMap((r, i) => (r.batch === batch ? [i] : []))
    for (let depth = 0; depth <= plan.nested.length && waiting.length > 0; depth++) {
      const blocks = new Map<string, number[]>()
      const later: number[] = []
      for (const i of waiting) {
        if ((nestedFloor.get(origins[i]) ?? 0) > depth) later.push(i)
        else {
          const key = blockAt(rows[i], depth)
          const block = blocks.get(key)
          if (block) block.push(i)
          else blocks.set(key, [i])
        }
      }
      for (const [key, whole] of blocks) {
        // A school's block moves on whole: shown in part, its figures minus its rows would give the rest away. A
        // pooled block names no school, so only its rows that stay under k at the top move on.
        const short = new Set(depth === 0 ? [] : groupsOf(whole, top).flatMap((g) => (g.length < k ? g : [])))
        later.push(...short)
        const block = whole.filter((i) => !short.has(i))
        const at = block.length === 0 ? null : generalise(block, ladderFloor.get(key) ?? top.map(() => 0))
        if (at === null) {
          later.push(...block)
          continue
        }
        ladderFloor.set(key, at)
        for (const i of block) {
          nestedFloor.set(origins[i], Math.max(nestedFloor.get(origins[i]) ?? 0, depth))
          const out: Record<string, QiValue> = {}
          for (const c of plan.fixed) out[c] = value(rows[i], c)
          plan.nested.forEach((c, n) => (out[c] = n < depth ? null : value(rows[i], c)))
          plan.ladders.forEach((q, j) => q.columns.forEach((c, n) => (out[c] = rungs[i][j][at[j]][n])))
          shown[i] = out
          levels[i] = { nested: depth, ladders: at }
        }
      }
      waiting = later
    }
    // Withheld: the block's rows start at the coarsest block in later batches.
    for (const i of waiting) nestedFloor.set(origins[i], plan.nested.length)
  }

  const groups = new Map<string, number>()
  const groupKey = (row: Record<string, QiValue>) => keyOf(columns.map((c) => row[c]))
  for (const row of shown) if (row) groups.set(groupKey(row), (groups.get(groupKey(row)) ?? 0) + 1)
  return { rows: shown, groupSizes: shown.map((row) => (row ? groups.get(groupKey(row))! : 0)), levels }
}
