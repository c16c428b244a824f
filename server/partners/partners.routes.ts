import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { exportFileName } from '../exports/file-name'
import { sendCsv, sendTable } from '../exports/send'
import { errorResponses, IdSchema } from '../schemas'
import { thresholdsOf, type GapThresholds } from './gaps'
import { districtGaps, gapsTable, schoolGaps } from './gaps.service'
import {
  DistrictGapQuerySchema,
  DistrictGapsSchema,
  ImportBodySchema,
  ImportQuerySchema,
  ImportResultSchema,
  InventorySchema,
  NewServiceSchema,
  OrganizationChangeSchema,
  OrganizationInputSchema,
  OrganizationSchema,
  SchoolGapsSchema,
  ServiceChangeSchema,
  ServiceSchema,
  ThresholdQueryFields,
} from './partners.schemas'
import * as partners from './partners.service'

export const partnersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const domainIds = () => new Set(app.domains.map((d) => d.id))
  const figureOptions = () => ({ minCellSize: app.config.minCellSize, highNeedThreshold: app.config.highNeedThreshold, domains: app.domains })
  const gapDefaults: GapThresholds = { needAtLeast: app.config.gapNeedAtLeast, assetAtMost: app.config.gapAssetAtMost, awarenessAtLeast: app.config.awarenessGapAtLeast }
  const thresholds = (query: Partial<GapThresholds>) => thresholdsOf(gapDefaults, query)

  app.get(
    '/api/partners',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['partners'],
        summary: 'The partner inventory: organizations, their services, the domains and schools each serves, and whether you may change it',
        response: {
          200: InventorySchema,
        },
      },
    },
    async (request) => ({ ...(await partners.inventory(app.db, request.user!)), domains: app.domains.map((d) => ({ id: d.id, label: d.label })) }),
  )

  app.get(
    '/api/partners/template',
    {
      config: { access: 'staff' },
      schema: { tags: ['partners'], summary: 'A CSV template for the partner import, with two example rows', produces: ['text/csv'] },
    },
    async (_request, reply) => sendCsv(reply, 'partners-template.csv', await partners.template(app.db, [...domainIds()])),
  )

  app.get(
    '/api/exports/partners',
    {
      config: { access: 'staff', audit: { action: 'export.partners' } },
      schema: { tags: ['partners'], summary: 'The whole inventory as CSV, in the format the import reads', produces: ['text/csv'] },
    },
    async (_request, reply) => sendCsv(reply, 'partners.csv', await partners.exportPartners(app.db)),
  )

  app.post(
    '/api/partners/import',
    {
      config: { access: 'admin' },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['partners'],
        summary: 'Imports a partner CSV in one transaction: any bad row is reported with its line and nothing is imported; preview=true only checks and says what would change',
        querystring: ImportQuerySchema,
        body: ImportBodySchema,
        response: {
          200: ImportResultSchema,
          ...errorResponses(400),
        },
      },
    },
    async (request) => partners.importPartners(app.db, request.user!, request.body.csv, { preview: request.query.preview === true, domains: domainIds() }),
  )

  app.post(
    '/api/partners/organizations',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['partners'],
        summary: 'A new partner organization',
        body: OrganizationInputSchema,
        response: { 201: OrganizationSchema, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await partners.createOrganization(app.db, request.user!, request.body)),
  )

  app.patch(
    '/api/partners/organizations/:organizationId',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['partners'],
        summary: "Renames or retypes an organization (shared by every school it serves, so district admins only)",
        params: Type.Object({ organizationId: IdSchema }),
        body: OrganizationChangeSchema,
        response: { 200: OrganizationSchema, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => partners.changeOrganization(app.db, request.user!, request.params.organizationId, request.body),
  )

  app.delete(
    '/api/partners/organizations/:organizationId',
    {
      config: { access: 'admin' },
      schema: { tags: ['partners'], summary: 'Deletes an organization and its services', params: Type.Object({ organizationId: IdSchema }), response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await partners.removeOrganization(app.db, request.user!, request.params.organizationId)
      return reply.code(204).send(null)
    },
  )

  app.delete(
    '/api/partners/services/:serviceId',
    {
      config: { access: 'admin' },
      schema: { tags: ['partners'], summary: 'Deletes a service everywhere (to end it, set activeUntil instead)', params: Type.Object({ serviceId: IdSchema }), response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await partners.removeService(app.db, request.user!, request.params.serviceId)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/schools/:id/services',
    {
      config: { access: 'school' },
      schema: {
        tags: ['partners'],
        summary: 'A new service at this school (and at other schools you may see), under an existing organization or a new one',
        params: Type.Object({ id: IdSchema }),
        body: NewServiceSchema,
        response: { 201: ServiceSchema, ...errorResponses(400, 403, 409) },
      },
    },
    async (request, reply) => {
      const b = request.body
      const service = await partners.createService(
        app.db,
        request.user!,
        request.params.id,
        { ...b, hours: b.hours ?? '', languages: b.languages ?? [], capacity: b.capacity ?? null, activeFrom: b.activeFrom ?? null, activeUntil: b.activeUntil ?? null },
        domainIds(),
      )
      return reply.code(201).send(service)
    },
  )

  app.patch(
    '/api/schools/:id/services/:serviceId',
    {
      config: { access: 'school' },
      schema: {
        tags: ['partners'],
        summary: 'Changes a service this school has (a school team: only a service that serves none but its own schools)',
        params: Type.Object({ id: IdSchema, serviceId: IdSchema }),
        body: ServiceChangeSchema,
        response: { 200: ServiceSchema, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (request) => partners.changeService(app.db, request.user!, request.params.id, request.params.serviceId, request.body, domainIds()),
  )

  app.put(
    '/api/schools/:id/services/:serviceId',
    {
      config: { access: 'school' },
      schema: { tags: ['partners'], summary: 'Links an existing service to this school', params: Type.Object({ id: IdSchema, serviceId: IdSchema }), response: { 204: Type.Null(), ...errorResponses(400, 404) } },
    },
    async (request, reply) => {
      await partners.linkService(app.db, request.user!, request.params.id, request.params.serviceId)
      return reply.code(204).send(null)
    },
  )

  app.delete(
    '/api/schools/:id/services/:serviceId',
    {
      config: { access: 'school' },
      schema: { tags: ['partners'], summary: 'Unlinks a service from this school (the service stays for its other schools)', params: Type.Object({ id: IdSchema, serviceId: IdSchema }), response: { 204: Type.Null(), ...errorResponses(404) } },
    },
    async (request, reply) => {
      await partners.unlinkService(app.db, request.user!, request.params.id, request.params.serviceId)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/schools/:id/gaps',
    {
      config: { access: 'school', audit: { action: 'read.gaps', target: 'school' } },
      schema: {
        tags: ['partners'],
        summary: "A school's need and asset per domain beside the services in place: gap and awareness flags from shown figures only",
        params: Type.Object({ id: IdSchema }),
        querystring: Type.Object({ administration: Type.Optional(IdSchema), ...ThresholdQueryFields }, { additionalProperties: false }),
        response: { 200: SchoolGapsSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => schoolGaps(app.db, request.params.id, request.query.administration, thresholds(request.query), figureOptions()),
  )

  app.get(
    '/api/district/gaps',
    {
      config: { access: 'district', audit: { action: 'read.district-gaps', target: 'administration' } },
      schema: {
        tags: ['partners'],
        summary: "Every school's gaps for a domain, or the high-need schools an organization does not reach yet",
        querystring: DistrictGapQuerySchema,
        response: { 200: DistrictGapsSchema, ...errorResponses(400) },
      },
    },
    async (request) => {
      const q = request.query
      return districtGaps(app.db, { administrationId: q.administration, domain: q.domain, organizationId: q.organization }, thresholds(q), figureOptions())
    },
  )

  app.get(
    '/api/exports/gaps',
    {
      config: { access: 'district', audit: { action: 'export.gaps', target: 'administration' } },
      schema: { tags: ['partners'], summary: 'The district gaps as CSV for a planning meeting', querystring: DistrictGapQuerySchema, produces: ['text/csv'], response: { ...errorResponses(400) } },
    },
    async (request, reply) => {
      const q = request.query
      const gaps = await districtGaps(app.db, { administrationId: q.administration, domain: q.domain, organizationId: q.organization }, thresholds(q), figureOptions())
      return sendTable(reply, gapsTable(gaps), 'csv', await exportFileName(app.db, app.config, q.administration, 'gaps'))
    },
  )
}
