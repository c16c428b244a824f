import { requestJson } from './http'
import type { ReleaseInfo } from './releases'

export type Withheld = { shown: false; reason: 'fewer-than-k'; message: string }

export type Figure = { shown: true; index: number; n: number; interval: [number, number] | null; highShare?: number } | Withheld

export const PROFILE_ROLES = ['student', 'family', 'staff'] as const
export type ProfileRole = (typeof PROFILE_ROLES)[number]

export interface MeasureFigures {
  roles: Record<ProfileRole, Figure>
  allVoices: Figure
}

/** All voices now minus all voices at the previous administration; null where either side is not shown. */
export type Change = { change: number; interval: [number, number]; significant: boolean } | null
export interface MatchedItems {
  matched: number
  current: number
  previous: number
}

export interface ProfileDomain {
  domain: string
  pillar: string
  label: Record<string, string>
  need: MeasureFigures
  asset: MeasureFigures
  change: { need: Change; asset: Change; matchedItems: { need: MatchedItems; asset: MatchedItems } | null }
}

export type ServiceFigures = { shown: true; n: number; unmetNeed: number; use: number; awarenessGap: number } | Withheld

export interface ItemDistribution {
  itemId: string
  domain: string
  measures: string
  role: string
  distribution: { shown: true; n: number; shares: Record<string, number> } | Withheld
}

/** GET /api/schools/:id/profile (server/profiles/profiles.routes.ts SchoolProfileSchema). */
export interface SchoolProfile {
  school: { id: number; name: string; region: string; cohort: string | null }
  administration: { id: number; name: string }
  previousAdministration: { id: number; name: string } | null
  minCellSize: number
  highNeedThreshold: number
  responses: { role: string; enrollment: number | null; count: { shown: true; n: number } | Withheld }[]
  domains: ProfileDomain[]
  topNeeds: { domain: string; index: number; n: number }[]
  topAssets: { domain: string; index: number; n: number }[]
  services: { itemId: string; domain: string; figures: ServiceFigures }[]
  breakdowns: { kind: string; value: string; domain: string; measures: string; figure: Figure }[]
  items: ItemDistribution[]
  release: ReleaseInfo
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
  release: ReleaseInfo
}

export function fetchDistrictComparison(administration: number, filters: Record<string, string> = {}) {
  const query = new URLSearchParams({ administration: String(administration), ...filters })
  return requestJson<DistrictComparison>(`/api/district/compare?${query}`)
}

function administrationQuery(administration: number | null): string {
  return administration === null ? '' : `administration=${administration}`
}

/** A school's profile; without an administration, its latest. */
export function fetchSchoolProfile(id: number, administration: number | null = null) {
  const query = administrationQuery(administration)
  return requestJson<SchoolProfile>(`/api/schools/${id}/profile${query && `?${query}`}`)
}

/** The profile export's address (a download link: the browser sends the session cookie). */
export function schoolProfileExportUrl(id: number, format: 'csv' | 'xlsx', administration: number | null = null): string {
  const query = administrationQuery(administration)
  return `/api/exports/schools/${id}/profile?format=${format}${query && `&${query}`}`
}
