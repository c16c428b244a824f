import { sql, type Kysely } from 'kysely'
import type { Channel, Database, Role } from '../db/schema'
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
 * Stores the response, its item scores and its domain scores in ONE statement, unless a response with this id
 * exists, and marks it pending for the rollups (a fold adds it to them, see profiles/rollups.repository.ts). A
 * single statement is one transaction: an aggregate never sees half a response, and the intake path costs one round
 * trip. The item and domain inserts read the response insert's RETURNING, so on a conflict nothing is written.
 * Uniqueness is the primary key, never a check-then-insert.
 *
 * Returns the new receipt, or null when the id was already stored (the caller then compares payloads).
 */
export async function insertResponseOnce(db: Kysely<Database>, response: StoredResponse, scores: ResponseScores) {
  const { items, domains, contexts } = scores
  const { rows } = await sql<{ id: string; received_at: Date }>`
    with inserted as (
      insert into responses (id, school_id, administration_id, instrument_version_id, role, locale, channel,
                             started_at, submitted_at, answers, payload_hash)
      values (${response.id}, ${response.schoolId}, ${response.administrationId}, ${response.instrumentVersionId},
              ${response.role}, ${response.locale}, ${response.channel}, ${response.startedAt}, ${response.submittedAt},
              ${JSON.stringify(response.answers)}::jsonb, ${response.payloadHash})
      on conflict (id) do nothing
      returning id, school_id, administration_id, role, received_at
    ),
    item_rows as (
      insert into response_items (response_id, school_id, administration_id, role, item_id, domain, measures, choice, score)
      select r.id, r.school_id, r.administration_id, r.role, u.*
      from inserted r,
           unnest(${items.map((i) => i.itemId)}::text[], ${items.map((i) => i.domain)}::text[], ${items.map((i) => i.measures)}::text[],
                  ${items.map((i) => i.choice)}::text[], ${items.map((i) => i.score)}::float8[]) as u
    ),
    domain_rows as (
      insert into response_domain_scores (response_id, school_id, administration_id, role, domain, measures, score, items)
      select r.id, r.school_id, r.administration_id, r.role, u.*
      from inserted r,
           unnest(${domains.map((d) => d.domain)}::text[], ${domains.map((d) => d.measures)}::text[],
                  ${domains.map((d) => d.score)}::float8[], ${domains.map((d) => d.items)}::int[]) as u
    ),
    context_rows as (
      insert into response_contexts (response_id, school_id, administration_id, role, kind, value)
      select r.id, r.school_id, r.administration_id, r.role, u.*
      from inserted r, unnest(${contexts.map((c) => c.kind)}::text[], ${contexts.map((c) => c.value)}::text[]) as u
    ),
    pending_rows as (
      insert into rollup_pending (school_id, response_id) select school_id, id from inserted
    )
    select id, received_at from inserted`.execute(db)
  return rows[0] ?? null
}

export function findStoredResponse(db: Kysely<Database>, id: string) {
  return db.selectFrom('responses').select(['id', 'received_at', 'payload_hash']).where('id', '=', id).executeTakeFirst()
}
