import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, IdSchema } from '../schemas'
import { CompareFiltersSchema, CrossTabQuerySchema, CrossTabSchema, DistrictCrossTabQuerySchema, DistrictCrossTabSchema, DistrictComparisonSchema, SchoolProfileSchema, TableFormatSchema } from './profiles.schemas'
import { exportFileName, fileNamePart } from '../exports/file-name'
import { sendTable, sendText } from '../exports/send'
import { comparisonTable, profileTable } from './exports'
import { responsesTable } from './responses-export'
import { codebookEntries, CodebookEntrySchema, codebookTable, type CodebookEntry } from './codebook'
import { rScript } from './r-script'
import { spssSyntax } from './spss-syntax'
import { stataDo } from './stata-do'
import { gridOf, sendView, servedComparison, servedDistrictCrossTab, servedProfile } from './release-views'
import { schoolCrossTab } from './profiles.service'
import { DistrictGridSchema } from './comparison-grid'
import { StringEnum } from '../schemas'

/** A repeat visit whose ETag still matches: no body. */
const NotModified = Type.Null({ description: 'Not modified: the figures the client holds (If-None-Match) are current' })

/** An extract of the response-level data: one instrument's rows and columns (400 naming the offered ones otherwise). */
const InstrumentParam = Type.Optional(
  Type.String({ minLength: 1, maxLength: 100, description: "An instrument's slug: that instrument's rows and columns only (an extract)" }),
)
/** The file names of an extract say which instrument it holds. */
const extractName = (what: string, instrument: string | undefined) => (instrument === undefined ? what : `${what}-${instrument}`)

