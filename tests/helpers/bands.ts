/** A band as the rates report shows live counts: from–to, both included. */
export interface Band {
  from: number
  to: number
}

/**
 * What a reader can tell of each day's count from running totals shown as bands, beside exact running totals at some
 * days' ends (a release that took everything in, granted to the reader): the running total's least and greatest
 * value each day, propagated along the days (it never falls), then each day's count as the difference.
 */
export function dayRanges(bands: Band[], exact: Map<number, number> = new Map()): { min: number; max: number }[] {
  const lo = bands.map((b, i) => exact.get(i) ?? b.from)
  const hi = bands.map((b, i) => exact.get(i) ?? b.to)
  for (let i = 1; i < lo.length; i++) lo[i] = Math.max(lo[i], lo[i - 1])
  for (let i = hi.length - 2; i >= 0; i--) hi[i] = Math.min(hi[i], hi[i + 1])
  return bands.map((_, i) => (i === 0 ? { min: lo[0], max: hi[0] } : { min: Math.max(0, lo[i] - hi[i - 1]), max: hi[i] - lo[i - 1] }))
}
