import { Type } from 'typebox'
import { IdSchema, StringEnum } from '../schemas'
import { ACCOUNT_ROLES, STAFF_ROLES } from '../vocabulary/roles'

/** Who is signed in (sign-in, GET /api/auth/me), as the staff pages (client/api/auth.ts) read it. */
export const MeSchema = Type.Object({
  user: Type.Object({
    id: Type.Integer(),
    email: Type.String(),
    role: StringEnum(ACCOUNT_ROLES, { description: "'pending': made at a first sign-in with the district's accounts; no access until an admin gives it a role" }),
    schools: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  }),
  /** Send it back as the X-CSRF-Token header on every POST, PATCH, PUT and DELETE. */
  csrfToken: Type.String(),
  session: Type.Object({ idleMinutes: Type.Integer(), maxHours: Type.Integer() }),
})

export const SignInSchema = Type.Object({ email: Type.String({ minLength: 1, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false })

const SchoolIds = Type.Array(IdSchema, { maxItems: 1000 })
const Password = Type.String({ minLength: 1, maxLength: 256 })

/** A staff account as the accounts page lists it. */
export const AccountSchema = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  role: StringEnum(ACCOUNT_ROLES),
  schoolIds: Type.Array(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  disabled: Type.Boolean(),
  hasPassword: Type.Boolean({ description: 'False: signs in with the district’s accounts, or has not used a password link yet' }),
  sessions: Type.Integer({ description: 'Sessions open now' }),
})
export const AccountListSchema = Type.Object({ users: Type.Array(AccountSchema) })

export const NewAccountSchema = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254 }), password: Type.Optional(Password), role: StringEnum(STAFF_ROLES), schoolIds: Type.Optional(SchoolIds) },
  { additionalProperties: false },
)
export const CreatedAccountSchema = Type.Object({ id: Type.Integer(), email: Type.String(), role: StringEnum(STAFF_ROLES), schoolIds: Type.Array(Type.Integer()) })

export const AccountChangeSchema = Type.Object(
  { role: Type.Optional(StringEnum(STAFF_ROLES)), schoolIds: Type.Optional(SchoolIds), disabled: Type.Optional(Type.Boolean()), password: Type.Optional(Password) },
  { additionalProperties: false, minProperties: 1 },
)

/** How many sessions a request ended. */
export const EndedSchema = Type.Object({ ended: Type.Integer() })

export const AuditQuerySchema = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })), before: Type.Optional(Type.Integer({ minimum: 1 })), action: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
)

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  outcome: StringEnum(['success', 'failure', 'refused'] as const),
  target: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
})
export const AuditListSchema = Type.Object({ entries: Type.Array(AuditEntrySchema) })
