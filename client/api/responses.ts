import { clientToken } from '../ui/client-token'
import { requestJson } from './http'

export interface Submission {
  id: string
  code: string
  slug: string
  version: number
  locale: string
  channel: 'kiosk' | 'phone' | 'web'
  answers: Record<string, unknown>
  startedAt?: string
  submittedAt?: string
}

export interface Receipt {
  id: string
  receivedAt: string
  created: boolean
}

export function postResponse(submission: Submission) {
  return requestJson<Receipt>('/api/responses', { method: 'POST', body: JSON.stringify(submission), headers: { 'x-client-token': clientToken() } })
}
