import type { Static } from 'typebox'
import type { ImportProblemSchema, ImportResultSchema, NewSchoolSchema, SchoolChangeSchema, SchoolListSchema, SchoolSchema } from '../../server/schools/schools.schemas'
import { requestJson } from './http'

/** A school in the directory (server/schools/schools.schemas.ts). */
export type School = Static<typeof SchoolSchema>
/** What the lists of schools on other pages read of one. */
export type SchoolSummary = Pick<School, 'id' | 'code' | 'name' | 'region' | 'cohort' | 'grades'>
export type NewSchool = Static<typeof NewSchoolSchema>
export type SchoolChange = Static<typeof SchoolChangeSchema>
export type SchoolImport = Static<typeof ImportResultSchema>
export type ImportProblem = Static<typeof ImportProblemSchema>

/** The schools the signed-in person may see; archived ones too with `archived`. */
export function fetchSchools(options: { archived?: boolean } = {}) {
  return requestJson<Static<typeof SchoolListSchema>>(`/api/schools${options.archived ? '?archived=true' : ''}`)
}

export const createSchool = (body: NewSchool) => requestJson<School>('/api/schools', { method: 'POST', body: JSON.stringify(body) })
export const changeSchool = (id: number, body: SchoolChange) => requestJson<School>(`/api/schools/${id}`, { method: 'PATCH', body: JSON.stringify(body) })
export const archiveSchool = (id: number) => requestJson<School>(`/api/schools/${id}/archive`, { method: 'POST' })
export const restoreSchool = (id: number) => requestJson<School>(`/api/schools/${id}/restore`, { method: 'POST' })
export const deleteSchool = (id: number) => requestJson<null>(`/api/schools/${id}`, { method: 'DELETE' })

export const schoolsTemplateUrl = (format: 'csv' | 'xlsx') => `/api/schools/template?format=${format}`

/** A schools file (CSV, XLSX or the state's pubschls.txt) sent as base64; `preview` only checks it. */
export const importSchools = (file: string, options: { preview: boolean; district?: string }) =>
  requestJson<SchoolImport>(`/api/schools/import${options.preview ? '?preview=true' : ''}`, {
    method: 'POST',
    body: JSON.stringify({ file, ...(options.district ? { district: options.district } : {}) }),
  })
