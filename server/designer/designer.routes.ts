import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../schemas'
import {
  BankQuerySchema,
  BankSchema,
  DraftListSchema,
  DraftParamsSchema,
  DraftSchema,
  ImportDraftSchema,
  ImportXlsFormSchema,
  OwnerParamsSchema,
  PublishDraftSchema,
  PublishedSchema,
  PublishedVersionListSchema,
  SaveDraftSchema,
  StartDraftSchema,
  VersionParamsSchema,
  XlsFormImportedSchema,
} from './designer.schemas'
import { draftsOf, exportXlsForm, findBankItems, getDraft, importDraft, importXlsFormDraft, listVersions, parseOwner, publishDraft, saveDraft, startDraft } from './designer.service'
import { sendXlsx } from '../exports/send'

// A whole definition in ten languages is a few hundred KB: draft saves and imports may be larger than other bodies.
const DEFINITION_BODY_LIMIT = 4 * 1024 * 1024

export const designerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const draftRules = () => ({ domains: app.domains, standards: app.standards })

  app.get(
    '/api/designer/versions',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['designer'],
        summary: 'Published versions a person may start a draft from or compare: district templates and their schools\' own',
        response: {
          200: PublishedVersionListSchema,
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
        querystring: BankQuerySchema,
        response: {
          200: BankSchema,
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
        params: OwnerParamsSchema,
        response: {
          200: DraftListSchema,
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
        params: OwnerParamsSchema,
        body: StartDraftSchema,
        response: { 201: DraftSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await startDraft(app.db, draftRules(), request.user!, parseOwner(request.params.id), request.body)),
  )

  app.post(
    '/api/designer/:id/imports',
    {
      config: { access: 'school' },
      bodyLimit: DEFINITION_BODY_LIMIT,
      schema: {
        tags: ['designer'],
        summary: 'Imports a surveys/<slug>/<n>.json file as a new draft, through the checks of npm run surveys:check',
        params: OwnerParamsSchema,
        body: ImportDraftSchema,
        response: { 201: DraftSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await importDraft(app.db, draftRules(), request.user!, parseOwner(request.params.id), request.body.file)),
  )

  app.post(
    '/api/designer/:id/imports/xlsform',
    {
      config: { access: 'school' },
      bodyLimit: DEFINITION_BODY_LIMIT,
      schema: {
        tags: ['designer'],
        summary: 'Imports an XLSForm (KoboToolbox, ODK) as a new draft of an instrument; what it still lacks (item ids, domains, scores) is listed as the draft\'s problems',
        params: OwnerParamsSchema,
        body: ImportXlsFormSchema,
        response: { 201: XlsFormImportedSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await importXlsFormDraft(app.db, draftRules(), request.user!, parseOwner(request.params.id), Buffer.from(request.body.file, 'base64'), request.body.slug)),
  )

  app.get(
    '/api/designer/versions/:slug/:version/xlsform',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['designer'],
        summary: 'A published version as an XLSForm workbook (survey, choices and settings sheets; every language; the engine\'s metadata in ana:: columns)',
        params: VersionParamsSchema,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => sendXlsx(reply, `${request.params.slug}_v${request.params.version}_xlsform.xlsx`, await exportXlsForm(app.db, request.user!, request.params.slug, request.params.version)),
  )

  app.get(
    '/api/designer/:id/drafts/:draftId',
    {
      config: { access: 'school' },
      schema: {
        tags: ['designer'],
        summary: 'One draft with its problems (the surveys:check rules, each pinned to a place in the definition) and protected-area items',
        params: DraftParamsSchema,
        response: { 200: DraftSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => getDraft(app.db, draftRules(), parseOwner(request.params.id), request.params.draftId),
  )

  app.put(
    '/api/designer/:id/drafts/:draftId',
    {
      config: { access: 'school' },
      bodyLimit: DEFINITION_BODY_LIMIT,
      schema: {
        tags: ['designer'],
        summary: 'Saves a draft (refused with 409 when someone saved it since `revision`)',
        params: DraftParamsSchema,
        body: SaveDraftSchema,
        response: { 200: DraftSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => saveDraft(app.db, draftRules(), request.user!, parseOwner(request.params.id), request.params.draftId, request.body),
  )

  app.post(
    '/api/designer/:id/drafts/:draftId/publish',
    {
      config: { access: 'school' },
      schema: {
        tags: ['designer'],
        summary: 'Publishes a draft as the next immutable version of its instrument (a school\'s own, or a district template by a district admin)',
        params: DraftParamsSchema,
        body: PublishDraftSchema,
        response: {
          201: PublishedSchema,
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await publishDraft(app.db, draftRules(), request.user!, parseOwner(request.params.id), request.params.draftId, request.body.revision)),
  )
}
