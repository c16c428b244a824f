import type { Kysely } from 'kysely'
import { audit } from '../audit/audit.repository'
import type { SessionUser } from '../auth/auth.repository'
import type { Database } from '../db/schema'
import { BadRequest } from '../errors'
import { findResponsesInIdRange } from './intake.repository'
import type { ReceiptLookup } from './intake.schemas'
import { parseReceipt, receiptIdRange } from './receipt'

/**
 * What a respondent's receipt stands for, for the district's administrators (a family asks whether its answers
 * arrived, or to withdraw them): when each response arrived and where. Every look-up is in the audit log.
 */
export async function lookUpReceipt(db: Kysely<Database>, typed: string, actor: SessionUser): Promise<ReceiptLookup> {
  const receipt = parseReceipt(typed)
  if (!receipt) throw new BadRequest('A receipt is 8 letters and digits, as the thank-you screen shows it (for example 4F7K-92QD).')
  const rows = await findResponsesInIdRange(db, receiptIdRange(receipt))
  await audit(db, { actor: { id: actor.id, email: actor.email }, action: 'read.receipt', outcome: 'success', target: `receipt:${receipt}`, detail: { found: rows.length } })
  return {
    receipt,
    responses: rows.map((r) => ({ receivedAt: r.received_at.toISOString(), school: { id: r.school_id, name: r.school_name }, administrationId: r.administration_id, role: r.role })),
  }
}
