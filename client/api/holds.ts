import type { Static } from 'typebox'
import type { ReviewHoldListSchema, ReviewHoldSchema } from '../../server/analytics/review-holds.schemas'
import { requestJson } from './http'

/** Responses a release cut held for review (server/analytics/review-holds.schemas.ts): one school and role each. */
export type ReviewHold = Static<typeof ReviewHoldSchema>
export type ReviewHoldList = Static<typeof ReviewHoldListSchema>
export type HoldStatus = ReviewHold['status']

export function fetchHolds(filter: { status?: HoldStatus; administration?: number }) {
  const query = new URLSearchParams()
  if (filter.status) query.set('status', filter.status)
  if (filter.administration) query.set('administration', String(filter.administration))
  return requestJson<ReviewHoldList>(`/api/holds${query.size ? `?${query}` : ''}`)
}

export const approveHold = (id: number) => requestJson<ReviewHold>(`/api/holds/${id}/approve`, { method: 'POST' })
export const setAsideHold = (id: number) => requestJson<ReviewHold>(`/api/holds/${id}/set-aside`, { method: 'POST' })
