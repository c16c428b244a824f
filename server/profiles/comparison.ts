import { ROLES } from '../instruments/ana'
import { equalWeightMean, meanInterval, round1, type Summary } from './statistics'
import { withhold, type Withheld } from './suppression'

/** One school's figure for one domain and measure, before district context is added. */
export type SchoolFigure = { shown: true; mean: number; n: number; interval: [number, number] | null } | Withheld

/**
 * Every cell's role summaries (school × domain × measure), side by side in typed arrays: role r of cell c at
 * c × ROLES.length + r, in ROLES order; n = 0 where the role has no figure. A district is some 86,000 of them.
 */
export class RoleFigures {
  readonly n: Float64Array
  readonly mean: Float64Array
  readonly variance: Float64Array
  constructor(cells: number) {
    this.n = new Float64Array(cells * ROLES.length)
    this.mean = new Float64Array(cells * ROLES.length)
    this.variance = new Float64Array(cells * ROLES.length)
  }
  /** Keeps a role's summary in a cell; a role that is not one of ROLES is not kept. */
  set(cell: number, role: string, n: number, mean: number, variance: number): void {
    const r = (ROLES as readonly string[]).indexOf(role)
    if (r < 0) return
    const at = cell * ROLES.length + r
    this.n[at] = n
    this.mean[at] = mean
    this.variance[at] = variance
  }
  /** A role's summary in a cell; undefined where it has none, and for a role that is not one of ROLES. */
  summary(cell: number, role: string): Summary | undefined {
    const r = (ROLES as readonly string[]).indexOf(role)
    const at = cell * ROLES.length + r
    return r >= 0 && this.n[at] > 0 ? { n: this.n[at], mean: this.mean[at], variance: this.variance[at] } : undefined
  }
}

/**
 * A school's figure from one cell's role summaries: one role's, or all voices (the equal-weight mean of the roles
 * that meet k, counting only their respondents). Withheld under k.
 */
export function schoolFigure(figures: RoleFigures, cell: number, role: string | undefined, k: number): SchoolFigure {
  if (role !== undefined) {
    const summary = figures.summary(cell, role)
    const hidden = withhold(summary?.n ?? 0, k)
    if (hidden || !summary) return hidden!
    return { shown: true, mean: summary.mean, n: summary.n, interval: meanInterval(summary) }
  }
  // A loop, and the interval only for a figure that is shown: a district comparison makes 32,000 of these.
  const shown: Summary[] = []
  let n = 0
  for (const r of ROLES) {
    const summary = figures.summary(cell, r)
    if (summary !== undefined && summary.n >= k) {
      shown.push(summary)
      n += summary.n
    }
  }
  const hidden = withhold(n, k)
  if (hidden) return hidden
  const combined = equalWeightMean(shown)!
  return { shown: true, mean: combined.mean, n, interval: combined.interval }
}

/**
 * Complementary suppression for a subgroup (a grade band): shown only when the rest of the group is empty or has at
 * least k people, since the whole group's figure minus this one would otherwise describe fewer than k.
 */
export function complementSafe(subgroupN: number, totalN: number, k: number): boolean {
  const rest = totalN - subgroupN
  return rest === 0 || rest >= k
}

/** A category of a breakdown (a grade band, say) and its people within each whole it splits. */
export interface Category {
  key: string
  /** How many people the category's own figure describes. */
  n: number
  /** Its people within each whole: the school's group ('*'), each role. */
  parts: Record<string, number>
}

/**
 * Complementary suppression across all the categories of one breakdown. A reader can add and subtract every figure
 * shown for the school: its roles, the categories pooled over roles (profile), one role's part of a category
 * (comparison), so what they can isolate is any union of the cells role × shown category and role × the rest
 * (other categories, "prefer not to say", no answer). Each such cell must hold none or at least k people:
 * - a candidate has at least k people, leaves none or at least k of the school and of each role on its own, and
 *   each role's part of it is none or at least k (12 students and 2 staff in 6-8 would give away the 2 staff as the
 *   pooled band minus the students' band);
 * - then, for each role the shown candidates touch, what they leave of it together is none or at least k (bands
 *   6-8 and 9-12 shown together would give away the few who chose neither); the smallest candidate touching a short
 *   role is withheld until that holds.
 */
