import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, LocalizedText } from '../schemas'
import { draftsOf, findBankItems, getDraft, importDraft, listVersions, parseOwner, publishDraft, saveDraft, startDraft } from './designer.service'

// A whole definition in ten languages is a few hundred KB: draft saves and imports may be larger than other bodies.
const DEFINITION_BODY_LIMIT = 4 * 1024 * 1024

const Definition = Type.Record(Type.String(), Type.Unknown())
const Defect = Type.Object({ file: Type.String(), pointer: Type.String(), message: Type.String() })
const Draft = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  ownerSchoolId: Type.Union([Type.Integer(), Type.Null()]),
  baseVersion: Type.Union([Type.Integer(), Type.Null()]),
  publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
  revision: Type.Integer(),
  updatedAt: Type.String(),
  definition: Definition,
  translations: Type.Record(Type.String(), Type.String()),
  translationHashes: Type.Union([Type.Record(Type.String(), Type.Record(Type.String(), Type.String())), Type.Null()]),
  defects: Type.Array(Defect),
  protectedItems: Type.Array(Type.Object({ itemId: Type.String(), domain: Type.String(), area: Type.String(), consent: Type.String() })),
})
// :id is a school id, or "district" for the district's templates; the access check reads it as a school.
const OwnerParams = Type.Object({ id: Type.String({ pattern: '^(district|[1-9][0-9]{0,8})$' }) })
const DraftParams = Type.Object({ id: OwnerParams.properties.id, draftId: Type.Integer({ minimum: 1, maximum: 2147483647 }) })

export const designerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/designer/versions',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['designer'],
        summary: 'Published versions a person may start a draft from or compare: district templates and their schools\' own',
        response: {
          200: Type.Object({
            versions: Type.Array(
              Type.Object({
                id: Type.Integer(),
                slug: Type.String(),
                version: Type.Integer(),
                role: Type.String(),
                ownerSchoolId: Type.Union([Type.Integer(), Type.Null()]),
                ownerSchoolName: Type.Union([Type.String(), Type.Null()]),
                title: LocalizedText,
                publishedAt: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          }),
          ...errorResponses(401),
        },
      },
    },
    async (request) => ({ versions: await listVersions(app.db, request.user!) }),
  )

  app.get(
    '/api/designer/bank',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['designer'],
        summary: 'The question bank: every scored item of every published version, by domain and by text in any language',
        querystring: Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), domain: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                itemId: Type.String(),
                domain: Type.String(),
                measures: Type.String(),
                slug: Type.String(),
                version: Type.Integer(),
                question: Definition,
                protected: Type.Union([Type.Object({ area: Type.String(), consent: Type.String() }), Type.Null()]),
              }),
            ),
          }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => ({ items: await findBankItems(app.db, request.user!, request.query) }),
  )

  app.get(
    '/api/designer/:id/drafts',
    {
      config: { access: 'school' },
      schema: {
        tags: ['designer'],
        summary: 'Drafts of a school (or of the district\'s templates, id "district")',
        params: OwnerParams,
        response: {
          200: Type.Object({
            drafts: Type.Array(
              Type.Object({ id: Type.Integer(), slug: Type.String(), baseVersion: Type.Union([Type.Integer(), Type.Null()]), revision: Type.Integer(), updatedAt: Type.String(), title: LocalizedText }),
            ),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => ({ drafts: await draftsOf(app.db, parseOwner(request.params.id)) }),
  )

  app.post(
    '/api/designer/:id/drafts',
    {
      config: { access: 'school' },
      schema: {
        tags: ['designer'],
        summary: 'Starts a draft from a published version (a district template or the school\'s own)',
        params: OwnerParams,
        body: Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,64}$' }), version: Type.Integer({ minimum: 1, maximum: 100000 }) }, { additionalProperties: false }),
        response: { 201: Draft, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await startDraft(app.db, app.domains, request.user!, parseOwner(request.params.id), request.body)),
  )

  app.post(
    '/api/designer/:id/imports',
    {
      config: { access: 'school' },
      bodyLimit: DEFINITION_BODY_LIMIT,
      schema: {
        tags: ['designer'],
        summary: 'Imports a surveys/<slug>/<n>.json file as a new draft, through the checks of npm run surveys:check',
        params: OwnerParams,
        body: Type.Object({ file: Definition }, { additionalProperties: false }),
        response: { 201: Draft, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await importDraft(app.db, app.domains, request.user!, parseOwner(request.params.id), request.body.file)),
  )

  app.get(
    '/api/designer/:id/drafts/:draftId',
    {
      config: { access: 'school' },
      schema: {
        tags: ['designer'],
        summary: 'One draft with its problems (the surveys:check rules, each pinned to a place in the definition) and protected-area items',
        params: DraftParams,
        response: { 200: Draft, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => getDraft(app.db, app.domains, parseOwner(request.params.id), request.params.draftId),
  )

  app.put(
    '/api/designer/:id/drafts/:draftId',
    {
      config: { access: 'school' },
      bodyLimit: DEFINITION_BODY_LIMIT,
      schema: {
        tags: ['designer'],
        summary: 'Saves a draft (refused with 409 when someone saved it since `revision`)',
        params: DraftParams,
        body: Type.Object(
          {
            revision: Type.Integer({ minimum: 1 }),
            definition: Definition,
            translationHashes: Type.Union([Type.Record(Type.String(), Type.Record(Type.String(), Type.String({ maxLength: 64 }))), Type.Null()]),
          },
          { additionalProperties: false },
        ),
        response: { 200: Draft, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => saveDraft(app.db, app.domains, request.user!, parseOwner(request.params.id), request.params.draftId, request.body),
  )

  app.post(
    '/api/designer/:id/drafts/:draftId/publish',
    {
      config: { access: 'school' },
      schema: {
        tags: ['designer'],
        summary: 'Publishes a draft as the next immutable version of its instrument (a school\'s own, or a district template by a district admin)',
        params: DraftParams,
        body: Type.Object({ revision: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ id: Type.Integer(), slug: Type.String(), version: Type.Integer(), ownerSchoolId: Type.Union([Type.Integer(), Type.Null()]) }),
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await publishDraft(app.db, app.domains, request.user!, parseOwner(request.params.id), request.params.draftId, request.body.revision)),
  )
}
