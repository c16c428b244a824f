import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { toCsv } from '../profiles/exports'
import { errorResponses, StringEnum } from '../schemas'
import { districtGaps, gapsTable, schoolGaps } from './gaps.service'
import { DELIVERIES, PARTNER_TYPES } from './partners.csv'
import * as partners from './partners.service'

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 })
const PartnerType = StringEnum(PARTNER_TYPES)
const Delivery = StringEnum(DELIVERIES)
const Day = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'YYYY-MM-DD' })
const OrganizationFields = { name: Type.String({ minLength: 1, maxLength: 200 }), type: PartnerType }
const Organization = Type.Object({ id: Type.Integer(), ...OrganizationFields })

const ServiceFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  domains: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 20 }),
  delivery: Delivery,
  hours: Type.String({ maxLength: 300 }),
  languages: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 30 }),
  capacity: Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000 }), Type.Null()]),
  activeFrom: Type.Union([Day, Type.Null()]),
  activeUntil: Type.Union([Day, Type.Null()]),
}
const Service = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  ...ServiceFields,
  active: Type.Boolean(),
  schoolIds: Type.Array(Type.Integer()),
  editable: Type.Boolean(),
})
const SchoolIds = Type.Array(Id, { maxItems: 5000 })

const Withheld = Type.Object({ shown: Type.Literal(false), reason: Type.Literal('fewer-than-k'), message: Type.String() })
const IndexFigure = Type.Union([Type.Object({ shown: Type.Literal(true), index: Type.Number(), n: Type.Integer() }), Withheld])
const ServiceInPlace = Type.Object({ id: Type.Integer(), name: Type.String(), organization: Type.String(), delivery: Type.String() })
const GapFields = {
  status: StringEnum(['gap', 'served', 'none', 'withheld'] as const),
  highNeed: Type.Union([Type.Boolean(), Type.Null()]),
  awareness: Type.Array(Type.Object({ itemId: Type.String(), awarenessGap: Type.Number(), n: Type.Integer() })),
  need: IndexFigure,
  asset: IndexFigure,
  services: Type.Array(ServiceInPlace),
}
const Thresholds = Type.Object({ needAtLeast: Type.Number(), assetAtMost: Type.Number(), awarenessAtLeast: Type.Number() })
const Percent = Type.Number({ minimum: 0, maximum: 100 })
const thresholdQuery = { needAtLeast: Type.Optional(Percent), assetAtMost: Type.Optional(Percent), awarenessAtLeast: Type.Optional(Percent) }
const SchoolRef = Type.Object({ id: Type.Integer(), name: Type.String(), region: Type.String(), cohort: Type.Union([Type.String(), Type.Null()]) })

export const SchoolGapsSchema = Type.Object({
  school: SchoolRef,
  administration: Type.Object({ id: Type.Integer(), name: Type.String() }),
  minCellSize: Type.Integer(),
  thresholds: Thresholds,
  domains: Type.Array(Type.Object({ domain: Type.String(), label: Type.Record(Type.String(), Type.String()), ...GapFields })),
})

export const DistrictGapsSchema = Type.Object({
  administration: Type.Object({ id: Type.Integer(), name: Type.String() }),
  minCellSize: Type.Integer(),
  thresholds: Thresholds,
  domain: Type.Union([Type.String(), Type.Null()]),
  organization: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String(), domains: Type.Array(Type.String()) }), Type.Null()]),
  domains: Type.Array(Type.Object({ domain: Type.String(), label: Type.Record(Type.String(), Type.String()) })),
  rows: Type.Array(Type.Object({ school: SchoolRef, domain: Type.String(), reachedByOrganization: Type.Union([Type.Boolean(), Type.Null()]), ...GapFields })),
})

const districtQuery = Type.Object(
  { administration: Id, domain: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), organization: Type.Optional(Id), ...thresholdQuery },
  { additionalProperties: false },
)

