import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, LocalizedText } from '../schemas'
import { getVersion, listInstruments } from './instruments.service'

const InstrumentSummary = Type.Object({
  slug: Type.String(),
  version: Type.Integer(),
  role: Type.String(),
  title: LocalizedText,
  languages: Type.Array(Type.Object({ locale: Type.String(), status: Type.Union([Type.Literal('draft'), Type.Literal('reviewed')]) })),
  contentHash: Type.String(),
})

export const instrumentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/instruments',
    {
      config: { access: 'public' },
      schema: {
        tags: ['instruments'],
        summary: 'The latest published version of each instrument, with its languages and their translation status',
        response: { 200: Type.Object({ instruments: Type.Array(InstrumentSummary) }) },
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
        params: Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }), version: Type.Integer({ minimum: 1, maximum: 100000 }) }),
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses(400, 404) },
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
