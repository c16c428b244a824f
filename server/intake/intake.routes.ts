import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { normalizeCode } from '../vocabulary/access-codes'
import { TooManyRequests } from '../errors'
import { errorResponses } from '../schemas'
import { Type } from 'typebox'
import { ReceiptLookupSchema, ReceiptSchema, SubmissionSchema } from './intake.schemas'
import { lookUpReceipt } from './receipts.service'

/** The access code a submission names, as codes are compared (the body is validated before the limits run). */
function codeOf(request: FastifyRequest): string {
  const body = request.body as { code?: unknown } | undefined
  return typeof body?.code === 'string' ? normalizeCode(body.code) : '-'
}

/**
 * Per access code across all addresses: a minute's window from each code's first response, as @fastify/rate-limit
 * keeps its windows (which runs one limiter per request: the per-address limit below uses it). In-process, so per
 * server.
 */
class CodeWindows {
  private windows = new Map<string, { resetAt: number; count: number }>()
  constructor(private readonly max: number) {}

  /** Counts one response through this code; the seconds to wait when over the limit, else 0. */
  take(code: string, now = Date.now()): number {
    if (this.windows.size > 10_000) for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key)
    let window = this.windows.get(code)
    if (!window || window.resetAt <= now) this.windows.set(code, (window = { resetAt: now + 60_000, count: 0 }))
    window.count += 1
    return window.count > this.max ? Math.ceil((window.resetAt - now) / 1000) : 0
  }
}

const tooMany = (seconds: number) => new TooManyRequests(`Too many responses through this school's code just now; try again in ${seconds} seconds.`)

export const intakeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const codeWindows = new CodeWindows(app.config.codeRateLimitPerMinute)
  app.post(
    '/api/responses',
    {
      bodyLimit: 64 * 1024,
      config: {
        access: 'public',
        ownTextCheck: true,
        // Two limits a client cannot reset: the access code with the address the request came from (the peer, or
        // with TRUST_PROXY the client a proxy names), then the access code alone. Headers the client chooses (the
        // runner's X-Client-Token) are part of neither. A class of 30 phones on the school's Wi-Fi shares one
        // address and fits the first limit twice over; a kiosk sends a few a minute; a flood from one client is
        // refused after RATE_LIMIT_PER_MINUTE, a flood from many addresses after CODE_RATE_LIMIT_PER_MINUTE. A
        // refused response is not lost: the runner keeps it and sends it again later. What gets through may still
        // be held for review at the release cut (disclosure/review-rule.ts: bursts, more than enrollment).
        // After parsing (preHandler), so the code is known.
        rateLimit: {
          max: app.config.rateLimitPerMinute,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (request) => `${codeOf(request)}:${request.ip}`,
          errorResponseBuilder: (_request, context) => tooMany(Math.ceil(context.ttl / 1000)),
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
      // The code's own limit, once the per-address one has let the response through.
      const wait = codeWindows.take(codeOf(request))
      if (wait > 0) {
        reply.header('retry-after', String(wait))
        throw tooMany(wait)
      }
      const receipt = await app.intake.submit(request.body)
      return reply.code(receipt.created ? 201 : 200).send(receipt)
    },
  )

  app.get(
    '/api/receipts/:receipt',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['respondents'],
        summary: "The responses a respondent's receipt (shown on the thank-you screen) stands for: when and where each arrived, never the answers",
        params: Type.Object({ receipt: Type.String({ maxLength: 32 }) }),
        response: { 200: ReceiptLookupSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => lookUpReceipt(app.db, request.params.receipt, request.user!),
  )
}
