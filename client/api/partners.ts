import { requestJson } from './http'
import type { LocalizedText } from './access'

export const PARTNER_TYPES = ['county-agency', 'nonprofit', 'clinic', 'district-program', 'business', 'university'] as const
export const DELIVERIES = ['on-site', 'mobile-visit', 'referral', 'virtual'] as const
export type PartnerType = (typeof PARTNER_TYPES)[number]
export type Delivery = (typeof DELIVERIES)[number]

export interface ServiceFields {
  name: string
  domains: string[]
  delivery: Delivery
  hours: string
  languages: string[]
  capacity: number | null
  activeFrom: string | null
  activeUntil: string | null
}

export interface PartnerService extends ServiceFields {
  id: number
  organizationId: number
  active: boolean
  schoolIds: number[]
  editable: boolean
}

export interface Organization {
  id: number
  name: string
  type: PartnerType
  services: PartnerService[]
}

export const fetchPartners = () => requestJson<{ organizations: Organization[]; domains: { id: string; label: LocalizedText }[] }>('/api/partners')

export const createOrganization = (body: { name: string; type: PartnerType }) =>
  requestJson<Organization>('/api/partners/organizations', { method: 'POST', body: JSON.stringify(body) })

export type NewService = ServiceFields & { organizationId?: number; organization?: { name: string; type: PartnerType }; schoolIds?: number[] }

export const createService = (schoolId: number, body: NewService) =>
  requestJson<PartnerService>(`/api/schools/${schoolId}/services`, { method: 'POST', body: JSON.stringify(body) })

export const changeService = (schoolId: number, serviceId: number, body: Partial<ServiceFields> & { schoolIds?: number[] }) =>
  requestJson<PartnerService>(`/api/schools/${schoolId}/services/${serviceId}`, { method: 'PATCH', body: JSON.stringify(body) })

export const linkService = (schoolId: number, serviceId: number) => requestJson<null>(`/api/schools/${schoolId}/services/${serviceId}`, { method: 'PUT' })
export const unlinkService = (schoolId: number, serviceId: number) => requestJson<null>(`/api/schools/${schoolId}/services/${serviceId}`, { method: 'DELETE' })
export const deleteService = (serviceId: number) => requestJson<null>(`/api/partners/services/${serviceId}`, { method: 'DELETE' })

export interface ImportRow {
  line: number
  organization: string
  organizationAction: 'create' | 'update' | 'keep'
  service: string
  serviceAction: 'create' | 'update'
  schools: number
}

export const importPartners = (csv: string, preview: boolean) =>
  requestJson<{ preview: boolean; rows: ImportRow[] }>(`/api/partners/import${preview ? '?preview=true' : ''}`, { method: 'POST', body: JSON.stringify({ csv }) })

export const PARTNER_TEMPLATE_URL = '/api/partners/template'
export const PARTNER_EXPORT_URL = '/api/exports/partners'

export type IndexFigure = { shown: true; index: number; n: number } | { shown: false; reason: string; message: string }
export type GapStatus = 'gap' | 'served' | 'none' | 'withheld'

export interface GapFields {
  status: GapStatus
  highNeed: boolean | null
  awareness: { itemId: string; awarenessGap: number; n: number }[]
  need: IndexFigure
  asset: IndexFigure
  services: { id: number; name: string; organization: string; delivery: string }[]
}

export interface Thresholds {
  needAtLeast: number
  assetAtMost: number
  awarenessAtLeast: number
}

export interface SchoolGaps {
  school: { id: number; name: string }
  administration: { id: number; name: string }
  minCellSize: number
  thresholds: Thresholds
  domains: ({ domain: string; label: LocalizedText } & GapFields)[]
}

export const fetchSchoolGaps = (schoolId: number, administration: number | null) =>
  requestJson<SchoolGaps>(`/api/schools/${schoolId}/gaps${administration === null ? '' : `?administration=${administration}`}`)

export interface DistrictGaps {
  administration: { id: number; name: string }
  minCellSize: number
  thresholds: Thresholds
  domain: string | null
  organization: { id: number; name: string; domains: string[] } | null
  domains: { domain: string; label: LocalizedText }[]
  rows: ({ school: { id: number; name: string; region: string }; domain: string; reachedByOrganization: boolean | null } & GapFields)[]
}

export interface DistrictGapQuery extends Partial<Thresholds> {
  administration: number
  domain?: string
  organization?: number
}

function gapQuery(q: DistrictGapQuery): string {
  const query = new URLSearchParams({ administration: String(q.administration) })
  if (q.domain) query.set('domain', q.domain)
  if (q.organization) query.set('organization', String(q.organization))
  for (const key of ['needAtLeast', 'assetAtMost', 'awarenessAtLeast'] as const) if (q[key] !== undefined) query.set(key, String(q[key]))
  return query.toString()
}

export const fetchDistrictGaps = (q: DistrictGapQuery) => requestJson<DistrictGaps>(`/api/district/gaps?${gapQuery(q)}`)
export const districtGapsExportUrl = (q: DistrictGapQuery) => `/api/exports/gaps?${gapQuery(q)}`
