import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { audit, auditEntries } from '../audit/audit.repository'
import { NotFound } from '../errors'
import { errorResponses, StringEnum } from '../schemas'
import { deleteSessionsOf, findUser, listUsers } from './auth.repository'
import { changeAccount, createAccount, STAFF_ROLES } from './auth.service'

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 })
const SchoolIds = Type.Array(Id, { maxItems: 1000 })
const Password = Type.String({ minLength: 1, maxLength: 256 })

const UserSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  role: StringEnum(STAFF_ROLES),
  schoolIds: Type.Array(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  disabled: Type.Boolean(),
  sessions: Type.Integer({ description: 'Sessions open now' }),
})

/** Account management: district admins only. */
export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: { tags: ['accounts'], summary: 'Every staff account with its role, schools and open sessions', response: { 200: Type.Object({ users: Type.Array(UserSchema) }), ...errorResponses(401, 403) } },
    },
    async () => ({
      users: (await listUsers(app.db)).map((u) => ({
        id: u.id,
        email: u.email,
        role: u.role,
        schoolIds: u.school_ids,
        createdAt: u.created_at.toISOString(),
        disabled: u.disabled_at !== null,
        sessions: Number(u.sessions ?? 0),
      })),
    }),
  )

  app.post(
    '/api/users',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'Create a staff account',
        body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 254 }), password: Password, role: StringEnum(STAFF_ROLES), schoolIds: Type.Optional(SchoolIds) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.Integer(), email: Type.String(), role: StringEnum(STAFF_ROLES), schoolIds: Type.Array(Type.Integer()) }), ...errorResponses(400, 401, 403, 409) },
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
        params: Type.Object({ id: Id }),
        body: Type.Object({ role: Type.Optional(StringEnum(STAFF_ROLES)), schoolIds: Type.Optional(SchoolIds), disabled: Type.Optional(Type.Boolean()), password: Type.Optional(Password) }, { additionalProperties: false, minProperties: 1 }),
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
      schema: { tags: ['accounts'], summary: "End every session of one account (e.g. a lost laptop)", params: Type.Object({ id: Id }), response: { 200: Type.Object({ ended: Type.Integer() }), ...errorResponses(401, 403, 404) } },
    },
    async (request) => {
      if (!(await findUser(app.db, request.params.id))) throw new NotFound(`No account with id ${request.params.id}.`)
      const ended = await deleteSessionsOf(app.db, request.params.id)
      await audit(app.db, { actor: request.user, action: 'sessions.end', outcome: 'success', target: `user:${request.params.id}`, detail: { ended } })
      return { ended }
    },
  )

  app.post(
    '/api/sessions/end-all',
    {
      config: { access: 'admin' },
      schema: { tags: ['accounts'], summary: "End everyone's sessions but your own; each person signs in again on their next request", response: { 200: Type.Object({ ended: Type.Integer() }), ...errorResponses(401, 403) } },
    },
    async (request) => {
      const result = await app.db.deleteFrom('sessions').where('user_id', '!=', request.user!.id).executeTakeFirst()
      const ended = Number(result.numDeletedRows)
      await audit(app.db, { actor: request.user, action: 'sessions.end-all', outcome: 'success', detail: { ended } })
      return { ended }
    },
  )

  app.get(
    '/api/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'The audit log, newest first: sign-ins, reads of figures (refused ones too), exports, account, administration and publishing changes',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })), before: Type.Optional(Type.Integer({ minimum: 1 })), action: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            entries: Type.Array(
              Type.Object({
                id: Type.Integer(),
                at: Type.String({ format: 'date-time' }),
                actor: Type.Union([Type.String(), Type.Null()]),
                action: Type.String(),
                outcome: StringEnum(['success', 'failure', 'refused'] as const),
                target: Type.Union([Type.String(), Type.Null()]),
                detail: Type.Record(Type.String(), Type.Unknown()),
              }),
            ),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const rows = await auditEntries(app.db, { limit: request.query.limit ?? 100, before: request.query.before, action: request.query.action })
      return { entries: rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), actor: r.actor_email, action: r.action, outcome: r.outcome, target: r.target, detail: r.detail })) }
    },
  )
}
