import { Type, type Static } from 'typebox'
import { WithheldSchema } from '../schemas'
import type { Withheld } from '../vocabulary/withheld'
import { MEASURES } from '../vocabulary/measures'
import { comparisonHeader, type DistrictComparisonSchema } from './profiles.schemas'

type Comparison = Static<typeof DistrictComparisonSchema>
type Cell = Comparison['schools'][number]['cells'][string]['need']
type Priority = Comparison['schools'][number]['overallPriority']

/**
 * The district comparison as the heat map reads it (GET /api/district/compare?shape=grid): the same figures as
 * numbers in arrays, a column per school, instead of an object per cell. A whole district is some 32,000 cells; as
 * objects they are about 4.8 MB of JSON, as rows of numbers about a quarter of that, which the browser parses that
 * much faster. A shown cell is [index, n, low, high, percentile, difference, significant 0 or 1] (low and high null
 * without an interval); a withheld one is the position of its withheld object in `withheld`, so it carries no figure
 * at all. client/api/comparison.ts turns it back into the object form, figure for figure.
 */
const GridCell = Type.Union([
  Type.Integer({ minimum: 0, description: 'withheld: the position of its withheld object in `withheld`' }),
  Type.Tuple([Type.Number(), Type.Integer(), Type.Union([Type.Number(), Type.Null()]), Type.Union([Type.Number(), Type.Null()]), Type.Integer(), Type.Number(), Type.Integer()]),
])
const GridPriority = Type.Union([Type.Tuple([Type.Number(), Type.Integer()]), Type.Null()])

export const DistrictGridSchema = Type.Object({
  shape: Type.Literal('grid'),
  ...comparisonHeader,
  schools: Type.Object({
    id: Type.Array(Type.Integer()),
    name: Type.Array(Type.String()),
    region: Type.Array(Type.String()),
    cohort: Type.Array(Type.Union([Type.String(), Type.Null()])),
    overallPriority: Type.Array(GridPriority),
  }),
  withheld: Type.Array(WithheldSchema),
  /** Per domain (in `domains` order): each measure's cells and the priorities, a column per school. */
  cells: Type.Array(Type.Object({ need: Type.Array(GridCell), asset: Type.Array(GridCell), priority: Type.Array(GridPriority) })),
})
export type DistrictGrid = Static<typeof DistrictGridSchema>

const priority = (p: Priority): [number, number] | null => (p === null ? null : [p.value, p.rank])

/** The comparison as a grid: every figure kept, to the last digit. */
export function toGrid(comparison: Comparison): DistrictGrid {
  const withheld: Withheld[] = []
  const positions = new Map<string, number>()
  const cell = (c: Cell): DistrictGrid['cells'][number]['need'][number] => {
    if (c.shown) return [c.index, c.n, c.interval?.[0] ?? null, c.interval?.[1] ?? null, c.percentile, c.difference, c.significant ? 1 : 0]
    const key = JSON.stringify(c)
    let at = positions.get(key)
    if (at === undefined) {
      positions.set(key, (at = withheld.length))
      withheld.push(c)
    }
    return at
  }
  const { schools } = comparison
  return {
    shape: 'grid',
    administration: comparison.administration,
    filters: comparison.filters,
    release: comparison.release,
    minCellSize: comparison.minCellSize,
    domains: comparison.domains,
    district: comparison.district,
    schools: {
      id: schools.map((s) => s.school.id),
      name: schools.map((s) => s.school.name),
      region: schools.map((s) => s.school.region),
      cohort: schools.map((s) => s.school.cohort),
      overallPriority: schools.map((s) => priority(s.overallPriority)),
    },
    withheld,
    cells: comparison.domains.map(({ domain }) => ({
      ...(Object.fromEntries(MEASURES.map((m) => [m, schools.map((s) => cell(s.cells[domain][m]))])) as Record<(typeof MEASURES)[number], ReturnType<typeof cell>[]>),
      priority: schools.map((s) => priority(s.cells[domain].priority)),
    })),
  }
}
