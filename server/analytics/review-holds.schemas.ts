import { Type } from 'typebox'
import type { HoldStatus } from '../db/schema'
import { HOLD_REASONS } from '../disclosure/review-rule'
import { IdSchema, RoleSchema, StringEnum, WithheldSchema } from '../schemas'

export const HOLD_STATUSES = ['held', 'approved', 'set-aside'] as const satisfies readonly HoldStatus[]

export const ReviewHoldSchema = Type.Object({
  id: Type.Integer(),
  administration: Type.Object({ id: Type.Integer(), name: Type.String(), timeZone: Type.String() }),
  school: Type.Object({ id: Type.Integer(), name: Type.String() }),
  role: RoleSchema,
  reasons: Type.Array(StringEnum(HOLD_REASONS), {
    description: 'burst: part of a run of responses to one school and role with no long gap between them; over-enrollment: more responses than the school has people in that role',
  }),
  firstReceivedAt: Type.String({ format: 'date-time' }),
  lastReceivedAt: Type.String({ format: 'date-time' }),
  responses: Type.Union([Type.Object({ shown: Type.Literal(true), n: Type.Integer() }), WithheldSchema], { description: 'How many responses it holds: exact only at k or more' }),
  heldAt: Type.String({ format: 'date-time' }),
  status: StringEnum(HOLD_STATUSES, { description: 'held: waiting for a decision; approved: joins the next release by the release rule; set-aside: kept, never released' }),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  decidedBy: Type.Union([Type.String(), Type.Null()], { description: 'The email of the district admin who decided' }),
})

export const ReviewHoldListSchema = Type.Object({
  minCellSize: Type.Integer({ description: 'k: a hold of fewer responses does not say how many' }),
  burst: Type.Integer({ description: 'B: a cut holds this many responses to one school and role that came...' }),
  burstMinutes: Type.Integer({ description: '...with no longer gap than this between one and the next' }),
  holds: Type.Array(ReviewHoldSchema),
})

export const HoldQuerySchema = Type.Object({ status: Type.Optional(StringEnum(HOLD_STATUSES)), administration: Type.Optional(IdSchema) }, { additionalProperties: false })
export const HoldParamsSchema = Type.Object({ holdId: IdSchema })
