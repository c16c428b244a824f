import { Type } from 'typebox'
import { IdSchema } from '../schemas'

/** The most days a token may live: a year, so a forgotten token in a BI tool stops by itself. */
export const MAX_TOKEN_DAYS = 365

export const NewApiTokenSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 80, description: 'What it is for, e.g. "Power BI, district dashboard"' }),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_TOKEN_DAYS, description: 'Days until it expires (90 by default)' })),
  },
  { additionalProperties: false },
)

const tokenFields = {
  id: IdSchema,
  name: Type.String(),
  owner: Type.Object({ id: IdSchema, email: Type.String() }),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
}

export const ApiTokenSchema = Type.Object(tokenFields)

export const ApiTokenListSchema = Type.Object({ tokens: Type.Array(ApiTokenSchema) })

export const CreatedApiTokenSchema = Type.Object({
  ...tokenFields,
  token: Type.String({ description: 'Shown once: only its hash is kept. Send it as `Authorization: Bearer …`.' }),
})

export const TokenParamsSchema = Type.Object({ id: IdSchema })
