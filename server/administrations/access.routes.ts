import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, LocalizedText } from '../schemas'
import { describeAccess } from './access.service'

export const AccessSchema = Type.Object({
  code: Type.String(),
  minCellSize: Type.Integer({ description: 'Results are shown only for groups of at least this many people' }),
  school: Type.Object({ id: Type.Integer(), name: Type.String() }),
  administration: Type.Object({ id: Type.Integer(), name: Type.String(), closesAt: Type.String({ format: 'date-time' }), mode: Type.String() }),
  instruments: Type.Array(
    Type.Object({
      slug: Type.String(),
      version: Type.Integer(),
      role: Type.String(),
      title: LocalizedText,
      minutes: Type.Union([Type.Integer(), Type.Null()]),
      languages: Type.Array(Type.String()),
    }),
  ),
})

export const accessRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/access/:code',
    {
      config: { access: 'public' },
      // Never from a cache: a phone that scanned the poster before the window opened (a 410, which HTTP caches may
      // keep by default) must see the survey the moment it opens, and a revoked code must stop at once.
      onSend: async (_request, reply, payload) => {
        reply.header('cache-control', 'no-store')
        return payload
      },
      schema: {
        tags: ['respondents'],
        summary: 'What an access code opens: the school, the administration and the instruments it offers by role',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 32 }) }),
        response: { 200: AccessSchema, ...errorResponses(400, 404, 410) },
      },
    },
    async (request) => describeAccess(app.db, request.params.code, app.config.minCellSize),
  )
}
