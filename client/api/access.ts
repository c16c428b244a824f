import { requestJson } from './http'

export type LocalizedText = string | Record<string, string>

export interface OfferedInstrument {
  slug: string
  version: number
  role: 'student' | 'family' | 'staff'
  title: LocalizedText
  minutes: number | null
  languages: string[]
}

export interface Access {
  code: string
  minCellSize: number
  school: { id: number; name: string }
  administration: { id: number; name: string; closesAt: string; mode: string }
  instruments: OfferedInstrument[]
}

export function fetchAccess(code: string) {
  return requestJson<Access>(`/api/access/${encodeURIComponent(code)}`)
}
