import type { Transaction } from 'kysely'
import type { Database, Role, Channel } from '../db/schema'
import type { ResponseScores } from '../instruments/scoring'

export interface StoredResponse {
  id: string
  schoolId: number
  administrationId: number
  instrumentVersionId: number
  role: Role
  locale: string
  channel: Channel
  startedAt: string | null
  submittedAt: string | null
  answers: Record<string, unknown>
  payloadHash: string
}

/**
 * Inserts the response and its scores unless a response with this id exists. Returns the new receipt, or null
 * when the id was already stored (the caller then compares payloads). Uniqueness is the primary key, never a
 * check-then-insert.
 */
export async function insertResponseOnce(trx: Transaction<Database>, response: StoredResponse, scores: ResponseScores) {
  const inserted = await trx
    .insertInto('responses')
    .values({
      id: response.id,
      school_id: response.schoolId,
      administration_id: response.administrationId,
      instrument_version_id: response.instrumentVersionId,
      role: response.role,
      locale: response.locale,
      channel: response.channel,
      started_at: response.startedAt,
      submitted_at: response.submittedAt,
      answers: JSON.stringify(response.answers),
      payload_hash: response.payloadHash,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning(['id', 'received_at'])
    .executeTakeFirst()
  if (!inserted) return null

  const keys = { response_id: response.id, school_id: response.schoolId, administration_id: response.administrationId, role: response.role }
  if (scores.items.length > 0) {
    await trx
      .insertInto('response_items')
      .values(scores.items.map((i) => ({ ...keys, item_id: i.itemId, domain: i.domain, measures: i.measures, choice: i.choice, score: i.score })))
      .execute()
  }
  if (scores.domains.length > 0) {
    await trx
      .insertInto('response_domain_scores')
      .values(scores.domains.map((d) => ({ ...keys, domain: d.domain, measures: d.measures, score: d.score, items: d.items })))
      .execute()
  }
  return inserted
}

export function findStoredResponse(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('responses').select(['id', 'received_at', 'payload_hash']).where('id', '=', id).executeTakeFirst()
}
