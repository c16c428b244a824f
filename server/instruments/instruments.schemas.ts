import { Type } from 'typebox'
import { LocalizedText } from '../schemas'

/** The latest published version of an instrument, with its languages and their translation status. */
export const InstrumentSummarySchema = Type.Object({
  slug: Type.String(),
  version: Type.Integer(),
  role: Type.String(),
  title: LocalizedText,
  languages: Type.Array(Type.Object({ locale: Type.String(), status: Type.Union([Type.Literal('draft'), Type.Literal('reviewed')]) })),
  contentHash: Type.String(),
})
export const InstrumentListSchema = Type.Object({ instruments: Type.Array(InstrumentSummarySchema) })

export const VersionParamsSchema = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }), version: Type.Integer({ minimum: 1, maximum: 100000 }) })

/** A published version's SurveyJS definition with ANA metadata: immutable, so cached for good. */
export const DefinitionSchema = Type.Object({}, { additionalProperties: true })
