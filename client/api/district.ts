import { requestJson } from './http'

export interface AdministrationSummary {
  id: number
  name: string
  opensAt: string
  closesAt: string
  closed: boolean
}

export const fetchAdministrations = () => requestJson<{ administrations: AdministrationSummary[] }>('/api/administrations')
