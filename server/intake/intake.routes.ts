import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { normalizeCode } from '../vocabulary/access-codes'
import { TooManyRequests } from '../errors'
import { errorResponses } from '../schemas'
import { ReceiptSchema, SubmissionSchema } from './intake.schemas'

export const intakeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/responses',
    {
      bodyLimit: 64 * 1024,
      config: {
        access: 'public',
        rateLimit: {
          max: app.config.rateLimitPerMinute,
          timeWindow: 60_000,
          // After parsing, so the key is the access code and the runner's random client token rather than the IP
          // address a whole school shares. The token lives only in this limiter's memory, never with a response.
          hook: 'preHandler',
          keyGenerator: (request) => {
            const body = request.body as { code?: unknown } | undefined
            const code = typeof body?.code === 'string' ? normalizeCode(body.code) : '-'
            const token = String(request.headers['x-client-token'] ?? request.ip).slice(0, 64)
            return `${code}:${token}`
          },
          errorResponseBuilder: (_request, context) =>
            new TooManyRequests(`Too many responses from this device; try again in ${Math.ceil(context.ttl / 1000)} seconds.`),
        },
      },
      schema: {
        tags: ['respondents'],
        summary: 'Submit one response; stored exactly once per id, with its item and domain scores',
        body: SubmissionSchema,
        response: { 200: ReceiptSchema, 201: ReceiptSchema, ...errorResponses(400, 404, 409, 410, 413, 429) },
      },
    },
    async (request, reply) => {
      const receipt = await app.intake.submit(request.body)
      return reply.code(receipt.created ? 201 : 200).send(receipt)
    },
  )
}