export const profilesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const profileOptions = () => ({ minCellSize: app.config.minCellSize, highNeedThreshold: app.config.highNeedThreshold, domains: app.domains })

  app.get(
    '/api/exports/district-comparison',
    {
      config: { access: 'district', audit: { action: 'export.district-comparison', target: 'administration' } },
      schema: {
        tags: ['profiles'],
        summary: 'The comparison matrix as CSV or XLSX; withheld cells empty, with a column saying why',
        querystring: Type.Object({ ...CompareFiltersSchema, format: TableFormatSchema }, { additionalProperties: false }),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const { format, administration, ...filters } = request.query
      const comparison = await servedComparison(app.db, { administrationId: administration, ...filters }, { minCellSize: app.config.minCellSize, domains: app.domains })
      return sendTable(reply, comparisonTable(comparison.body), format, await exportFileName(app.db, app.config, administration, 'district-comparison'))
    },
  )

  app.get(
    '/api/exports/responses',
    {
      config: { access: 'district', audit: { action: 'export.responses', target: 'administration' } },
      schema: {
        tags: ['profiles'],
        summary:
          'De-identified response-level data of released responses for analysts: no group of rows alike in every quasi-identifying column under k; free text only when asked for, for district admins, in rows whose group has at least k',
        querystring: Type.Object(
          { administration: IdSchema, format: TableFormatSchema, includeText: Type.Optional(Type.Boolean({ default: false })), instrument: InstrumentParam },
          { additionalProperties: false },
        ),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...errorResponses(400, 403) },
      },
    },
    async (request, reply) => {
      const { administration, format: as, includeText, instrument } = request.query
      const table = await responsesTable(app.db, administration, { includeText: includeText === true, minCellSize: app.config.minCellSize, actor: request.user!, instrument })
      return sendTable(reply, table, as, await exportFileName(app.db, app.config, administration, extractName(includeText === true ? 'responses-with-text' : 'responses', instrument)))
    },
  )

  app.get(
    '/api/exports/codebook',
    {
      config: { access: 'district', audit: { action: 'export.codebook', target: 'administration' } },
      schema: {
        tags: ['profiles'],
        summary:
          "The codebook of the response-level export: a row per column (same variable names, same order) with the instrument, version, item id, domain, type, question text in every language, value labels and scores; no responses",
        querystring: Type.Object({ administration: IdSchema, format: TableFormatSchema, instrument: InstrumentParam }, { additionalProperties: false }),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const { administration, format, instrument } = request.query
      return sendTable(reply, await codebookTable(app.db, administration, instrument), format, await exportFileName(app.db, app.config, administration, extractName('codebook', instrument)))
    },
  )

  app.get(
    '/api/administrations/:id/codebook',
    {
      config: { access: 'district' },
      schema: {
        tags: ['profiles'],
        summary: 'The codebook of the response-level export, for reading in the page: a row per column, no responses',
        params: Type.Object({ id: IdSchema }),
        querystring: Type.Object({ instrument: InstrumentParam }, { additionalProperties: false }),
        response: { 200: Type.Array(CodebookEntrySchema), ...errorResponses(400) },
      },
    },
    async (request) => codebookEntries(app.db, request.params.id, request.query.instrument),
  )

  /** A script that reads the response-level CSV (without free text) and applies the codebook: R or Stata. */
  const scriptRoute = (url: string, action: string, summary: string, extension: string, write: (entries: CodebookEntry[], csvName: string) => string) =>
    app.get(
      url,
      {
        config: { access: 'district', audit: { action, target: 'administration' } },
        schema: {
          tags: ['profiles'],
          summary,
          querystring: Type.Object({ administration: IdSchema, instrument: InstrumentParam }, { additionalProperties: false }),
          produces: ['text/plain'],
          response: { ...errorResponses(400) },
        },
      },
      async (request, reply) => {
        const { administration, instrument } = request.query
        const entries = await codebookEntries(app.db, administration, instrument)
        const responsesName = await exportFileName(app.db, app.config, administration, extractName('responses', instrument))
        return sendText(reply, `${responsesName}.${extension}`, write(entries, `${responsesName}.csv`))
      },
    )

  scriptRoute(
    '/api/exports/r-script',
    'export.r-script',
    "A ready-to-run R script (base R) that reads the response-level CSV and applies the codebook: factors with labels, multi-select indicator columns as 0/1 integers, question text as each column's label; no responses",
    'R',
    rScript,
  )

  scriptRoute(
    '/api/exports/stata-do',
    'export.stata-do',
    'A ready-to-run Stata do-file that reads the response-level CSV (with or without free text) and applies the codebook: names valid in Stata, variable labels, value labels, missing codes as extended missing values; no responses',
    'do',
    stataDo,
  )

  app.get(
    '/api/exports/spss-syntax',
    {
      config: { access: 'district', audit: { action: 'export.spss-syntax', target: 'administration' } },
      schema: {
        tags: ['profiles'],
        summary:
          'Ready-to-run SPSS syntax (SPSS Statistics, GNU PSPP) that reads the response-level CSV and applies the codebook: names valid in SPSS, variable labels, value labels, missing values; no responses. It reads columns by place: includeText=true for the export with free text',
        querystring: Type.Object(
          { administration: IdSchema, instrument: InstrumentParam, includeText: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        produces: ['text/plain'],
        response: { ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const { administration, instrument, includeText } = request.query
      const entries = (await codebookEntries(app.db, administration, instrument)).filter((e) => includeText === true || !e.freeText)
      const responsesName = await exportFileName(app.db, app.config, administration, extractName(includeText === true ? 'responses-with-text' : 'responses', instrument))
      return sendText(reply, `${responsesName}.sps`, spssSyntax(entries, `${responsesName}.csv`))
    },
  )


  app.get(
    '/api/exports/schools/:id/profile',
    {
      config: { access: 'school', audit: { action: 'export.school-profile', target: 'school' } },
      schema: {
        tags: ['profiles'],
        summary: "A school's profile as CSV or XLSX; withheld figures empty, with a column saying why",
        params: Type.Object({ id: IdSchema }),
        querystring: Type.Object({ administration: Type.Optional(IdSchema), format: TableFormatSchema }, { additionalProperties: false }),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const profile = (await servedProfile(app.db, request.params.id, request.query.administration, profileOptions())).body
      return sendTable(reply, profileTable(profile), request.query.format, await exportFileName(app.db, app.config, profile.administration.id, `profile-${fileNamePart(profile.school.name)}`))
    },
  )

  app.get(
    '/api/district/compare',
    {
      config: { access: 'district', audit: { action: 'read.comparison', target: 'administration' } },
      schema: {
        tags: ['profiles'],
        summary:
          'Schools × domains need and asset indexes with district context and priority ranks; cells under k withheld. Computed once per release and served with a strong ETag (304 when unchanged)',
        querystring: Type.Object(
          {
            ...CompareFiltersSchema,
            shape: Type.Optional(
              StringEnum(['grid'], { description: 'grid: the same figures as arrays of numbers, a column per school (what the heat map reads; a quarter of the size)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Union([DistrictComparisonSchema, DistrictGridSchema]), 304: NotModified, ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      const { administration, role, region, cohort, gradeBand, shape } = request.query
      const view = await servedComparison(app.db, { administrationId: administration, role, region, cohort, gradeBand }, { minCellSize: app.config.minCellSize, domains: app.domains })
      return sendView(request, reply, shape === 'grid' ? gridOf(view) : view)
    },
  )

  app.get(
    '/api/district/crosstab',
    {
      config: { access: 'district', audit: { action: 'read.district-crosstab', target: 'administration' } },
      schema: {
        tags: ['profiles'],
        summary:
          "The district's need or asset indexes by role and one breakdown, every domain: each cell pools the schools whose own cross-tab shows it (their people and weighted mean), nothing withheld at a school; served once per release with a strong ETag",
        querystring: DistrictCrossTabQuerySchema,
        response: { 200: DistrictCrossTabSchema, 304: NotModified, ...errorResponses(400) },
      },
    },
    async (request, reply) =>
      sendView(request, reply, await servedDistrictCrossTab(app.db, request.query.administration, request.query.kind, request.query.measure, profileOptions())),
  )

  app.get(
    '/api/schools/:id/crosstab',
    {
      config: { access: 'school', audit: { action: 'read.crosstab', target: 'school' } },
      schema: {
        tags: ['profiles'],
        summary:
          "A school's need or asset indexes by role and one breakdown (home language, grade band, time at school), every domain, from the current release; a role's part of a category shown only where the breakdown shows the category and the part has at least k people",
        params: Type.Object({ id: IdSchema }),
        querystring: CrossTabQuerySchema,
        response: { 200: CrossTabSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => schoolCrossTab(app.db, request.params.id, request.query.administration, request.query.kind, request.query.measure, profileOptions()),
  )

  app.get(
    '/api/schools/:id/profile',
    {
      config: { access: 'school', audit: { action: 'read.profile', target: 'school' } },
      schema: {
        tags: ['profiles'],
        summary:
          "A school's need and asset indexes per domain, by role and all voices; figures under the minimum cell size withheld. Computed once per release and served with a strong ETag (304 when unchanged)",
        params: Type.Object({ id: IdSchema }),
        querystring: Type.Object({ administration: Type.Optional(IdSchema) }, { additionalProperties: false }),
        response: { 200: SchoolProfileSchema, 304: NotModified, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => sendView(request, reply, await servedProfile(app.db, request.params.id, request.query.administration, profileOptions())),
  )
}
