import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../schemas'
import { MeSchema } from './accounts.schemas'
import { sessionInfo } from './auth.service'
import { setSessionCookie } from './sessions'
import { createFirstAdmin, isFromThisMachine, setupStatus } from './setup.service'
import { FirstAdminSchema, SetupStatusSchema } from './sign-in.schemas'

/** The first-run page's API: the first admin, from the server itself or with the setup token of the start-up log. */
export const setupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const limits = { idleMinutes: app.config.sessionIdleMinutes, maxHours: app.config.sessionMaxHours }

  app.get(
    '/api/setup',
    {
      config: { access: 'public' },
      schema: { tags: ['accounts'], summary: 'Whether the first admin is still to be created, and whether this request needs the setup token', response: { 200: SetupStatusSchema } },
    },
    async (request) => setupStatus(app.db, isFromThisMachine(request.socket.remoteAddress, request.headers)),
  )

  app.post(
    '/api/setup',
    {
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['accounts'],
        summary: 'Create the first district admin and sign in; refused once an admin exists',
        body: FirstAdminSchema,
        response: { 201: MeSchema, ...errorResponses(400, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      const local = isFromThisMachine(request.socket.remoteAddress, request.headers)
      const { token, user } = await createFirstAdmin(app.db, app.firstRun, { ...request.body, local })
      setSessionCookie(reply, app.config, token)
      return reply.code(201).send(await sessionInfo(app.db, user, limits))
    },
  )
}
