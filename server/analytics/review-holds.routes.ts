import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { HoldStatus } from '../db/schema'
import { HOLD_REASONS } from '../disclosure/review-rule'
import { ROLES } from '../instruments/ana'
import { errorResponses, StringEnum, WithheldSchema } from '../schemas'
import { decideHold, reviewHolds } from './review-holds.service'

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 })
const HOLD_STATUSES = ['held', 'approved', 'set-aside'] as const satisfies readonly HoldStatus[]

export const ReviewHoldSchema = Type.Object({
  id: Type.Integer(),
  administration: Type.Object({ id: Type.Integer(), name: Type.String(), timeZone: Type.String() }),
  school: Type.Object({ id: Type.Integer(), name: Type.String() }),
  role: StringEnum(ROLES),
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

const HoldParams = Type.Object({ holdId: Id })

export const reviewHoldsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/holds',
    {
      config: { access: 'admin', audit: { action: 'read.holds', target: 'administration' } },
      schema: {
        tags: ['administrations'],
        summary:
          'Responses a release cut held for review (a burst, or more than enrollment), one group of one school and role each; the undecided first. They join no release until approved.',
        querystring: Type.Object({ status: Type.Optional(StringEnum(HOLD_STATUSES)), administration: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 200: ReviewHoldListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      minCellSize: app.config.minCellSize,
      burst: app.config.reviewBurst,
      burstMinutes: app.config.reviewBurstMinutes,
      holds: await reviewHolds(app.db, { status: request.query.status, administrationId: request.query.administration }, app.config.minCellSize),
    }),
  )

  app.post(
    '/api/holds/:holdId/approve',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administrations'],
        summary: 'Approve a hold: its responses join the next release, by the release rule. Final.',
        params: HoldParams,
        response: { 200: ReviewHoldSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => decideHold(app.db, request.user!, request.params.holdId, 'approved', app.config.minCellSize),
  )

  app.post(
    '/api/holds/:holdId/set-aside',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administrations'],
        summary: 'Set a hold aside for good: its responses are kept but never released. Final.',
        params: HoldParams,
        response: { 200: ReviewHoldSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => decideHold(app.db, request.user!, request.params.holdId, 'set-aside', app.config.minCellSize),
  )
}
