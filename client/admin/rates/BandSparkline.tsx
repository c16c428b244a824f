import type { Band } from '../../api/rates'

/** Live running totals by day as a shaded ribbon from each day's band floor to its ceiling: progress, never a count. */
export function BandSparkline({ bands, label }: { bands: Band[]; label: string }) {
  if (bands.length < 2) return null
  const w = 120
  const h = 28
  const max = Math.max(1, ...bands.map((b) => b.to + 1))
  const x = (i: number) => ((i / (bands.length - 1)) * w).toFixed(1)
  const y = (v: number) => (h - 1 - (v / max) * (h - 2)).toFixed(1)
  const top = bands.map((b, i) => `${x(i)},${y(b.to + 1)}`)
  const bottom = bands.map((b, i) => `${x(i)},${y(b.from)}`).reverse()
  return (
    <svg className="sparkline" viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label={label}>
      <polygon points={[...top, ...bottom].join(' ')} fill="#0b5cad33" stroke="#0b5cad" strokeWidth="1" />
    </svg>
  )
}
