import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { normalizeCode } from '../administrations/access.service'
import { TooManyRequests } from '../errors'
import { errorResponses, StringEnum } from '../schemas'

export const SubmissionSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Made by the runner when the respondent starts; the idempotency key' }),
    // No U+0000: PostgreSQL text cannot hold it.
    code: Type.String({ minLength: 1, maxLength: 32, pattern: '^[^\\u0000]+$' }),
    slug: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }),
    version: Type.Integer({ minimum: 1 }),
    locale: Type.String({ maxLength: 16 }),
    channel: StringEnum(['kiosk', 'phone', 'web']),
    answers: Type.Record(Type.String(), Type.Unknown(), { maxProperties: 500 }),
    startedAt: Type.Optional(Type.String({ format: 'date-time' })),
    submittedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
)

const ReceiptSchema = Type.Object({ id: Type.String(), receivedAt: Type.String(), created: Type.Boolean() })

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
