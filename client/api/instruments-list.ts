import { requestJson } from './http'
import type { LocalizedText } from './access'

export interface InstrumentSummary {
  slug: string
  version: number
  role: string
  title: LocalizedText
  languages: { locale: string; status: 'draft' | 'reviewed' }[]
  contentHash: string
}

export function fetchInstruments() {
  return requestJson<{ instruments: InstrumentSummary[] }>('/api/instruments')
}
