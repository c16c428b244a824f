import type { Receipt, Submission } from '../../server/intake/intake.schemas'
import { clientToken } from '../ui/client-token'
import { requestJson } from './http'

export type { Receipt, Submission }

export function postResponse(submission: Submission) {
  return requestJson<Receipt>('/api/responses', { method: 'POST', body: JSON.stringify(submission), headers: { 'x-client-token': clientToken() } })
}
