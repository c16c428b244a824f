import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../schemas'
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
})

export const profilesRoutes: FastifyPluginAsyncTypebox = async (app) => {
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
