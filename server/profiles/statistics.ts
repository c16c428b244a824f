import tQuantile from '@stdlib/stats-base-dists-t-quantile'

export interface Summary {
  n: number
  mean: number
  /** Sample variance (n - 1); 0 when n < 2. */
  variance: number
}

/** Several groups as one: the pooled mean and sample variance of all their members. */
export function pool(groups: Summary[]): Summary {
  const n = groups.reduce((s, g) => s + g.n, 0)
  const mean = groups.reduce((s, g) => s + g.n * g.mean, 0) / n
  const squares = groups.reduce((s, g) => s + (g.n - 1) * g.variance + g.n * (g.mean - mean) ** 2, 0)
  return { n, mean, variance: n > 1 ? squares / (n - 1) : 0 }
}

/** A two-sided 95% interval for a mean from the t distribution with n - 1 degrees of freedom. */
export function meanInterval({ n, mean, variance }: Summary): [number, number] | null {
  if (n < 2) return null
  const half = tQuantile(0.975, n - 1) * Math.sqrt(variance / n)
  return [clamp(mean - half), clamp(mean + half)]
}

/**
 * The equal-weight mean of several group means (so 300 students do not drown 12 staff), with a 95% interval
 * that combines the groups' variances: Var = Σ s²ᵢ/nᵢ / g², degrees of freedom by Welch–Satterthwaite.
 */
export function equalWeightMean(groups: Summary[]): { mean: number; interval: [number, number] | null } | null {
  if (groups.length === 0) return null
  const g = groups.length
  const mean = groups.reduce((s, x) => s + x.mean, 0) / g
  if (groups.some((x) => x.n < 2)) return { mean, interval: null }
  const parts = groups.map((x) => x.variance / x.n / (g * g))
  const variance = parts.reduce((s, v) => s + v, 0)
  if (variance === 0) return { mean, interval: [mean, mean] }
  const df = variance ** 2 / parts.reduce((s, v, i) => s + v ** 2 / (groups[i].n - 1), 0)
  const half = tQuantile(0.975, df) * Math.sqrt(variance)
  return { mean, interval: [clamp(mean - half), clamp(mean + half)] }
}

/** The equal-weight mean's sampling variance and Welch–Satterthwaite degrees of freedom (null below 2 per group). */
export function equalWeightVariance(groups: Summary[]): { mean: number; variance: number; df: number } | null {
  if (groups.length === 0 || groups.some((x) => x.n < 2)) return null
  const g = groups.length
  const parts = groups.map((x) => x.variance / x.n / (g * g))
  const variance = parts.reduce((s, v) => s + v, 0)
  const df = variance === 0 ? Infinity : variance ** 2 / parts.reduce((s, v, i) => s + v ** 2 / (groups[i].n - 1), 0)
  return { mean: groups.reduce((s, x) => s + x.mean, 0) / g, variance, df }
}

/** The change between two independent estimates, with a 95% Welch interval. */
export function changeInterval(current: { mean: number; variance: number; df: number }, previous: { mean: number; variance: number; df: number }) {
  const change = current.mean - previous.mean
  const variance = current.variance + previous.variance
  if (variance === 0) return { change, interval: [change, change] as [number, number] }
  const terms = [current, previous].filter((x) => x.variance > 0)
  const df = variance ** 2 / terms.reduce((s, x) => s + x.variance ** 2 / x.df, 0)
  const half = tQuantile(0.975, df) * Math.sqrt(variance)
  return { change, interval: [change - half, change + half] as [number, number] }
}

function clamp(x: number): number {
  return Math.min(100, Math.max(0, x))
}

/** Rounds a figure for display; the API carries one decimal. */
export function round1(x: number): number {
  return Math.round(x * 10) / 10
}
