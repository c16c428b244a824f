import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { districtContext, rankDescending, type SchoolFigure } from '../../../server/profiles/comparison'

// The district context sorts once and searches, so 1,000 schools stay fast; these hold it to the plain definitions
// (percentile = share of shown schools at or below; rank = 1 + how many are higher), ties and withheld cells included.
const value = fc.oneof(fc.integer({ min: 0, max: 20 }).map((x) => x * 5), fc.double({ min: 0, max: 100, noNaN: true }))

describe('district context at scale', () => {
  it('ranks exactly as 1 + the number of higher values (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(value, { nil: null }), { maxLength: 60 }), (values) => {
        expect(rankDescending(values)).toEqual(values.map((v) => (v === null ? null : 1 + values.filter((w) => w !== null && w > v).length)))
      }),
    )
  })

  it('gives each shown school the share of shown schools at or below it (property)', () => {
    const hidden = { shown: false as const, reason: 'fewer-than-k' as const, message: 'x' }
    const figure = value.map((mean): SchoolFigure => ({ shown: true, mean, n: 10, interval: null }))
    fc.assert(
      fc.property(fc.array(fc.oneof(figure, fc.constant(hidden)), { maxLength: 60 }), (figures) => {
        const shown = figures.filter((f) => f.shown)
        const percentiles = districtContext(figures).cells.map((c) => (c.shown ? c.percentile : null))
        expect(percentiles).toEqual(figures.map((f) => (f.shown ? Math.round((100 * shown.filter((g) => g.mean <= f.mean).length) / shown.length) : null)))
      }),
    )
  })
})
