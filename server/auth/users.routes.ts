import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { auditLog } from '../audit/audit.service'
import { errorResponses, IdSchema } from '../schemas'
import {
  AccountChangeSchema,
  AccountListSchema,
  AuditListSchema,
  AuditQuerySchema,
  CreatedAccountSchema,
  EndedSchema,
  NewAccountSchema,
} from './accounts.schemas'
import { changeAccount, createAccount, endOtherSessions, endSessionsOf, listAccounts } from './auth.service'

export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: { tags: ['accounts'], summary: 'Every staff account with its role, schools and open sessions', response: { 200: AccountListSchema, ...errorResponses(401, 403) } },
    },
    async () => ({ users: await listAccounts(app.db) }),
  )

  app.post(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'Create a staff account; without a password, the person signs in with the district’s accounts or sets one through a password link',
        body: NewAccountSchema,
        response: { 201: CreatedAccountSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const created = await createAccount(app.db, { ...request.body, schoolIds: request.body.schoolIds ?? [] }, request.user)
      return reply.code(201).send(created)
    },
  )

  app.patch(
    '/api/users/:id',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: "Change an account's role, schools, password, or disable it; its sessions end",
        params: Type.Object({ id: IdSchema }),
        body: AccountChangeSchema,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await changeAccount(app.db, request.params.id, request.body, request.user!)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/users/:id/end-sessions',
    {
      config: { access: 'admin' },
      schema: { tags: ['accounts'], summary: "End every session of one account (e.g. a lost laptop)", params: Type.Object({ id: IdSchema }), response: { 200: EndedSchema, ...errorResponses(401, 403, 404) } },
    },
    async (request) => ({ ended: await endSessionsOf(app.db, request.params.id, request.user!) }),
  )

  app.post(
    '/api/sessions/end-all',
    {
      config: { access: 'admin' },
      schema: { tags: ['accounts'], summary: "End everyone's sessions but your own; each person signs in again on their next request", response: { 200: EndedSchema, ...errorResponses(401, 403) } },
    },
    async (request) => ({ ended: await endOtherSessions(app.db, request.user!) }),
  )

  app.get(
    '/api/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'The audit log, newest first: sign-ins, reads of figures (refused ones too), exports, account, administration and publishing changes',
        querystring: AuditQuerySchema,
        response: {
          200: AuditListSchema,
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => auditLog(app.db, { limit: request.query.limit ?? 100, before: request.query.before, action: request.query.action }),
  )
}
