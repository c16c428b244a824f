import { Type } from 'typebox'
import { ReleaseInfoSchema } from '../analytics/releases.schemas'
import { IdSchema, RoleSchema, StringEnum, WithheldSchema } from '../schemas'

/** A school's profile and the district comparison (profiles.routes.ts), as the server sends them and client/api reads them. */

const Shown = Type.Object({
  shown: Type.Literal(true),
  index: Type.Number({ minimum: 0, maximum: 100 }),
  n: Type.Integer(),
  interval: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
  highShare: Type.Optional(Type.Number()),
})
export const FigureSchema = Type.Union([Shown, WithheldSchema])
const MeasureFigures = Type.Object({
  roles: Type.Object({ student: FigureSchema, family: FigureSchema, staff: FigureSchema }),
  allVoices: FigureSchema,
})

/**
 * All voices now minus all voices at the previous administration, where both are shown; null otherwise. Both sides
 * are scored on the items both administrations' instrument versions ask (matched by itemId).
 */
const Change = Type.Union([
  Type.Object({ change: Type.Number(), interval: Type.Tuple([Type.Number(), Type.Number()]), significant: Type.Boolean() }),
  Type.Null(),
])
/** How many itemIds of the domain and measure the current and previous versions ask, and how many both ask. */
const MatchedItems = Type.Object({ matched: Type.Integer({ minimum: 0 }), current: Type.Integer({ minimum: 0 }), previous: Type.Integer({ minimum: 0 }) })

export const SchoolProfileSchema = Type.Object({
  school: Type.Object({ id: Type.Integer(), name: Type.String(), region: Type.String(), cohort: Type.Union([Type.String(), Type.Null()]) }),
  administration: Type.Object({ id: Type.Integer(), name: Type.String() }),
  previousAdministration: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
  release: ReleaseInfoSchema,
  minCellSize: Type.Integer(),
  highNeedThreshold: Type.Integer(),
  responses: Type.Array(
    Type.Object({
      role: Type.String(),
      enrollment: Type.Union([Type.Integer(), Type.Null()]),
      count: Type.Union([Type.Object({ shown: Type.Literal(true), n: Type.Integer() }), WithheldSchema]),
    }),
  ),
  domains: Type.Array(
    Type.Object({
      domain: Type.String(),
      pillar: Type.String(),
      label: Type.Record(Type.String(), Type.String()),
      need: MeasureFigures,
      asset: MeasureFigures,
      change: Type.Object({ need: Change, asset: Change, matchedItems: Type.Union([Type.Object({ need: MatchedItems, asset: MatchedItems }), Type.Null()]) }),
    }),
  ),
  topNeeds: Type.Array(Type.Object({ domain: Type.String(), index: Type.Number(), n: Type.Integer() })),
  topAssets: Type.Array(Type.Object({ domain: Type.String(), index: Type.Number(), n: Type.Integer() })),
  services: Type.Array(
    Type.Object({
      itemId: Type.String(),
      domain: Type.String(),
      figures: Type.Union([
        Type.Object({ shown: Type.Literal(true), n: Type.Integer(), unmetNeed: Type.Number(), use: Type.Number(), awarenessGap: Type.Number() }),
        WithheldSchema,
      ]),
    }),
  ),
  breakdowns: Type.Array(
    Type.Object({ kind: Type.String(), value: Type.String(), domain: Type.String(), measures: Type.String(), figure: FigureSchema }),
    {
      description:
        "Every category of each breakdown question the school's instrument versions ask, for every domain and measure they score, whether or not anyone is in it; " +
        "each person is in one category of a kind: 'multiple' when they gave more than one value (two home languages, children in two grade bands)",
    },
  ),
  items: Type.Array(
    Type.Object({
      itemId: Type.String(),
      domain: Type.String(),
      measures: Type.String(),
      role: Type.String(),
      distribution: Type.Union([Type.Object({ shown: Type.Literal(true), n: Type.Integer(), shares: Type.Record(Type.String(), Type.Number()) }), WithheldSchema]),
    }),
  ),
})

