import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { openLimit } from '../limits'
import { errorResponses } from '../schemas'
import { DefinitionSchema, InstrumentListSchema, VersionParamsSchema } from './instruments.schemas'
import { entityTag, noneMatchHits, pickEncoding } from './content-negotiation'
import { listInstruments, servedDefinition } from './instruments.service'

export const instrumentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/instruments',
    {
      config: { access: 'public' },
      schema: {
        tags: ['instruments'],
        summary: 'The latest published version of each instrument, with its languages and their translation status',
        response: { 200: InstrumentListSchema },
      },
    },
    async () => ({ instruments: await listInstruments(app.db) }),
  )

  // No access code is asked for: a published version holds the questions, never anyone's answers, so it is as public
  // as the survey on paper. That lets browsers, the service worker and any proxy keep it for good, and lets a flood
  // of downloads cost a memory read each (definition-cache.ts).
  app.get(
    '/api/instruments/:slug/versions/:version',
    {
      config: { access: 'public', rateLimit: openLimit(app.config.openRateLimitPerMinute) },
      // Sent as stored, already compressed: @fastify/compress would compress it again on the event loop per request.
      compress: false,
      schema: {
        tags: ['instruments'],
        summary: 'One published instrument version: an immutable SurveyJS definition with ANA metadata',
        description: 'Brotli or gzip per Accept-Encoding; a strong ETag per encoding, and 304 for a matching If-None-Match.',
        params: VersionParamsSchema,
        response: { 200: DefinitionSchema, ...errorResponses(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const served = await servedDefinition(app.db, request.params.slug, request.params.version)
      const encoding = pickEncoding(request.headers['accept-encoding'])
      const etag = entityTag(served.contentHash, encoding)
      reply.header('etag', etag).header('cache-control', 'public, max-age=31536000, immutable').header('vary', 'accept-encoding')
      if (noneMatchHits(request.headers['if-none-match'], etag)) return reply.code(304 as 200).send(undefined as never)
      if (encoding !== 'identity') reply.header('content-encoding', encoding)
      // Bytes are sent as they are, past the response schema's serializer.
      return reply.type('application/json; charset=utf-8').send(served.bodies[encoding] as never)
    },
  )
}
