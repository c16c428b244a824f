import type { ApiError } from '../api/http'

/** Why a code opens no survey, as the runner says it (`runner.errors.*`). */
export type AccessProblem = 'notFound' | 'closed' | 'notYetOpen' | 'revoked' | 'network'

/** The problem GET /api/access/:code answered: unknown (404; 400 for a code that cannot be one), gone (410), or no answer. */
export function accessProblem(status: number, body: ApiError): AccessProblem {
  const reason = (body.details as { reason?: string } | undefined)?.reason
  if (status === 404 || status === 400) return 'notFound'
  if (status === 410) return reason === 'revoked' ? 'revoked' : reason === 'not-yet-open' ? 'notYetOpen' : 'closed'
  return 'network'
}
