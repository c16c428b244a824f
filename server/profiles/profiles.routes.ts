import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ReleaseInfoSchema } from '../analytics/releases.routes'
import { errorResponses } from '../schemas'
import { StringEnum } from '../schemas'
import { compareDistrict } from './comparison.service'
import { comparisonTable, profileTable, toCsv, toXlsx, type Table } from './exports'
import { responsesTable } from './responses-export'
import { schoolProfile } from './profiles.service'

const Withheld = Type.Object({ shown: Type.Literal(false), reason: Type.Literal('fewer-than-k'), message: Type.String() })
const Shown = Type.Object({
  shown: Type.Literal(true),
  index: Type.Number({ minimum: 0, maximum: 100 }),
  n: Type.Integer(),
  interval: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
  highShare: Type.Optional(Type.Number()),
})
const Figure = Type.Union([Shown, Withheld])
const MeasureFigures = Type.Object({
  roles: Type.Object({ student: Figure, family: Figure, staff: Figure }),
  allVoices: Figure,
})

/**
 * All voices now minus all voices at the previous administration, where both are shown; null otherwise. Both sides
 * are scored on the items both administrations' instrument versions ask (matched by itemId).
 */
const Change = Type.Union([
  Type.Object({ change: Type.Number(), interval: Type.Tuple([Type.Number(), Type.Number()]), significant: Type.Boolean() }),
  Type.Null(),
])
/** How many itemIds of the domain and measure the current and previous versions ask, and how many both ask. */
const MatchedItems = Type.Object({ matched: Type.Integer({ minimum: 0 }), current: Type.Integer({ minimum: 0 }), previous: Type.Integer({ minimum: 0 }) })

export const SchoolProfileSchema = Type.Object({
  school: Type.Object({ id: Type.Integer(), name: Type.String(), region: Type.String(), cohort: Type.Union([Type.String(), Type.Null()]) }),
  administration: Type.Object({ id: Type.Integer(), name: Type.String() }),
  previousAdministration: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
  release: ReleaseInfoSchema,
  minCellSize: Type.Integer(),
  highNeedThreshold: Type.Integer(),
  responses: Type.Array(
    Type.Object({
      role: Type.String(),
      enrollment: Type.Union([Type.Integer(), Type.Null()]),
      count: Type.Union([Type.Object({ shown: Type.Literal(true), n: Type.Integer() }), Withheld]),
    }),
  ),
  domains: Type.Array(
    Type.Object({
      domain: Type.String(),
      pillar: Type.String(),
      label: Type.Record(Type.String(), Type.String()),
      need: MeasureFigures,
      asset: MeasureFigures,
      change: Type.Object({ need: Change, asset: Change, matchedItems: Type.Union([Type.Object({ need: MatchedItems, asset: MatchedItems }), Type.Null()]) }),
    }),
  ),
  topNeeds: Type.Array(Type.Object({ domain: Type.String(), index: Type.Number(), n: Type.Integer() })),
  topAssets: Type.Array(Type.Object({ domain: Type.String(), index: Type.Number(), n: Type.Integer() })),
  services: Type.Array(
    Type.Object({
      itemId: Type.String(),
      domain: Type.String(),
      figures: Type.Union([
        Type.Object({ shown: Type.Literal(true), n: Type.Integer(), unmetNeed: Type.Number(), use: Type.Number(), awarenessGap: Type.Number() }),
        Withheld,
      ]),
    }),
  ),
  breakdowns: Type.Array(
    Type.Object({ kind: Type.String(), value: Type.String(), domain: Type.String(), measures: Type.String(), figure: Figure }),
    {
      description:
        "Every category of each breakdown question the school's instrument versions ask, for every domain and measure they score, whether or not anyone is in it; " +
        "each person is in one category of a kind: 'multiple' when they gave more than one value (two home languages, children in two grade bands)",
    },
  ),
  items: Type.Array(
    Type.Object({
      itemId: Type.String(),
      domain: Type.String(),
      measures: Type.String(),
      role: Type.String(),
      distribution: Type.Union([Type.Object({ shown: Type.Literal(true), n: Type.Integer(), shares: Type.Record(Type.String(), Type.Number()) }), Withheld]),
    }),
  ),
})

const Priority = Type.Union([Type.Object({ value: Type.Number(), rank: Type.Integer() }), Type.Null()])
const DistrictCell = Type.Union([
  Type.Object({
    shown: Type.Literal(true),
    index: Type.Number(),
    n: Type.Integer(),
    interval: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
    percentile: Type.Integer({ minimum: 0, maximum: 100 }),
    difference: Type.Number(),
    significant: Type.Boolean(),
  }),
  Withheld,
])
const DistrictMean = Type.Object({ mean: Type.Union([Type.Number(), Type.Null()]), schools: Type.Integer() })

export const DistrictComparisonSchema = Type.Object({
  administration: Type.Object({ id: Type.Integer(), name: Type.String() }),
  filters: Type.Object({
    role: Type.Union([Type.String(), Type.Null()]),
    region: Type.Union([Type.String(), Type.Null()]),
    cohort: Type.Union([Type.String(), Type.Null()]),
    gradeBand: Type.Union([Type.String(), Type.Null()]),
  }),
  release: ReleaseInfoSchema,
  minCellSize: Type.Integer(),
  domains: Type.Array(Type.Object({ domain: Type.String(), pillar: Type.String(), label: Type.Record(Type.String(), Type.String()) })),
  district: Type.Record(Type.String(), Type.Object({ need: DistrictMean, asset: DistrictMean })),
  schools: Type.Array(
    Type.Object({
      school: Type.Object({ id: Type.Integer(), name: Type.String(), region: Type.String(), cohort: Type.Union([Type.String(), Type.Null()]) }),
      overallPriority: Priority,
      cells: Type.Record(Type.String(), Type.Object({ need: DistrictCell, asset: DistrictCell, priority: Priority })),
    }),
  ),
})

const compareFilters = {
  administration: Type.Integer({ minimum: 1, maximum: 2147483647 }),
  role: Type.Optional(StringEnum(['student', 'family', 'staff'])),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  cohort: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  // 'multiple': families with children in more than one band (each family in one category, never in each band).
  gradeBand: Type.Optional(StringEnum(['tk-2', '3-5', '6-8', '9-12', 'multiple'])),
}
const format = StringEnum(['csv', 'xlsx'])

async function sendTable(reply: import('fastify').FastifyReply, table: Table, format: 'csv' | 'xlsx', filename: string) {
  const safe = filename.replace(/[^A-Za-z0-9._-]+/g, '-')
  reply.header('content-disposition', `attachment; filename="${safe}.${format}"`).header('cache-control', 'no-store')
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(table))
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(table))
}

export const profilesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const profileOptions = () => ({ minCellSize: app.config.minCellSize, highNeedThreshold: app.config.highNeedThreshold, domains: app.domains })

  app.get(
    '/api/exports/district-comparison',
    {
      config: { access: 'district', audit: { action: 'export.district-comparison', target: 'administration' } },
      schema: {
        tags: ['profiles'],
        summary: 'The comparison matrix as CSV or XLSX; withheld cells empty, with a column saying why',
        querystring: Type.Object({ ...compareFilters, format }, { additionalProperties: false }),
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
          { administration: Type.Integer({ minimum: 1, maximum: 2147483647 }), format, includeText: Type.Optional(Type.Boolean({ default: false })) },
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
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        querystring: Type.Object({ administration: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })), format }, { additionalProperties: false }),
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
        querystring: Type.Object(compareFilters, { additionalProperties: false }),
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
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        querystring: Type.Object({ administration: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })) }, { additionalProperties: false }),
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
