import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../schemas'
import { HoldParamsSchema, HoldQuerySchema, ReviewHoldListSchema, ReviewHoldSchema } from './review-holds.schemas'
import { decideHold, reviewHolds } from './review-holds.service'

export const reviewHoldsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/holds',
    {
      config: { access: 'admin', audit: { action: 'read.holds', target: 'administration' } },
      schema: {
        tags: ['administrations'],
        summary:
          'Responses a release cut held for review (a burst, or more than enrollment), one group of one school and role each; the undecided first. They join no release until approved.',
        querystring: HoldQuerySchema,
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
        params: HoldParamsSchema,
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
        params: HoldParamsSchema,
        response: { 200: ReviewHoldSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => decideHold(app.db, request.user!, request.params.holdId, 'set-aside', app.config.minCellSize),
  )
}
