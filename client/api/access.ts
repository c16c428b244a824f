import type { Static } from 'typebox'
import type { AccessSchema } from '../../server/administrations/access.schemas'
import type { LocalizedText as LocalizedTextSchema } from '../../server/schemas'
import { requestJson } from './http'

/** A localized string as SurveyJS stores it: { default: 'English', es: '…' }, or plain text. */
export type LocalizedText = Static<typeof LocalizedTextSchema>

/** GET /api/access/:code (server/administrations/access.schemas.ts). */
export type Access = Static<typeof AccessSchema>
/** An instrument the code offers: its grades at this school and each grade-band question's choices there. */
export type OfferedInstrument = Access['instruments'][number]

export function fetchAccess(code: string) {
  return requestJson<Access>(`/api/access/${encodeURIComponent(code)}`)
}
