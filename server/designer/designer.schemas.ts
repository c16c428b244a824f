import { Type, type Static } from 'typebox'
import { IdSchema, LocalizedText, StringEnum } from '../schemas'

/** A SurveyJS definition (or one question of it) as JSON. */
export const DefinitionSchema = Type.Record(Type.String(), Type.Unknown())

/** A problem of a draft (the surveys:check rules), pinned to a place in the definition. */
export const DefectSchema = Type.Object({ file: Type.String(), pointer: Type.String(), message: Type.String() })

/** An item of a protected area (bank.ts PROTECTED_AREAS) and the consent it asks for. */
export const ProtectedItemSchema = Type.Object({ itemId: Type.String(), domain: Type.String(), area: Type.String(), consent: Type.String() })

export const DraftSchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  ownerSchoolId: Type.Union([Type.Integer(), Type.Null()]),
  baseVersion: Type.Union([Type.Integer(), Type.Null()]),
  publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
  revision: Type.Integer(),
  updatedAt: Type.String(),
  definition: DefinitionSchema,
  translations: Type.Record(Type.String(), StringEnum(['draft', 'reviewed'] as const)),
  translationHashes: Type.Union([Type.Record(Type.String(), Type.Record(Type.String(), Type.String())), Type.Null()]),
  defects: Type.Array(DefectSchema),
  protectedItems: Type.Array(ProtectedItemSchema),
})

// :id is a school id, or "district" for the district's templates; the access check reads it as a school.
export const OwnerParamsSchema = Type.Object({ id: Type.String({ pattern: '^(district|[1-9][0-9]{0,8})$' }) })
export const DraftParamsSchema = Type.Object({ id: OwnerParamsSchema.properties.id, draftId: IdSchema })

export const PublishedVersionSchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  version: Type.Integer(),
  role: Type.String(),
  ownerSchoolId: Type.Union([Type.Integer(), Type.Null()]),
  ownerSchoolName: Type.Union([Type.String(), Type.Null()]),
  title: LocalizedText,
  publishedAt: Type.Union([Type.String(), Type.Null()]),
})
export const PublishedVersionListSchema = Type.Object({ versions: Type.Array(PublishedVersionSchema) })

export const BankQuerySchema = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), domain: Type.Optional(Type.String({ maxLength: 64 })) })

/** A scored item that a draft can reuse, with the question that carries it (its itemId, translations and scores). */
export const BankItemSchema = Type.Object({
  itemId: Type.String(),
  domain: Type.String(),
  measures: Type.String(),
  slug: Type.String(),
  version: Type.Integer(),
  /** The SurveyJS question to insert: the question itself, or a matrix row as a matrix of one row. */
  question: DefinitionSchema,
  protected: Type.Union([Type.Object({ area: Type.String(), consent: Type.String() }), Type.Null()]),
})
export type BankItem = Static<typeof BankItemSchema>
export const BankSchema = Type.Object({ items: Type.Array(BankItemSchema) })

export const DraftListSchema = Type.Object({
  drafts: Type.Array(
    Type.Object({ id: Type.Integer(), slug: Type.String(), baseVersion: Type.Union([Type.Integer(), Type.Null()]), revision: Type.Integer(), updatedAt: Type.String(), title: LocalizedText }),
  ),
})

export const StartDraftSchema = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }), version: Type.Integer({ minimum: 1, maximum: 100000 }) }, { additionalProperties: false })
export const ImportXlsFormSchema = Type.Object(
  {
    file: Type.String({ minLength: 1, maxLength: 4 * 1024 * 1024 - 1024, description: "The XLSForm workbook's bytes (.xlsx) in base64" }),
    slug: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,64}$', description: "The instrument the form becomes a draft of; the form's form_id when absent" })),
  },
  { additionalProperties: false },
)
export const XlsFormImportedSchema = Type.Object({
  draft: DraftSchema,
  notices: Type.Array(Type.String(), { description: 'What the import left out and why (device identifiers, constraints it does not check, languages it does not offer)' }),
})
export const VersionParamsSchema = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }), version: Type.Integer({ minimum: 1, maximum: 100000 }) }, { additionalProperties: false })
export const ImportDraftSchema = Type.Object({ file: DefinitionSchema }, { additionalProperties: false })
export const SaveDraftSchema = Type.Object(
  {
    revision: Type.Integer({ minimum: 1 }),
    definition: DefinitionSchema,
    translationHashes: Type.Union([Type.Record(Type.String(), Type.Record(Type.String(), Type.String({ maxLength: 64 }))), Type.Null()]),
  },
  { additionalProperties: false },
)
export const PublishDraftSchema = Type.Object({ revision: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })
export const PublishedSchema = Type.Object({ id: Type.Integer(), slug: Type.String(), version: Type.Integer(), ownerSchoolId: Type.Union([Type.Integer(), Type.Null()]) })
