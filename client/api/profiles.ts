import type { Static } from 'typebox'
import type { CrossTabSchema, FigureSchema, SchoolProfileSchema } from '../../server/profiles/profiles.schemas'
import { requestJson } from './http'

export type { Withheld } from '../../server/vocabulary/withheld'

/** GET /api/schools/:id/profile (server/profiles/profiles.schemas.ts). */
export type SchoolProfile = Static<typeof SchoolProfileSchema>
/** An index as a profile shows it, or withheld. */
export type Figure = Static<typeof FigureSchema>
export type ProfileDomain = SchoolProfile['domains'][number]
export type MeasureFigures = ProfileDomain['need']
/** All voices now minus all voices at the previous administration; null where either side is not shown. */
export type Change = ProfileDomain['change']['need']
export type MatchedItems = NonNullable<ProfileDomain['change']['matchedItems']>['need']
export type ServiceFigures = SchoolProfile['services'][number]['figures']
export type ItemDistribution = SchoolProfile['items'][number]
/** One group's figure for one domain and measure: a home language, grade band or time at school (withheld or shown). */
export type ProfileBreakdown = SchoolProfile['breakdowns'][number]

function administrationQuery(administration: number | null): string {
  return administration === null ? '' : `administration=${administration}`
}

/** A school's profile; without an administration, its latest. */
export function fetchSchoolProfile(id: number, administration: number | null = null) {
  const query = administrationQuery(administration)
  return requestJson<SchoolProfile>(`/api/schools/${id}/profile${query && `?${query}`}`)
}

/** GET /api/schools/:id/crosstab: one breakdown split by role, every domain, for need or assets. */
export type CrossTab = Static<typeof CrossTabSchema>

export function fetchCrossTab(id: number, administration: number, kind: string, measure: 'need' | 'asset') {
  return requestJson<CrossTab>(`/api/schools/${id}/crosstab?administration=${administration}&kind=${encodeURIComponent(kind)}&measure=${measure}`)
}

/** The profile export's address (a download link: the browser sends the session cookie). */
export function schoolProfileExportUrl(id: number, format: 'csv' | 'xlsx', administration: number | null = null): string {
  const query = administrationQuery(administration)
  return `/api/exports/schools/${id}/profile?format=${format}${query && `&${query}`}`
}
