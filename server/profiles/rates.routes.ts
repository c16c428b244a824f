import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../schemas'
import { responseRates } from './response-rates'

const Withheld = Type.Object({ shown: Type.Literal(false), reason: Type.Literal('fewer-than-k'), message: Type.String() })
const RoleRate = Type.Object({
  enrollment: Type.Union([Type.Integer(), Type.Null()]),
  responses: Type.Union([Type.Object({ shown: Type.Literal(true), n: Type.Integer(), share: Type.Union([Type.Number(), Type.Null()]) }), Withheld]),
})

export const ResponseRatesSchema = Type.Object({
  administration: Type.Object({ id: Type.Integer(), name: Type.String() }),
  minCellSize: Type.Integer(),
  roles: Type.Array(Type.String(), { description: 'The roles this administration asks' }),
  schools: Type.Array(
    Type.Object({
      school: Type.Object({ id: Type.Integer(), name: Type.String(), region: Type.String(), cohort: Type.Union([Type.String(), Type.Null()]) }),
      roles: Type.Object({ student: RoleRate, family: RoleRate, staff: RoleRate }),
      coverage: Type.Union([Type.Number(), Type.Null()], { description: 'The lowest share reached among the roles asked, in percent; 0 when one of them is withheld' }),
    }),
  ),
})

export const ratesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/district/response-rates',
    {
      config: { access: 'district' },
      schema: {
        tags: ['profiles'],
        summary: 'Responses per school and role against enrollment, lowest coverage first; counts under k withheld',
        querystring: Type.Object(
          { administration: Type.Integer({ minimum: 1, maximum: 2147483647 }), region: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), cohort: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: ResponseRatesSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => responseRates(app.db, request.query.administration, { region: request.query.region, cohort: request.query.cohort }, app.config.minCellSize),
  )
}
