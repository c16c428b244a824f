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
}

export function fetchSchoolProfile(id: number) {
  return requestJson<SchoolProfile>(`/api/schools/${id}/profile`)
}
