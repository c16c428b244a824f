import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, IdSchema } from '../schemas'
import { RatesQuerySchema, ResponseRatesSchema } from './rates.schemas'
import { responseRates } from './rates.service'

/**
 * The one response-rate report (the administration's page and the district view's "who has answered" both read
 * it): released counts under the disclosure rule, live progress in bands, the same for every staff role.
 */
export const ratesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/administrations/:id/rates',
    {
      config: { access: 'staff', audit: { action: 'read.response-rates', target: 'administration' } },
      schema: {
        tags: ['profiles'],
        summary:
          "Response rates per school from the current release (per role and language, counts under k as '<k' for everyone), coverage lowest first with unknown coverage after, and live progress in bands of width k; a school team sees its own schools",
        params: Type.Object({ id: IdSchema }),
        querystring: RatesQuerySchema,
        response: { 200: ResponseRatesSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => responseRates(app.db, request.user!, request.params.id, request.query, app.config.minCellSize),
  )
}
