import { requestJson } from './http'

export interface AdministrationSummary {
  id: number
  name: string
  opensAt: string
  closesAt: string
  closed: boolean
}

export const fetchAdministrations = () => requestJson<{ administrations: AdministrationSummary[] }>('/api/administrations')

export type RateFigure = { shown: true; n: number; share: number | null } | { shown: false; reason: string; message: string }

export interface ResponseRates {
  administration: { id: number; name: string }
  minCellSize: number
  roles: ('student' | 'family' | 'staff')[]
  schools: {
    school: { id: number; name: string; region: string; cohort: string | null }
    roles: Record<'student' | 'family' | 'staff', { enrollment: number | null; responses: RateFigure }>
    coverage: number | null
  }[]
}

export function fetchResponseRates(administration: number, filters: { region?: string; cohort?: string }) {
  const query = new URLSearchParams({ administration: String(administration) })
  if (filters.region) query.set('region', filters.region)
  if (filters.cohort) query.set('cohort', filters.cohort)
  return requestJson<ResponseRates>(`/api/district/response-rates?${query}`)
}
