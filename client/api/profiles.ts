import { requestJson } from './http'

export type Figure =
  | { shown: true; index: number; n: number; interval: [number, number] | null; highShare?: number }
  | { shown: false; reason: 'fewer-than-k'; message: string }

export interface MeasureFigures {
  roles: Record<'student' | 'family' | 'staff', Figure>
  allVoices: Figure
}

export interface SchoolProfile {
  school: { id: number; name: string; region: string; cohort: string | null }
  administration: { id: number; name: string }
  minCellSize: number
  highNeedThreshold: number
  responses: { role: string; enrollment: number | null; count: { shown: true; n: number } | { shown: false; message: string } }[]
  domains: { domain: string; pillar: string; label: Record<string, string>; need: MeasureFigures; asset: MeasureFigures }[]
  topNeeds: { domain: string; index: number; n: number }[]
  topAssets: { domain: string; index: number; n: number }[]
  services: {
    itemId: string
    domain: string
    figures: { shown: true; n: number; unmetNeed: number; use: number; awarenessGap: number } | { shown: false; message: string }
  }[]
}

export type DistrictCell =
  | { shown: true; index: number; n: number; interval: [number, number] | null; percentile: number; difference: number; significant: boolean }
  | { shown: false; reason: string; message: string }

export interface DistrictComparison {
  administration: { id: number; name: string }
  minCellSize: number
  domains: { domain: string; label: Record<string, string> }[]
  district: Record<string, { need: { mean: number | null; schools: number }; asset: { mean: number | null; schools: number } }>
  schools: {
    school: { id: number; name: string; region: string; cohort: string | null }
    overallPriority: { value: number; rank: number } | null
    cells: Record<string, { need: DistrictCell; asset: DistrictCell; priority: { value: number; rank: number } | null }>
  }[]
}

export function fetchDistrictComparison(administration: number, filters: Record<string, string> = {}) {
  const query = new URLSearchParams({ administration: String(administration), ...filters })
  return requestJson<DistrictComparison>(`/api/district/compare?${query}`)
}

export function fetchSchoolProfile(id: number) {
  return requestJson<SchoolProfile>(`/api/schools/${id}/profile`)
}
