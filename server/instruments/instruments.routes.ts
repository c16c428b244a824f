import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../schemas'
import { DefinitionSchema, InstrumentListSchema, VersionParamsSchema } from './instruments.schemas'
import { getVersion, listInstruments } from './instruments.service'

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

  app.get(
    '/api/instruments/:slug/versions/:version',
    {
      config: { access: 'public' },
      schema: {
        tags: ['instruments'],
        summary: 'One published instrument version: an immutable SurveyJS definition with ANA metadata',
        params: VersionParamsSchema,
        response: { 200: DefinitionSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const row = await getVersion(app.db, request.params.slug, request.params.version)
      const etag = `"${row.content_hash}"`
      reply.header('etag', etag).header('cache-control', 'public, max-age=31536000, immutable')
      if (request.headers['if-none-match'] === etag) return reply.code(304 as 200).send(undefined as never)
      return row.definition
    },
  )
}
