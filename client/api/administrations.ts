import { requestJson } from './http'
import type { LocalizedText } from './access'

export type Role = 'student' | 'family' | 'staff'
export type Mode = 'kiosk' | 'phone' | 'both'
export type WindowStatus = 'scheduled' | 'open' | 'closed'

export interface AdministrationListItem {
  id: number
  name: string
  status: WindowStatus
  opensAt: string
  closesAt: string
  localOpensAt: string
  localClosesAt: string
  timeZone: string
  mode: Mode
  /** Who runs it (the creator's role): only district-run ones are the baseline for change and the default profile. */
  runBy: 'district' | 'school'
  closed: boolean
  schools: number
}

export interface AdministrationDetail extends Omit<AdministrationListItem, 'schools'> {
  hasResponses: boolean
  mayChange: boolean
  instruments: { slug: string; version: number; role: Role; title: LocalizedText; minutes: number | null }[]
  schools: {
    id: number
    name: string
    schoolCode: string
    region: string
    code: string | null
    revokedCodes: string[]
    versions: { role: Role; slug: string; version: number }[]
    links: { phone: string; kiosk: string } | null
  }[]
}

export interface AdministrationInput {
  name: string
  opensAt: string
  closesAt: string
  mode: Mode
  instruments: { slug: string; version: number }[]
  schoolIds: number[]
}

const json = (method: string, body?: unknown): RequestInit => ({ method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })

export const listAdministrations = () => requestJson<{ timeZone: string; administrations: AdministrationListItem[] }>('/api/administrations')
export const fetchAdministration = (id: number) => requestJson<AdministrationDetail>(`/api/administrations/${id}`)
export const createAdministration = (input: AdministrationInput) => requestJson<AdministrationDetail>('/api/administrations', json('POST', input))
export const changeAdministration = (id: number, change: Partial<AdministrationInput>) => requestJson<AdministrationDetail>(`/api/administrations/${id}`, json('PATCH', change))
export const openAdministration = (id: number) => requestJson<AdministrationDetail>(`/api/administrations/${id}/open`, json('POST'))
export const extendAdministration = (id: number, closesAt: string) => requestJson<AdministrationDetail>(`/api/administrations/${id}/extend`, json('POST', { closesAt }))
export const closeAdministration = (id: number) => requestJson<AdministrationDetail>(`/api/administrations/${id}/close`, json('POST'))
export const replaceCode = (id: number, schoolId: number) => requestJson<{ code: string }>(`/api/administrations/${id}/schools/${schoolId}/codes`, json('POST'))
export const revokeCode = (id: number, schoolId: number, code: string) => requestJson<null>(`/api/administrations/${id}/schools/${schoolId}/codes/${encodeURIComponent(code)}/revoke`, json('POST'))

/** The QR image of a school's survey link, made by the server (no outside service). */
export const qrUrl = (id: number, schoolId: number, target: 'phone' | 'kiosk', format: 'svg' | 'png' = 'svg') =>
  `/api/administrations/${id}/schools/${schoolId}/qr?for=${target}&format=${format}`
