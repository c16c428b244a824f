import type { Static } from 'typebox'
import type { CutSchema, ReleaseInfoSchema, ReleaseSchema } from '../../server/analytics/releases.schemas'
import { requestJson } from './http'

/** Which release a profile's or comparison's figures come from (server/analytics/releases.schemas.ts). */
export type ReleaseInfo = Static<typeof ReleaseInfoSchema>
/** One release of an administration. */
export type Release = Static<typeof ReleaseSchema>
/** What cutting a release now did: the release (or null), responses taken in, schools still waiting. */
export type CutResult = Static<typeof CutSchema>

export const fetchReleases = (administration: number) => requestJson<Release[]>(`/api/administrations/${administration}/releases`)
export const cutRelease = (administration: number) => requestJson<CutResult>(`/api/administrations/${administration}/releases`, { method: 'POST' })
