import type { Static } from 'typebox'
import type {
  DistrictGapQuerySchema,
  DistrictGapsSchema,
  ImportResultSchema,
  ImportRowSchema,
  IndexFigureSchema,
  InventorySchema,
  NewServiceSchema,
  OrganizationInputSchema,
  OrganizationSchema,
  SchoolGapsSchema,
  ServiceChangeSchema,
  ServiceSchema,
  ThresholdsSchema,
} from '../../server/partners/partners.schemas'
import { requestJson } from './http'

export { DELIVERIES, PARTNER_TYPES } from '../../server/vocabulary/partners'
export type { PartnerType, ServiceDelivery as Delivery } from '../../server/vocabulary/partners'

/** GET /api/partners (server/partners/partners.schemas.ts). */
export type Inventory = Static<typeof InventorySchema>
export type Organization = Inventory['organizations'][number]
export type PartnerService = Static<typeof ServiceSchema>
export type NewService = Static<typeof NewServiceSchema>
export type ServiceChange = Static<typeof ServiceChangeSchema>
export type ImportRow = Static<typeof ImportRowSchema>
export type IndexFigure = Static<typeof IndexFigureSchema>
export type Thresholds = Static<typeof ThresholdsSchema>
export type SchoolGaps = Static<typeof SchoolGapsSchema>
export type DistrictGaps = Static<typeof DistrictGapsSchema>
export type GapStatus = SchoolGaps['domains'][number]['status']
export type DistrictGapQuery = Static<typeof DistrictGapQuerySchema>

export const fetchPartners = () => requestJson<Inventory>('/api/partners')

export const createOrganization = (body: Static<typeof OrganizationInputSchema>) =>
  requestJson<Static<typeof OrganizationSchema>>('/api/partners/organizations', { method: 'POST', body: JSON.stringify(body) })

export const createService = (schoolId: number, body: NewService) =>
  requestJson<PartnerService>(`/api/schools/${schoolId}/services`, { method: 'POST', body: JSON.stringify(body) })

export const changeService = (schoolId: number, serviceId: number, body: ServiceChange) =>
  requestJson<PartnerService>(`/api/schools/${schoolId}/services/${serviceId}`, { method: 'PATCH', body: JSON.stringify(body) })

export const linkService = (schoolId: number, serviceId: number) => requestJson<null>(`/api/schools/${schoolId}/services/${serviceId}`, { method: 'PUT' })
export const unlinkService = (schoolId: number, serviceId: number) => requestJson<null>(`/api/schools/${schoolId}/services/${serviceId}`, { method: 'DELETE' })
export const deleteService = (serviceId: number) => requestJson<null>(`/api/partners/services/${serviceId}`, { method: 'DELETE' })

export const importPartners = (csv: string, preview: boolean) =>
  requestJson<Static<typeof ImportResultSchema>>(`/api/partners/import${preview ? '?preview=true' : ''}`, { method: 'POST', body: JSON.stringify({ csv }) })

export const PARTNER_TEMPLATE_URL = '/api/partners/template'
export const PARTNER_EXPORT_URL = '/api/exports/partners'

export const fetchSchoolGaps = (schoolId: number, administration: number | null) =>
  requestJson<SchoolGaps>(`/api/schools/${schoolId}/gaps${administration === null ? '' : `?administration=${administration}`}`)

function gapQuery(q: DistrictGapQuery): string {
  const query = new URLSearchParams({ administration: String(q.administration) })
  if (q.domain) query.set('domain', q.domain)
  if (q.organization) query.set('organization', String(q.organization))
  for (const key of ['needAtLeast', 'assetAtMost', 'awarenessAtLeast'] as const) if (q[key] !== undefined) query.set(key, String(q[key]))
  return query.toString()
}

export const fetchDistrictGaps = (q: DistrictGapQuery) => requestJson<DistrictGaps>(`/api/district/gaps?${gapQuery(q)}`)
export const districtGapsExportUrl = (q: DistrictGapQuery) => `/api/exports/gaps?${gapQuery(q)}`
