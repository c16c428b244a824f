import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { audit } from './audit.repository'

/**
 * A read of figures (profile, comparison, rates, gaps) or an export, as a route declares it:
 * `config: { access: 'school', audit: { action: 'read.profile', target: 'school' } }`.
 * - target 'school': the school in the route's `:id`;
 * - target 'administration': the administration in the route's `:id`, else in the `administration` query.
 */
export interface AuditedRead {
  action: string
  target?: 'school' | 'administration'
}

declare module 'fastify' {
  interface FastifyContextConfig {
    audit?: AuditedRead
  }
}

/** What a refused caller sent is untrusted text: enough of it to see the attempt, never a flood. */
const REFUSED_VALUE_CHARS = 100
const REFUSED_KEYS = 20

function clip(value: unknown): unknown {
  if (typeof value === 'string') return value.slice(0, REFUSED_VALUE_CHARS)
  if (Array.isArray(value)) return value.slice(0, REFUSED_KEYS).map(clip)
  return value
}

function targetOf(request: FastifyRequest, read: AuditedRead): string | undefined {
  const params = request.params as Record<string, unknown> | undefined
  const query = request.query as Record<string, unknown> | undefined
  const id = read.target === 'school' ? params?.id : read.target === 'administration' ? (params?.id ?? query?.administration) : undefined
  return id === undefined ? undefined : `${read.target}:${String(clip(id))}`
}

/**
 * Every read of figures and every export leaves one audit entry an admin can see (GET /api/audit): who, what, the
 * target and the filters (the query), never a figure, count or answer. A reader refused by the access rules (403)
 * leaves one too, outcome 'refused', since the attempt is what an admin wants to see. Written before the answer
 * goes out (onSend), so a read that cannot be recorded fails instead of being served unrecorded. A 304 (the reader's
 * copy of a release's figures is still current) is a read too, recorded with `notModified`. Other failures (400,
 * 404) read nothing and are not recorded.
 */
export default fp(
  async (app) => {
    app.addHook('onRoute', (route) => {
      const methods = [route.method].flat()
      if (route.config?.audit && methods.some((m) => m !== 'GET' && m !== 'HEAD')) {
        throw new Error(`Route ${String(route.method)} ${route.url} declares config.audit, which is for reads; a change audits itself in its service.`)
      }
      // Every export carries figures out of the app: one without an audit entry is a mistake that stops the start.
      if (route.url.startsWith('/api/exports/') && !route.config?.audit) {
        throw new Error(`Route ${String(route.method)} ${route.url} is an export without config.audit; refusing to start.`)
      }
    })

    app.addHook('onSend', async (request, reply, payload) => {
      const read = request.routeOptions.config.audit
      if (!read || request.user === null) return payload
      const status = reply.statusCode
      const refused = status === 403
      if (!refused && status !== 304 && (status < 200 || status >= 300)) return payload
      const query = { ...((request.query as Record<string, unknown> | undefined) ?? {}) }
      // Refused before validation: the query is what was sent, not what the schema allows.
      const detail = refused
        ? Object.fromEntries(Object.entries(query).slice(0, REFUSED_KEYS).map(([k, v]) => [k.slice(0, REFUSED_VALUE_CHARS), clip(v)]))
        : status === 304
          ? { ...query, notModified: true }
          : query
      await audit(app.db, { actor: request.user, action: read.action, outcome: refused ? 'refused' : 'success', target: targetOf(request, read), detail })
      return payload
    })
  },
  { name: 'audit-reads', dependencies: ['database', 'access'] },
)
