import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Forbidden } from '../errors'
import { errorResponses } from '../schemas'
import { MeSchema, SignInSchema } from './accounts.schemas'
import { clientNamer, login, logout, sessionInfo } from './auth.service'
import { sessionCookie, sessionToken } from './sessions'

/** A sign-in form posted from another site (login CSRF) is refused; browsers say where a request comes from. */
function assertSameOrigin(request: FastifyRequest) {
  if (request.headers['sec-fetch-site'] === 'cross-site') throw new Forbidden('Sign in from this site’s own page.', 'cross_site')
  const origin = request.headers.origin
  if (origin !== undefined && origin !== 'null') {
    let same = false
    try {
      const from = new URL(origin)
      // Parsed with the origin's scheme, so default ports compare equal (localhost:80 is localhost).
      same = from.host === new URL(`${from.protocol}//${request.headers.host}`).host
    } catch {
      same = false
    }
    if (!same) throw new Forbidden('Sign in from this site’s own page.', 'cross_site')
  }
}

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const cookie = sessionCookie(app.config)
  // Sign-in throttles name a client by an HMAC of its address (request.ip: the proxy's client with TRUST_PROXY).
  const clientName = clientNamer()

  const limits = { idleMinutes: app.config.sessionIdleMinutes, maxHours: app.config.sessionMaxHours }

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with email and password; starts a session (cookie) and returns who you are and your CSRF token',
        body: SignInSchema,
        response: { 200: MeSchema, ...errorResponses(400, 401, 403, 429) },
        description: 'Refused with 403 passwords_off when the district turned passwords off.',
      },
    },
    async (request, reply) => {
      assertSameOrigin(request)
      const previousToken = sessionToken(request, cookie.name)
      const { token, user } = await login(app.db, { email: request.body.email, password: request.body.password, client: clientName(request.ip), previousToken })
      reply.setCookie(cookie.name, token, { ...cookie.options, maxAge: app.config.sessionMaxHours * 3600 })
      return sessionInfo(app.db, user, limits)
    },
  )

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'account' },
      schema: { tags: ['accounts'], summary: 'End this session', response: { 204: Type.Null(), ...errorResponses(401, 403) } },
    },
    async (request, reply) => {
      await logout(app.db, sessionToken(request, cookie.name), request.user!)
      reply.clearCookie(cookie.name, cookie.options)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/auth/me',
    {
      config: { access: 'account' },
      schema: { tags: ['accounts'], summary: 'Who is signed in: email, role, schools, and the CSRF token for this session', response: { 200: MeSchema, ...errorResponses(401) } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return sessionInfo(app.db, request.user!, limits)
    },
  )
}
