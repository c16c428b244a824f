import { timingSafeEqual } from 'node:crypto'
import type { RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { tokenUser } from '../auth/api-tokens.repository'
import { liveSession, type SessionUser } from '../auth/auth.repository'
import { API_TOKEN } from '../auth/api-token-shape'
import { ANALYSTS_READ_ONLY, canSeeSchool, isDistrictStaff } from '../auth/policy'
import { sessionCookie, sessionToken, tokenHash } from '../auth/sessions'
import { Forbidden, Unauthorized } from '../errors'

/**
 * Who may call a route. Every route declares one (`config: { access }`); a route without one stops the server
 * at start-up, so nothing is reachable by accident.
 * - public: anyone, respondents included (the runner, definitions, intake, health, sign-in);
 * - account: anyone signed in, a pending account too (who am I, sign out, my password);
 * - staff: any signed-in staff member with a role (a pending account, made at a first sign-in, has none yet);
 * - school: a school team member of the school in the route's `:id`, or district staff;
 * - district: district analysts and admins;
 * - admin: district admins.
 */
export type Access = 'public' | 'account' | 'staff' | 'school' | 'district' | 'admin'

export const NO_ROLE_YET = 'Your account has no access yet: a district admin needs to give it a role.'
export const TOKEN_REFUSED = 'The API token is unknown, expired or revoked: make a new one on your account page.'
export const TOKEN_READS_ONLY = 'An API token only reads: sign in to make changes.'

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access
    /** A monitoring system's bearer token (METRICS_TOKEN) opens this route too, without a session (/metrics). */
    monitoring?: boolean
  }
  interface FastifyRequest {
    user: SessionUser | null
  }
  interface FastifyInstance {
    /** Every route with the access it declared, in the order registered (the access-control test walks it). */
    routeAccess: { method: string; url: string; access: Access }[]
  }
}

/** Routes that plugins register (static files, API docs) are public: they carry nothing but the build and the schema. */
function pluginRouteAccess(route: RouteOptions): Access | undefined {
  if (route.url === '/*' || route.url === '/docs' || route.url.startsWith('/docs/')) return 'public'
  return undefined
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export default fp(
  async (app) => {
    const cookie = sessionCookie(app.config)
    const limits = { idleMinutes: app.config.sessionIdleMinutes, maxHours: app.config.sessionMaxHours }

    app.decorateRequest('user', null)
    const routes: { method: string; url: string; access: Access }[] = []
    app.decorate('routeAccess', routes)

    app.addHook('onRoute', (route) => {
      const access = route.config?.access ?? pluginRouteAccess(route)
      if (access === undefined) throw new Error(`Route ${String(route.method)} ${route.url} declares no access (config.access); refusing to start.`)
      route.config = { ...route.config, access }
      for (const method of [route.method].flat()) routes.push({ method, url: route.url, access })
    })

    // Before the body is parsed or validated: a stranger gets 401, never a 400 describing the schema.
    app.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config.access ?? 'public'
      if (access === 'public') return
      if (request.routeOptions.config.monitoring && app.config.metricsToken !== null && request.method === 'GET') {
        const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
        if (bearer !== undefined && sameToken(bearer, app.config.metricsToken)) return
      }
      const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1]
      let user: SessionUser | null
      if (bearer !== undefined) {
        // A personal API token (a BI tool, a script): reads what its account may read, and changes nothing.
        if (!API_TOKEN.test(bearer)) throw new Unauthorized(TOKEN_REFUSED)
        if (!SAFE_METHODS.has(request.method)) throw new Forbidden(TOKEN_READS_ONLY, 'token_read_only')
        user = await tokenUser(app.db, tokenHash(bearer))
        if (user === null) throw new Unauthorized(TOKEN_REFUSED)
      } else {
        const token = sessionToken(request, cookie.name)
        user = token === null ? null : await liveSession(app.db, tokenHash(token), limits)
        if (user === null) throw new Unauthorized()
      }
      request.user = user

      // Every state change by staff carries the session's CSRF token in a header that another site cannot set.
      if (!SAFE_METHODS.has(request.method)) {
        const sent = request.headers['x-csrf-token']
        if (typeof sent !== 'string' || !sameToken(sent, user.csrfToken)) {
          throw new Forbidden('The security token is missing or out of date. Reload the page and try again.', 'csrf')
        }
      }

      if (access === 'account') return
      if (user.role === 'pending') throw new Forbidden(NO_ROLE_YET, 'no_role')
      if (access === 'admin' && user.role !== 'district-admin') throw new Forbidden('Only a district admin can do this.')
      if (access === 'district' && !isDistrictStaff(user)) throw new Forbidden('Only district staff can see figures for every school.')
      if (access === 'school') {
        const id = Number((request.params as { id?: string }).id)
        if (!canSeeSchool(user, id)) throw new Forbidden('Your account can see only its own schools.')
      }
      // One rule for every change, so a new route cannot forget it: only their own account (sign out, password).
      if (user.role === 'district-analyst' && !SAFE_METHODS.has(request.method)) throw new Forbidden(ANALYSTS_READ_ONLY)
    })
  },
  { name: 'access', dependencies: ['database'] },
)
