import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, IdSchema } from '../schemas'
import { MeSchema } from './accounts.schemas'
import { sessionInfo } from './auth.service'
import { changeOwnPassword, inspectPasswordLink, issuePasswordLink, usePasswordLinkToSignIn } from './password-links.service'
import { sessionCookie, sessionToken, setSessionCookie } from './sessions'
import { OwnPasswordChangeSchema, PasswordLinkInfoSchema, PasswordLinkSchema, PasswordLinkTokenSchema, PasswordLinkUseSchema } from './sign-in.schemas'

/** One-time links to set a password (an admin copies them to the person), and changing one's own password. */
export const passwordLinksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const cookie = sessionCookie(app.config)
  const limits = { idleMinutes: app.config.sessionIdleMinutes, maxHours: app.config.sessionMaxHours }

  app.post(
    '/api/users/:id/password-link',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'A one-time link (72 hours) for a person to set their password: a new account, or a reset; earlier links of the account stop working',
        params: Type.Object({ id: IdSchema }),
        response: { 201: PasswordLinkSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await issuePasswordLink(app.db, request.params.id, app.config.publicUrl, request.user!)),
  )

  app.post(
    '/api/auth/password-link/check',
    {
      config: { access: 'public' },
      schema: { tags: ['accounts'], summary: 'Whose password link this is and until when it works', body: PasswordLinkTokenSchema, response: { 200: PasswordLinkInfoSchema, ...errorResponses(400, 404, 410) } },
    },
    async (request) => inspectPasswordLink(app.db, request.body.token),
  )

  app.post(
    '/api/auth/password-link',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['accounts'],
        summary: 'Set a password through a one-time link; signs the person in',
        body: PasswordLinkUseSchema,
        response: { 200: MeSchema, ...errorResponses(400, 403, 404, 410, 429) },
      },
    },
    async (request, reply) => {
      const { token, user } = await usePasswordLinkToSignIn(app.db, request.body.token, request.body.password)
      setSessionCookie(reply, app.config, token)
      return sessionInfo(app.db, user, limits)
    },
  )

  app.post(
    '/api/auth/password',
    {
      config: { access: 'account' },
      schema: {
        tags: ['accounts'],
        summary: 'Change your own password (the current one is asked for); your other sessions end',
        body: OwnPasswordChangeSchema,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      await changeOwnPassword(app.db, request.user!, { ...request.body, sessionToken: sessionToken(request, cookie.name) })
      return reply.code(204).send(null)
    },
  )
}
