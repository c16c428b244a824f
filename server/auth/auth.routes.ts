import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Forbidden } from '../errors'
import { errorResponses, StringEnum } from '../schemas'
import { deleteSession, type SessionUser } from './auth.repository'
import { ClientThrottle, login, STAFF_ROLES } from './auth.service'
import { sessionToken } from './access'
import { sessionCookie, tokenHash } from './sessions'
import { audit } from '../audit/audit.repository'

export const MeSchema = Type.Object({
  user: Type.Object({
    id: Type.Integer(),
    email: Type.String(),
    role: StringEnum(STAFF_ROLES),
    schools: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  }),
  /** Send it back as the X-CSRF-Token header on every POST, PATCH, PUT and DELETE. */
  csrfToken: Type.String(),
  session: Type.Object({ idleMinutes: Type.Integer(), maxHours: Type.Integer() }),
})

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
  const throttle = new ClientThrottle()

  const me = async (user: SessionUser) => {
    const schools = user.schoolIds.length === 0 ? [] : await app.db.selectFrom('schools').select(['id', 'name']).where('id', 'in', user.schoolIds).orderBy('name').execute()
    return {
      user: { id: user.id, email: user.email, role: user.role, schools },
      csrfToken: user.csrfToken,
      session: { idleMinutes: app.config.sessionIdleMinutes, maxHours: app.config.sessionMaxHours },
    }
  }

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with email and password; starts a session (cookie) and returns who you are and your CSRF token',
        body: Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
        response: { 200: MeSchema, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      assertSameOrigin(request)
      // A session cookie sent along (e.g. another account's) ends here: sign-in always starts a new session.
      const previous = sessionToken(request, cookie.name)
      if (previous !== null) await deleteSession(app.db, tokenHash(previous))
      const { token, user } = await login(app.db, throttle, { email: request.body.email, password: request.body.password, client: request.ip })
      reply.setCookie(cookie.name, token, { ...cookie.options, maxAge: app.config.sessionMaxHours * 3600 })
      return me(user)
    },
  )

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'staff' },
      schema: { tags: ['accounts'], summary: 'End this session', response: { 204: Type.Null(), ...errorResponses(401, 403) } },
    },
    async (request, reply) => {
      const token = sessionToken(request, cookie.name)
      if (token !== null) await deleteSession(app.db, tokenHash(token))
      await audit(app.db, { actor: request.user, action: 'auth.logout', outcome: 'success' })
      reply.clearCookie(cookie.name, cookie.options)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/auth/me',
    {
      config: { access: 'staff' },
      schema: { tags: ['accounts'], summary: 'Who is signed in: email, role, schools, and the CSRF token for this session', response: { 200: MeSchema, ...errorResponses(401) } },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store')
      return me(request.user!)
    },
  )
}
