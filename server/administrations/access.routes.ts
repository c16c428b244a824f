import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { openLimit } from '../limits'
import { errorResponses } from '../schemas'
import { AccessParamsSchema, AccessSchema } from './access.schemas'
import { describeAccess } from './access.service'

export const accessRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/access/:code',
    {
      config: { access: 'public', rateLimit: openLimit(app.config.openRateLimitPerMinute) },
      // Never from a cache: a phone that scanned the poster before the window opened (a 410, which HTTP caches may
      // keep by default) must see the survey the moment it opens, and a revoked code must stop at once.
      onSend: async (_request, reply, payload) => {
        reply.header('cache-control', 'no-store')
        return payload
      },
      schema: {
        tags: ['respondents'],
        summary: "What an access code opens: the school, the administration and the instruments it offers by role, those its grades can answer",
        params: AccessParamsSchema,
        response: { 200: AccessSchema, ...errorResponses(400, 404, 410, 429) },
      },
    },
    async (request) => describeAccess(app.db, request.params.code, app.config.minCellSize),
  )
}
