import type { Static } from 'typebox'
import type {
  BankItem,
  BankSchema,
  DefectSchema,
  DraftListSchema,
  DraftSchema,
  ProtectedItemSchema,
  PublishedSchema,
  PublishedVersionListSchema,
  PublishedVersionSchema,
  SaveDraftSchema,
} from '../../server/designer/designer.schemas'
import { requestJson } from './http'

export type Json = Record<string, unknown>

/** A draft with its problems and protected-area items (server/designer/designer.schemas.ts). */
export type Draft = Static<typeof DraftSchema>
export type Defect = Static<typeof DefectSchema>
export type ProtectedItem = Static<typeof ProtectedItemSchema>
export type PublishedVersion = Static<typeof PublishedVersionSchema>
export type { BankItem }

/** Whose drafts: a school id, or 'district' for the district's templates. */
export type Owner = number | 'district'

const base = (owner: Owner) => `/api/designer/${owner}`

export const fetchDesignerVersions = () => requestJson<Static<typeof PublishedVersionListSchema>>('/api/designer/versions')

export function fetchBank(query: { q?: string; domain?: string } = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v) as [string, string][])
  return requestJson<Static<typeof BankSchema>>(`/api/designer/bank${params.size ? `?${params}` : ''}`)
}

export const fetchDrafts = (owner: Owner) =>
  requestJson<Static<typeof DraftListSchema>>(`${base(owner)}/drafts`)

export const fetchDraft = (owner: Owner, id: number) => requestJson<Draft>(`${base(owner)}/drafts/${id}`)

export const startDraft = (owner: Owner, from: { slug: string; version: number }) => requestJson<Draft>(`${base(owner)}/drafts`, { method: 'POST', body: JSON.stringify(from) })

export const importDraft = (owner: Owner, file: Json) => requestJson<Draft>(`${base(owner)}/imports`, { method: 'POST', body: JSON.stringify({ file }) })

/** An XLSForm workbook (base64) as a new draft of `slug`, or of the instrument its form_id names. */
export const importXlsForm = (owner: Owner, file: string, slug: string | undefined) =>
  requestJson<{ draft: Draft; notices: string[] }>(`${base(owner)}/imports/xlsform`, { method: 'POST', body: JSON.stringify({ file, ...(slug ? { slug } : {}) }) })

/** Where a published version downloads as an XLSForm workbook. */
export const xlsFormUrl = (slug: string, version: number) => `/api/designer/versions/${encodeURIComponent(slug)}/${version}/xlsform`

export const saveDraft = (owner: Owner, id: number, change: Static<typeof SaveDraftSchema>) =>
  requestJson<Draft>(`${base(owner)}/drafts/${id}`, { method: 'PUT', body: JSON.stringify(change) })

export const publishDraft = (owner: Owner, id: number, revision: number) =>
  requestJson<Static<typeof PublishedSchema>>(`${base(owner)}/drafts/${id}/publish`, { method: 'POST', body: JSON.stringify({ revision }) })

/** Offers a school's own version for a role in one administration (the administrations API). */
export const offerSchoolVersion = (administrationId: number, schoolId: number, role: string, version: { slug: string; version: number }) =>
  requestJson<unknown>(`/api/administrations/${administrationId}/schools/${schoolId}/instruments/${role}`, { method: 'PUT', body: JSON.stringify(version) })
