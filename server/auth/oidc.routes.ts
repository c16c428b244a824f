import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../schemas'
import { finishOidcSignIn, OidcRefusal, startOidcSignIn } from './oidc.service'
import { sessionCookie, setSessionCookie } from './sessions'

/** How long the browser keeps the state of a sign-in under way (the identity provider's page in between). */
const STATE_MINUTES = 10

/** Sign-in with the district's identity provider: the browser goes there and comes back with a code. */
export const oidcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const session = sessionCookie(app.config)
  // Lax: sent when the identity provider sends the browser back (a top-level GET from another site).
  const stateCookie = { name: session.options.secure ? '__Host-ana_oidc' : 'ana_oidc', options: { ...session.options, maxAge: STATE_MINUTES * 60 } }

  app.get(
    '/api/auth/oidc/start',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: "Sign in with the district's accounts: redirects to the identity provider (authorization code flow with PKCE, state and nonce)",
        response: { 303: Type.Null(), ...errorResponses(404, 502) },
      },
    },
    async (_request, reply) => {
      const { url, state } = await startOidcSignIn(app.db, app.oidc)
      reply.setCookie(stateCookie.name, state, stateCookie.options)
      reply.header('cache-control', 'no-store')
      return reply.redirect(url, 303)
    },
  )

  app.get(
    '/api/auth/oidc/callback',
    {
      config: { access: 'public' },
      schema: {
        tags: ['accounts'],
        summary: 'Where the identity provider sends the person back: starts a session and redirects to /admin, or to /admin?signin=<reason> when refused',
        querystring: Type.Object({ state: Type.Optional(Type.String({ maxLength: 512 })) }, { additionalProperties: true }),
        response: { 303: Type.Null(), ...errorResponses(404, 502) },
      },
    },
    async (request, reply) => {
      const browserState = request.cookies[stateCookie.name] ?? null
      reply.clearCookie(stateCookie.name, session.options)
      reply.header('cache-control', 'no-store')
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : ''
      try {
        const { token } = await finishOidcSignIn(app.db, app.oidc, { query, state: request.query.state ?? null, browserState })
        setSessionCookie(reply, app.config, token)
        return reply.redirect('/admin', 303)
      } catch (error) {
        if (error instanceof OidcRefusal) return reply.redirect(`/admin?signin=${error.reason}`, 303)
        throw error
      }
    },
  )
}