export function safeCategories(candidates: Category[], wholes: Record<string, number>, k: number): Set<string> {
  const shown = candidates
    .filter((c) => c.n >= k && Object.entries(c.parts).every(([whole, n]) => n === 0 || (n >= k && complementSafe(n, wholes[whole] ?? n, k))))
    .sort((a, b) => a.n - b.n || a.key.localeCompare(b.key))
  for (;;) {
    const short = Object.entries(wholes)
      .filter(([whole, total]) => {
        const taken = shown.reduce((sum, c) => sum + (c.parts[whole] ?? 0), 0)
        return taken > 0 && !complementSafe(taken, total, k)
      })
      .map(([whole]) => whole)
    if (short.length === 0) return new Set(shown.map((c) => c.key))
    shown.splice(
      shown.findIndex((c) => short.some((whole) => (c.parts[whole] ?? 0) > 0)),
      1,
    )
  }
}

/**
 * The categories of one breakdown that may be shown for one school, domain and measure, from each role's people in
 * each category and each role's total. The profile (categories pooled over roles) and the comparison (one role's
 * part) call it with the same counts, so both show the same categories.
 */
export function shownCategories(parts: { role: string; value: string; n: number }[], totals: Record<string, number>, k: number): Set<string> {
  const byValue = new Map<string, Record<string, number>>()
  for (const p of parts) {
    const roles = byValue.get(p.value) ?? {}
    roles[p.role] = (roles[p.role] ?? 0) + p.n
    byValue.set(p.value, roles)
  }
  const categories = [...byValue].map(([key, roles]) => {
    const n = Object.values(roles).reduce((a, b) => a + b, 0)
    return { key, n, parts: { '*': n, ...roles } }
  })
  return safeCategories(categories, { '*': Object.values(totals).reduce((a, b) => a + b, 0), ...totals }, k)
}

export interface DistrictCell {
  shown: true
  index: number
  n: number
  interval: [number, number] | null
  /** Share of the shown schools whose index is at or below this one, 0–100. */
  percentile: number
  difference: number
  /** The school's interval excludes the district mean. */
  significant: boolean
}

/** District context from shown figures only, so no withheld school can be recovered from the mean. */
export function districtContext(figures: SchoolFigure[]): { mean: number | null; schools: number; cells: (DistrictCell | Withheld)[] } {
  const shown = figures.filter((f): f is Extract<SchoolFigure, { shown: true }> => f.shown)
  if (shown.length === 0) return { mean: null, schools: 0, cells: figures as Withheld[] }
  const mean = shown.reduce((sum, f) => sum + f.mean, 0) / shown.length
  const ascending = shown.map((f) => f.mean).sort((a, b) => a - b)
  const cells = figures.map((f) => {
    if (!f.shown) return f
    const atOrBelow = countAtOrBelow(ascending, f.mean)
    return {
      shown: true as const,
      index: round1(f.mean),
      n: f.n,
      interval: f.interval && ([round1(f.interval[0]), round1(f.interval[1])] as [number, number]),
      percentile: Math.round((100 * atOrBelow) / shown.length),
      difference: round1(f.mean - mean),
      significant: f.interval !== null && (f.interval[0] > mean || f.interval[1] < mean),
    }
  })
  return { mean: round1(mean), schools: shown.length, cells }
}

/** Ranks by value, highest first (1 = top priority); ties share the better rank. */
export function rankDescending(values: (number | null)[]): (number | null)[] {
  const ascending = values.filter((v): v is number => v !== null).sort((a, b) => a - b)
  return values.map((v) => (v === null ? null : 1 + ascending.length - countAtOrBelow(ascending, v)))
}

/** How many of the ascending values are at or below x: a binary search, so a district of 1,000 schools stays fast. */
function countAtOrBelow(ascending: number[], x: number): number {
  let low = 0
  let high = ascending.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (ascending[middle] <= x) low = middle + 1
    else high = middle
  }
  return low
}
