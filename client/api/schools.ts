import { requestJson } from './http'

export interface SchoolSummary {
  id: number
  code: string
  name: string
  region: string
  cohort: string | null
  grades: string
}

export function fetchSchools() {
  return requestJson<{ schools: SchoolSummary[] }>('/api/schools')
}
