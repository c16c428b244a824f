import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, IdSchema } from '../schemas'
import { CompareFiltersSchema, DistrictComparisonSchema, SchoolProfileSchema, TableFormatSchema } from './profiles.schemas'
import { compareDistrict } from './comparison.service'
import { sendTable } from '../exports/send'
import { comparisonTable, profileTable } from './exports'
import { responsesTable } from './responses-export'
import { schoolProfile } from './profiles.service'

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
      const comparison = await compareDistrict(app.db, { administrationId: administration, ...filters }, { minCellSize: app.config.minCellSize, domains: app.domains })
      return sendTable(reply, comparisonTable(comparison), format, `district-comparison-${administration}`)
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
          { administration: IdSchema, format: TableFormatSchema, includeText: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...errorResponses(400, 403) },
      },
    },
    async (request, reply) => {
      const { administration, format: as, includeText } = request.query
      const table = await responsesTable(app.db, administration, { includeText: includeText === true, minCellSize: app.config.minCellSize, actor: request.user! })
      return sendTable(reply, table, as, `responses-${administration}`)
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
      const profile = await schoolProfile(app.db, request.params.id, request.query.administration, profileOptions())
      return sendTable(reply, profileTable(profile), request.query.format, `profile-${profile.school.name}-${profile.administration.id}`)
    },
  )

  app.get(
    '/api/district/compare',
    {
      config: { access: 'district', audit: { action: 'read.comparison', target: 'administration' } },
      schema: {
        tags: ['profiles'],
        summary: 'Schools × domains need and asset indexes with district context and priority ranks; cells under k withheld',
        querystring: Type.Object(CompareFiltersSchema, { additionalProperties: false }),
        response: { 200: DistrictComparisonSchema, ...errorResponses(400) },
      },
    },
    async (request) =>
      compareDistrict(
        app.db,
        {
          administrationId: request.query.administration,
          role: request.query.role,
          region: request.query.region,
          cohort: request.query.cohort,
          gradeBand: request.query.gradeBand,
        },
        { minCellSize: app.config.minCellSize, domains: app.domains },
      ),
  )

  app.get(
    '/api/schools/:id/profile',
    {
      config: { access: 'school', audit: { action: 'read.profile', target: 'school' } },
      schema: {
        tags: ['profiles'],
        summary: "A school's need and asset indexes per domain, by role and all voices; figures under the minimum cell size withheld",
        params: Type.Object({ id: IdSchema }),
        querystring: Type.Object({ administration: Type.Optional(IdSchema) }, { additionalProperties: false }),
        response: { 200: SchoolProfileSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      schoolProfile(app.db, request.params.id, request.query.administration, {
        minCellSize: app.config.minCellSize,
        highNeedThreshold: app.config.highNeedThreshold,
        domains: app.domains,
      }),
  )
}
