import { Type, type Static } from 'typebox'
import { IdSchema, StringEnum, WithheldSchema } from '../schemas'
import { DELIVERIES, PARTNER_TYPES } from '../vocabulary/partners'

/** The partner inventory and the gaps reports (partners.routes.ts), as the server sends them and client/api reads them. */

const PartnerType = StringEnum(PARTNER_TYPES)
const Delivery = StringEnum(DELIVERIES)
const Day = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'YYYY-MM-DD' })
export const OrganizationFields = { name: Type.String({ minLength: 1, maxLength: 200 }), type: PartnerType }
export const OrganizationSchema = Type.Object({ id: Type.Integer(), ...OrganizationFields })

export const ServiceFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  domains: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 20 }),
  delivery: Delivery,
  hours: Type.String({ maxLength: 300 }),
  languages: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 30 }),
  capacity: Type.Union([Type.Integer({ minimum: 0, maximum: 1_000_000 }), Type.Null()]),
  activeFrom: Type.Union([Day, Type.Null()]),
  activeUntil: Type.Union([Day, Type.Null()]),
}
export const ServiceSchema = Type.Object({
  id: Type.Integer(),
  organizationId: Type.Integer(),
  ...ServiceFields,
  active: Type.Boolean(),
  schoolIds: Type.Array(Type.Integer()),
  editable: Type.Boolean(),
})
export const SchoolIdsSchema = Type.Array(IdSchema, { maxItems: 5000 })

export const IndexFigureSchema = Type.Union([Type.Object({ shown: Type.Literal(true), index: Type.Number(), n: Type.Integer() }), WithheldSchema])
const ServiceInPlace = Type.Object({ id: Type.Integer(), name: Type.String(), organization: Type.String(), delivery: Type.String() })
const GapFields = {
  status: StringEnum(['gap', 'served', 'none', 'withheld'] as const),
  highNeed: Type.Union([Type.Boolean(), Type.Null()]),
  awareness: Type.Array(Type.Object({ itemId: Type.String(), awarenessGap: Type.Number(), n: Type.Integer() })),
  need: IndexFigureSchema,
  asset: IndexFigureSchema,
  services: Type.Array(ServiceInPlace),
}
export const ThresholdsSchema = Type.Object({ needAtLeast: Type.Number(), assetAtMost: Type.Number(), awarenessAtLeast: Type.Number() })
const Percent = Type.Number({ minimum: 0, maximum: 100 })
export const ThresholdQueryFields = { needAtLeast: Type.Optional(Percent), assetAtMost: Type.Optional(Percent), awarenessAtLeast: Type.Optional(Percent) }
const SchoolRef = Type.Object({ id: Type.Integer(), name: Type.String(), region: Type.String(), cohort: Type.Union([Type.String(), Type.Null()]) })

export const SchoolGapsSchema = Type.Object({
  school: SchoolRef,
  administration: Type.Object({ id: Type.Integer(), name: Type.String() }),
  minCellSize: Type.Integer(),
  thresholds: ThresholdsSchema,
  domains: Type.Array(Type.Object({ domain: Type.String(), label: Type.Record(Type.String(), Type.String()), ...GapFields })),
})

export const DistrictGapsSchema = Type.Object({
  administration: Type.Object({ id: Type.Integer(), name: Type.String() }),
  minCellSize: Type.Integer(),
  thresholds: ThresholdsSchema,
  domain: Type.Union([Type.String(), Type.Null()]),
  organization: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String(), domains: Type.Array(Type.String()) }), Type.Null()]),
  domains: Type.Array(Type.Object({ domain: Type.String(), label: Type.Record(Type.String(), Type.String()) })),
  rows: Type.Array(Type.Object({ school: SchoolRef, domain: Type.String(), reachedByOrganization: Type.Union([Type.Boolean(), Type.Null()]), ...GapFields })),
})

export const DistrictGapQuerySchema = Type.Object(
  { administration: IdSchema, domain: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), organization: Type.Optional(IdSchema), ...ThresholdQueryFields },
  { additionalProperties: false },
)

/** GET /api/partners: organizations with their services, and the domains a service may serve. */
export const InventorySchema = Type.Object({
  organizations: Type.Array(Type.Object({ ...OrganizationSchema.properties, services: Type.Array(ServiceSchema) })),
  domains: Type.Array(Type.Object({ id: Type.String(), label: Type.Record(Type.String(), Type.String()) })),
})

export const OrganizationInputSchema = Type.Object(OrganizationFields, { additionalProperties: false })
export const OrganizationChangeSchema = Type.Partial(Type.Object(OrganizationFields), { additionalProperties: false, minProperties: 1 })

/** A new service: under an existing organization (organizationId) or a new one (organization). */
export const NewServiceSchema = Type.Object(
  {
    organizationId: Type.Optional(IdSchema),
    organization: Type.Optional(Type.Object(OrganizationFields, { additionalProperties: false })),
    ...ServiceFields,
    hours: Type.Optional(ServiceFields.hours),
    languages: Type.Optional(ServiceFields.languages),
    capacity: Type.Optional(ServiceFields.capacity),
    activeFrom: Type.Optional(ServiceFields.activeFrom),
    activeUntil: Type.Optional(ServiceFields.activeUntil),
    schoolIds: Type.Optional(SchoolIdsSchema),
  },
  { additionalProperties: false },
)

/** A change to a service: any of its fields; what is left out stays. */
export const ServiceChangeSchema = Type.Partial(Type.Object({ ...ServiceFields, schoolIds: SchoolIdsSchema }), { additionalProperties: false, minProperties: 1 })

export const ImportQuerySchema = Type.Object({ preview: Type.Optional(Type.Boolean()) }, { additionalProperties: false })
export const ImportBodySchema = Type.Object({ csv: Type.String({ minLength: 1, maxLength: 2_000_000 }) }, { additionalProperties: false })

/** What one row of a partner CSV does (or would do, in a preview). */
export const ImportRowSchema = Type.Object({
  line: Type.Integer(),
  organization: Type.String(),
  organizationAction: StringEnum(['create', 'update', 'keep'] as const),
  service: Type.String(),
  serviceAction: StringEnum(['create', 'update'] as const),
  schools: Type.Integer(),
})
export type ImportPlanRow = Static<typeof ImportRowSchema>
export const ImportResultSchema = Type.Object({ preview: Type.Boolean(), rows: Type.Array(ImportRowSchema) })