export const partnersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const domainIds = () => new Set(app.domains.map((d) => d.id))
  const figureOptions = () => ({ minCellSize: app.config.minCellSize, highNeedThreshold: app.config.highNeedThreshold, domains: app.domains })
  const thresholds = (q: { needAtLeast?: number; assetAtMost?: number; awarenessAtLeast?: number }) => ({
    needAtLeast: q.needAtLeast ?? app.config.gapNeedAtLeast,
    assetAtMost: q.assetAtMost ?? app.config.gapAssetAtMost,
    awarenessAtLeast: q.awarenessAtLeast ?? app.config.awarenessGapAtLeast,
  })
  const csvReply = (reply: import('fastify').FastifyReply, filename: string, body: string) =>
    reply.header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').type('text/csv; charset=utf-8').send(body)

  app.get(
    '/api/partners',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['partners'],
        summary: 'The partner inventory: organizations, their services, the domains and schools each serves, and whether you may change it',
        response: {
          200: Type.Object({
            organizations: Type.Array(Type.Object({ ...Organization.properties, services: Type.Array(Service) })),
            domains: Type.Array(Type.Object({ id: Type.String(), label: Type.Record(Type.String(), Type.String()) })),
          }),
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
    async (_request, reply) => csvReply(reply, 'partners-template.csv', await partners.template(app.db, [...domainIds()])),
  )

  app.get(
    '/api/exports/partners',
    {
      config: { access: 'staff', audit: { action: 'export.partners' } },
      schema: { tags: ['partners'], summary: 'The whole inventory as CSV, in the format the import reads', produces: ['text/csv'] },
    },
    async (_request, reply) => csvReply(reply, 'partners.csv', await partners.exportPartners(app.db)),
  )

  app.post(
    '/api/partners/import',
    {
      config: { access: 'admin' },
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags: ['partners'],
        summary: 'Imports a partner CSV in one transaction: any bad row is reported with its line and nothing is imported; preview=true only checks and says what would change',
        querystring: Type.Object({ preview: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        body: Type.Object({ csv: Type.String({ minLength: 1, maxLength: 2_000_000 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            preview: Type.Boolean(),
            rows: Type.Array(
              Type.Object({
                line: Type.Integer(),
                organization: Type.String(),
                organizationAction: StringEnum(['create', 'update', 'keep'] as const),
                service: Type.String(),
                serviceAction: StringEnum(['create', 'update'] as const),
                schools: Type.Integer(),
              }),
            ),
          }),
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
        body: Type.Object(OrganizationFields, { additionalProperties: false }),
        response: { 201: Organization, ...errorResponses(400, 409) },
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
        params: Type.Object({ organizationId: Id }),
        body: Type.Partial(Type.Object(OrganizationFields), { additionalProperties: false, minProperties: 1 }),
        response: { 200: Organization, ...errorResponses(400, 404, 409) },
      },
    },
    async (request) => partners.changeOrganization(app.db, request.user!, request.params.organizationId, request.body),
  )

  app.delete(
    '/api/partners/organizations/:organizationId',
    {
      config: { access: 'admin' },
      schema: { tags: ['partners'], summary: 'Deletes an organization and its services', params: Type.Object({ organizationId: Id }), response: { 204: Type.Null(), ...errorResponses(404) } },
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
      schema: { tags: ['partners'], summary: 'Deletes a service everywhere (to end it, set activeUntil instead)', params: Type.Object({ serviceId: Id }), response: { 204: Type.Null(), ...errorResponses(404) } },
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
        params: Type.Object({ id: Id }),
        body: Type.Object(
          {
            organizationId: Type.Optional(Id),
            organization: Type.Optional(Type.Object(OrganizationFields, { additionalProperties: false })),
            ...ServiceFields,
            hours: Type.Optional(ServiceFields.hours),
            languages: Type.Optional(ServiceFields.languages),
            capacity: Type.Optional(ServiceFields.capacity),
            activeFrom: Type.Optional(ServiceFields.activeFrom),
            activeUntil: Type.Optional(ServiceFields.activeUntil),
            schoolIds: Type.Optional(SchoolIds),
          },
          { additionalProperties: false },
        ),
        response: { 201: Service, ...errorResponses(400, 403, 409) },
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
        params: Type.Object({ id: Id, serviceId: Id }),
        body: Type.Partial(Type.Object({ ...ServiceFields, schoolIds: SchoolIds }), { additionalProperties: false, minProperties: 1 }),
        response: { 200: Service, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (request) => partners.changeService(app.db, request.user!, request.params.id, request.params.serviceId, request.body, domainIds()),
  )

  app.put(
    '/api/schools/:id/services/:serviceId',
    {
      config: { access: 'school' },
      schema: { tags: ['partners'], summary: 'Links an existing service to this school', params: Type.Object({ id: Id, serviceId: Id }), response: { 204: Type.Null(), ...errorResponses(400, 404) } },
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
      schema: { tags: ['partners'], summary: 'Unlinks a service from this school (the service stays for its other schools)', params: Type.Object({ id: Id, serviceId: Id }), response: { 204: Type.Null(), ...errorResponses(404) } },
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
        params: Type.Object({ id: Id }),
        querystring: Type.Object({ administration: Type.Optional(Id), ...thresholdQuery }, { additionalProperties: false }),
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
        querystring: districtQuery,
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
      schema: { tags: ['partners'], summary: 'The district gaps as CSV for a planning meeting', querystring: districtQuery, produces: ['text/csv'], response: { ...errorResponses(400) } },
    },
    async (request, reply) => {
      const q = request.query
      const gaps = await districtGaps(app.db, { administrationId: q.administration, domain: q.domain, organizationId: q.organization }, thresholds(q), figureOptions())
      return csvReply(reply, `gaps-${q.administration}.csv`, toCsv(gapsTable(gaps)))
    },
  )
}
