import { requestJson } from './http'
import type { LocalizedText } from './access'

export type Json = Record<string, unknown>

export interface Defect {
  file: string
  pointer: string
  message: string
}

export interface ProtectedItem {
  itemId: string
  domain: string
  area: string
  consent: string
}

export interface Draft {
  id: number
  slug: string
  ownerSchoolId: number | null
  baseVersion: number | null
  publishedVersion: number | null
  revision: number
  updatedAt: string
  definition: Json
  translations: Record<string, 'draft' | 'reviewed'>
  translationHashes: Record<string, Record<string, string>> | null
  defects: Defect[]
  protectedItems: ProtectedItem[]
}

export interface PublishedVersion {
  id: number
  slug: string
  version: number
  role: string
  ownerSchoolId: number | null
  ownerSchoolName: string | null
  title: LocalizedText
  publishedAt: string | null
}

export interface BankItem {
  itemId: string
  domain: string
  measures: string
  slug: string
  version: number
  question: Json
  protected: { area: string; consent: string } | null
}

/** Whose drafts: a school id, or 'district' for the district's templates. */
export type Owner = number | 'district'

const base = (owner: Owner) => `/api/designer/${owner}`

export const fetchDesignerVersions = () => requestJson<{ versions: PublishedVersion[] }>('/api/designer/versions')

export function fetchBank(query: { q?: string; domain?: string } = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][])
  return requestJson<{ items: BankItem[] }>(`/api/designer/bank${params.size ? `?${params}` : ''}`)
}

export const fetchDrafts = (owner: Owner) =>
  requestJson<{ drafts: { id: number; slug: string; baseVersion: number | null; revision: number; updatedAt: string; title: LocalizedText }[] }>(`${base(owner)}/drafts`)

export const fetchDraft = (owner: Owner, id: number) => requestJson<Draft>(`${base(owner)}/drafts/${id}`)

export const startDraft = (owner: Owner, from: { slug: string; version: number }) => requestJson<Draft>(`${base(owner)}/drafts`, { method: 'POST', body: JSON.stringify(from) })

export const importDraft = (owner: Owner, file: Json) => requestJson<Draft>(`${base(owner)}/imports`, { method: 'POST', body: JSON.stringify({ file }) })

export const saveDraft = (owner: Owner, id: number, change: { revision: number; definition: Json; translationHashes: Draft['translationHashes'] }) =>
  requestJson<Draft>(`${base(owner)}/drafts/${id}`, { method: 'PUT', body: JSON.stringify(change) })

export const publishDraft = (owner: Owner, id: number, revision: number) =>
  requestJson<{ id: number; slug: string; version: number; ownerSchoolId: number | null }>(`${base(owner)}/drafts/${id}/publish`, { method: 'POST', body: JSON.stringify({ revision }) })

/** Offers a school's own version for a role in one administration (the administrations API). */
export const offerSchoolVersion = (administrationId: number, schoolId: number, role: string, version: { slug: string; version: number }) =>
  requestJson<unknown>(`/api/administrations/${administrationId}/schools/${schoolId}/instruments/${role}`, { method: 'PUT', body: JSON.stringify(version) })
