import type { Static } from 'typebox'
import type { BandSchema, CountSchema, CoverageSchema, RatesQuerySchema, ResponseRatesSchema } from '../../server/profiles/rates.schemas'
import { requestJson } from './http'

/** A released count as the server shows it: exact, under k ('<k'), or hidden so that a smaller one beside it stays hidden. */
export type Count = Static<typeof CountSchema>
/** Live responses as a band of width k. */
export type Band = Static<typeof BandSchema>
export type Coverage = Static<typeof CoverageSchema>
/** The one response-rate report (server/profiles/rates.schemas.ts). */
export type ResponseRates = Static<typeof ResponseRatesSchema>

export function fetchRates(administration: number, filters: Static<typeof RatesQuerySchema> = {}) {
  const query = new URLSearchParams()
  if (filters.region) query.set('region', filters.region)
  if (filters.cohort) query.set('cohort', filters.cohort)
  return requestJson<ResponseRates>(`/api/administrations/${administration}/rates${query.size ? `?${query}` : ''}`)
}
