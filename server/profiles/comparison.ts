import { ROLES } from '../vocabulary/roles'
import { equalWeightMean, meanInterval, round1, type Summary } from './statistics'
import { withhold, type Withheld } from '../disclosure/withheld'

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
