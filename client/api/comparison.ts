import type { Static } from 'typebox'
import type { DistrictComparisonSchema } from '../../server/profiles/profiles.schemas'
import { requestJson } from './http'

/** GET /api/district/compare: schools × domains, with district context (server/profiles/profiles.schemas.ts). */
export type DistrictComparison = Static<typeof DistrictComparisonSchema>
export type DistrictCell = DistrictComparison['schools'][number]['cells'][string]['need']

export function fetchDistrictComparison(administration: number, filters: Record<string, string> = {}) {
  const query = new URLSearchParams({ administration: String(administration), ...filters })
  return requestJson<DistrictComparison>(`/api/district/compare?${query}`)
}