const Priority = Type.Union([Type.Object({ value: Type.Number(), rank: Type.Integer() }), Type.Null()])
const DistrictCell = Type.Union([
  Type.Object({
    shown: Type.Literal(true),
    index: Type.Number(),
    n: Type.Integer(),
    interval: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
    percentile: Type.Integer({ minimum: 0, maximum: 100 }),
    difference: Type.Number(),
    significant: Type.Boolean(),
  }),
  WithheldSchema,
])
const DistrictMean = Type.Object({ mean: Type.Union([Type.Number(), Type.Null()]), schools: Type.Integer() })

/** What the district comparison says before its schools, in either shape (objects, or the grid: comparison-grid.ts). */
export const comparisonHeader = {
  administration: Type.Object({ id: Type.Integer(), name: Type.String() }),
  filters: Type.Object({
    role: Type.Union([Type.String(), Type.Null()]),
    region: Type.Union([Type.String(), Type.Null()]),
    cohort: Type.Union([Type.String(), Type.Null()]),
    gradeBand: Type.Union([Type.String(), Type.Null()]),
  }),
  release: ReleaseInfoSchema,
  minCellSize: Type.Integer(),
  domains: Type.Array(Type.Object({ domain: Type.String(), pillar: Type.String(), label: Type.Record(Type.String(), Type.String()) })),
  district: Type.Record(Type.String(), Type.Object({ need: DistrictMean, asset: DistrictMean })),
}

export const DistrictComparisonSchema = Type.Object({
  ...comparisonHeader,
  schools: Type.Array(
    Type.Object({
      school: Type.Object({ id: Type.Integer(), name: Type.String(), region: Type.String(), cohort: Type.Union([Type.String(), Type.Null()]) }),
      overallPriority: Priority,
      cells: Type.Record(Type.String(), Type.Object({ need: DistrictCell, asset: DistrictCell, priority: Priority })),
    }),
  ),
})

export const CompareFiltersSchema = {
  administration: IdSchema,
  role: Type.Optional(RoleSchema),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  cohort: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  // 'multiple': families with children in more than one band (each family in one category, never in each band).
  gradeBand: Type.Optional(StringEnum(['tk-2', '3-5', '6-8', '9-12', 'multiple'])),
}
export const TableFormatSchema = StringEnum(['csv', 'xlsx'])

export const CrossTabQuerySchema = Type.Object(
  {
    administration: Type.Optional(Type.Integer({ minimum: 1 })),
    kind: StringEnum(['home-language', 'grade-band', 'time-at-school'], { description: 'The breakdown the columns are split by' }),
    measure: StringEnum(['need', 'asset']),
  },
  { additionalProperties: false },
)

export const CrossTabSchema = Type.Object({
  school: Type.Object({ id: Type.Integer(), name: Type.String() }),
  administration: Type.Object({ id: Type.Integer(), name: Type.String() }),
  release: ReleaseInfoSchema,
  minCellSize: Type.Integer(),
  kind: Type.String(),
  measure: Type.String(),
  values: Type.Array(Type.String(), { description: "The kind's categories, from the instrument (never from who answered)" }),
  cells: Type.Array(
    Type.Object({ role: Type.String({ description: 'student, family, staff, or all (the roles pooled, as the breakdowns)' }), value: Type.String(), domain: Type.String(), figure: FigureSchema }),
  ),
})

export const DistrictCrossTabQuerySchema = Type.Object(
  {
    administration: Type.Integer({ minimum: 1 }),
    kind: StringEnum(['home-language', 'grade-band', 'time-at-school'], { description: 'The breakdown the columns are split by' }),
    measure: StringEnum(['need', 'asset']),
  },
  { additionalProperties: false },
)

export const DistrictCrossTabSchema = Type.Object({
  administration: Type.Object({ id: Type.Integer(), name: Type.String() }),
  release: ReleaseInfoSchema,
  minCellSize: Type.Integer(),
  kind: Type.String(),
  measure: Type.String(),
  values: Type.Array(Type.String()),
  schools: Type.Integer({ description: 'Schools in the administration' }),
  cells: Type.Array(
    Type.Object({
      role: Type.String({ description: 'student, family, staff, or all' }),
      value: Type.String(),
      domain: Type.String(),
      schools: Type.Integer({ description: 'Schools whose shown cell this pools' }),
      figure: FigureSchema,
    }),
  ),
})
