import type { Static } from 'typebox'
import type { InstrumentListSchema } from '../../server/instruments/instruments.schemas'
import { requestJson } from './http'

/** The latest published version of an instrument (server/instruments/instruments.schemas.ts). */
export type InstrumentSummary = Static<typeof InstrumentListSchema>['instruments'][number]

/** A SurveyJS definition with ANA metadata. */
export type Definition = Record<string, unknown>

export function fetchInstruments() {
  return requestJson<Static<typeof InstrumentListSchema>>('/api/instruments')
}

/** A published version never changes, so the browser and service worker may cache it for good. */
export function fetchDefinition(slug: string, version: number) {
  return requestJson<Definition>(`/api/instruments/${encodeURIComponent(slug)}/versions/${version}`)
}
