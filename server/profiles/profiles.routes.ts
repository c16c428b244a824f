import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../schemas'
import { StringEnum } from '../schemas'
import { compareDistrict } from './comparison.service'
import { schoolProfile } from './profiles.service'

const Withheld = Type.Object({ shown: Type.Literal(false), reason: Type.Literal('fewer-than-k'), message: Type.String() })
const Shown = Type.Object({
  shown: Type.Literal(true),
  index: Type.Number({ minimum: 0, maximum: 100 }),
  n: Type.Integer(),
  interval: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
  highShare: Type.Optional(Type.Number()),
})
const Figure = Type.Union([Shown, Withheld])
const MeasureFigures = Type.Object({
  roles: Type.Object({ student: Figure, family: Figure, staff: Figure }),
  allVoices: Figure,
})

export const SchoolProfileSchema = Type.Object({
  school: Type.Object({ id: Type.Integer(), name: Type.String(), region: Type.String(), cohort: Type.Union([Type.String(), Type.Null()]) }),
  administration: Type.Object({ id: Type.Integer(), name: Type.String() }),
  minCellSize: Type.Integer(),
  highNeedThreshold: Type.Integer(),
  responses: Type.Array(
    Type.Object({
      role: Type.String(),
      enrollment: Type.Union([Type.Integer(), Type.Null()]),
      count: Type.Union([Type.Object({ shown: Type.Literal(true), n: Type.Integer() }), Withheld]),
    }),
  ),
  domains: Type.Array(
    Type.Object({
      domain: Type.String(),
      pillar: Type.String(),
      label: Type.Record(Type.String(), Type.String()),
      need: MeasureFigures,
      asset: MeasureFigures,
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
        Withheld,
      ]),
    }),
  ),
  breakdowns: Type.Array(
    Type.Object({ kind: Type.String(), value: Type.String(), domain: Type.String(), measures: Type.String(), figure: Figure }),
  ),
  items: Type.Array(
    Type.Object({
      itemId: Type.String(),
      domain: Type.String(),
      measures: Type.String(),
      role: Type.String(),
      distribution: Type.Union([Type.Object({ shown: Type.Literal(true), n: Type.Integer(), shares: Type.Record(Type.String(), Type.Number()) }), Withheld]),
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
  Withheld,
])
const DistrictMean = Type.Object({ mean: Type.Union([Type.Number(), Type.Null()]), schools: Type.Integer() })

export const DistrictComparisonSchema = Type.Object({
  administration: Type.Object({ id: Type.Integer(), name: Type.String() }),
  filters: Type.Object({
    role: Type.Union([Type.String(), Type.Null()]),
    region: Type.Union([Type.String(), Type.Null()]),
    cohort: Type.Union([Type.String(), Type.Null()]),
    gradeBand: Type.Union([Type.String(), Type.Null()]),
  }),
  minCellSize: Type.Integer(),
  domains: Type.Array(Type.Object({ domain: Type.String(), pillar: Type.String(), label: Type.Record(Type.String(), Type.String()) })),
  district: Type.Record(Type.String(), Type.Object({ need: DistrictMean, asset: DistrictMean })),
  schools: Type.Array(
    Type.Object({
      school: Type.Object({ id: Type.Integer(), name: Type.String(), region: Type.String(), cohort: Type.Union([Type.String(), Type.Null()]) }),
      overallPriority: Priority,
      cells: Type.Record(Type.String(), Type.Object({ need: DistrictCell, asset: DistrictCell, priority: Priority })),
    }),
  ),
})

export const profilesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/district/compare',
    {
      schema: {
        tags: ['profiles'],
        summary: 'Schools × domains need and asset indexes with district context and priority ranks; cells under k withheld',
        querystring: Type.Object(
          {
            administration: Type.Integer({ minimum: 1, maximum: 2147483647 }),
            role: Type.Optional(StringEnum(['student', 'family', 'staff'])),
            region: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            cohort: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            gradeBand: Type.Optional(StringEnum(['tk-2', '3-5', '6-8', '9-12'])),
          },
          { additionalProperties: false },
        ),
        response: { 200: DistrictComparisonSchema, ...errorResponses(400) },
      },
    },
    async (request) =>
      compareDistrict(
        app.db,
        {
          administrationId: request.query.administration,
          role: request.query.role,
          region: request.query.region,
          cohort: request.query.cohort,
          gradeBand: request.query.gradeBand,
        },
        { minCellSize: app.config.minCellSize, domains: app.domains },
      ),
  )

  app.get(
    '/api/schools/:id/profile',
    {
      schema: {
        tags: ['profiles'],
        summary: "A school's need and asset indexes per domain, by role and all voices; figures under the minimum cell size withheld",
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        querystring: Type.Object({ administration: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })) }, { additionalProperties: false }),
        response: { 200: SchoolProfileSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      schoolProfile(app.db, request.params.id, request.query.administration, {
        minCellSize: app.config.minCellSize,
        highNeedThreshold: app.config.highNeedThreshold,
        domains: app.domains,
      }),
  )
}
