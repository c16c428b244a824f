import type { Static } from 'typebox'
import type {
  AdministrationChange,
  AdministrationDetailSchema,
  AdministrationInput,
  AdministrationListSchema,
  NewCodeSchema,
} from '../../server/administrations/administrations.schemas'
import { requestJson, type ApiResult } from './http'

export type { Role } from '../../server/vocabulary/roles'
export type { Mode } from '../../server/vocabulary/channels'
export type { AdministrationChange, AdministrationInput }

/** GET /api/administrations (server/administrations/administrations.schemas.ts). */
export type AdministrationList = Static<typeof AdministrationListSchema>
export type AdministrationListItem = AdministrationList['administrations'][number]
export type WindowStatus = AdministrationListItem['status']
/** One administration with its versions and schools: what every change answers. */
export type AdministrationDetail = Static<typeof AdministrationDetailSchema>

const json = (method: string, body?: unknown): RequestInit => ({ method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })

/**
 * The list asked for as the staff app started (client/admin/district/prefetch.ts), taken by the next caller once;
 * asked again if it failed (say, before sign-in).
 */
let early: Promise<ApiResult<AdministrationList>> | null = null
export const prefetchAdministrations = () => (early ??= requestJson<AdministrationList>('/api/administrations'))
export const fetchAdministrations = () => {
  const prefetched = early
  early = null
  const fresh = () => requestJson<AdministrationList>('/api/administrations')
  return prefetched ? prefetched.then((r) => (r.ok ? r : fresh())) : fresh()
}
export const fetchAdministration = (id: number) => requestJson<AdministrationDetail>(`/api/administrations/${id}`)
export const createAdministration = (input: AdministrationInput) => requestJson<AdministrationDetail>('/api/administrations', json('POST', input))
export const changeAdministration = (id: number, change: AdministrationChange) => requestJson<AdministrationDetail>(`/api/administrations/${id}`, json('PATCH', change))
export const openAdministration = (id: number) => requestJson<AdministrationDetail>(`/api/administrations/${id}/open`, json('POST'))
export const extendAdministration = (id: number, closesAt: string) => requestJson<AdministrationDetail>(`/api/administrations/${id}/extend`, json('POST', { closesAt }))
export const closeAdministration = (id: number) => requestJson<AdministrationDetail>(`/api/administrations/${id}/close`, json('POST'))
export const replaceCode = (id: number, schoolId: number) => requestJson<Static<typeof NewCodeSchema>>(`/api/administrations/${id}/schools/${schoolId}/codes`, json('POST'))
export const revokeCode = (id: number, schoolId: number, code: string) => requestJson<null>(`/api/administrations/${id}/schools/${schoolId}/codes/${encodeURIComponent(code)}/revoke`, json('POST'))

/** The QR image of a school's survey link, made by the server (no outside service). */
export const qrUrl = (id: number, schoolId: number, target: 'phone' | 'kiosk', format: 'svg' | 'png' = 'svg') =>
  `/api/administrations/${id}/schools/${schoolId}/qr?for=${target}&format=${format}`
