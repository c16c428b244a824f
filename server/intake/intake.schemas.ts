import { Type, type Static } from 'typebox'
import { StringEnum } from '../schemas'
import { CHANNELS } from '../vocabulary/channels'

/** POST /api/responses: one response, sent by the runner (client/api/responses.ts) and read by intake.service.ts. */
export const SubmissionSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Made by the runner when the respondent starts; the idempotency key' }),
    // No U+0000: PostgreSQL text cannot hold it.
    code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[^\\u0000]+$' }),
    slug: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }),
    version: Type.Integer({ minimum: 1 }),
    locale: Type.String({ maxLength: 16 }),
    channel: StringEnum(CHANNELS),
    answers: Type.Record(Type.String(), Type.Unknown(), { maxProperties: 500 }),
    startedAt: Type.Optional(Type.String({ format: 'date-time' })),
    submittedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
)

export type Submission = Static<typeof SubmissionSchema>

export const ReceiptSchema = Type.Object({ id: Type.String(), receivedAt: Type.String(), created: Type.Boolean() })
/** `created` is false when this exact response had already been stored and this call only replayed it. */
export type Receipt = Static<typeof ReceiptSchema>

/** GET /api/receipts/:receipt: the responses a respondent's receipt stands for (usually one), never their answers. */
export const ReceiptLookupSchema = Type.Object({
  receipt: Type.String({ description: 'As the runner shows it: XXXX-XXXX' }),
  responses: Type.Array(
    Type.Object({
      receivedAt: Type.String(),
      school: Type.Object({ id: Type.Integer(), name: Type.String() }),
      administrationId: Type.Integer(),
      role: Type.String(),
    }),
  ),
})
export type ReceiptLookup = Static<typeof ReceiptLookupSchema>
