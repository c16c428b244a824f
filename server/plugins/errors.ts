import fp from 'fastify-plugin'
import type { FastifyError } from 'fastify'
import { HttpError, TooManyRequests } from '../errors'

/** Turns every error into `{ error, message, details? }`; a 5xx never shows internals. */
export default fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError | HttpError | Error, request, reply) => {
      if (error instanceof HttpError) {
        if (error instanceof TooManyRequests && error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter))
        return reply.code(error.statusCode).send({ error: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) })
      }
      const fe = error as FastifyError
      if (fe.validation) {
        const details = fe.validation.map((v) => ({ path: v.instancePath || '/', reason: v.message ?? 'is invalid', ...(v.params ? { params: v.params } : {}) }))
        const where = fe.validationContext ?? 'request'
        const first = details[0]
        return reply.code(400).send({ error: 'bad_request', message: `Invalid ${where}: ${first.path} ${first.reason}.`, details })
      }
      const status = fe.statusCode ?? 500
      if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
        return reply.code(400).send({ error: 'invalid_json', message: 'The body is not valid JSON, or uses a forbidden key (__proto__ or constructor.prototype).' })
      }
      if (status >= 400 && status < 500) {
        const messages: Record<number, string> = {
          413: 'The request body is too large.',
          415: 'Send the body as application/json.',
          429: 'Too many requests; wait a moment and try again.',
        }
        return reply.code(status).send({ error: fe.code?.toLowerCase() ?? 'bad_request', message: messages[status] ?? fe.message })
      }
      request.log.error({ err: error }, 'request failed')
      return reply.code(500).send({ error: 'internal', message: 'Something went wrong on our side. Your data is safe; please try again.' })
    })
    app.setNotFoundHandler((request, reply) =>
      reply.code(404).send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` }),
    )
  },
  { name: 'errors' },
)
