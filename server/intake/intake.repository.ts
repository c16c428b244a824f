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
 * exists, and adds them to the rollups (domain_rollups, domain_score_histogram, domain_item_sets and
 * item_choice_rollups). A single statement is one transaction: an aggregate or a rollup never shows half a
 * response, and the intake path costs one round trip. The item and domain inserts read the response insert's
 * RETURNING, and the rollups read theirs, so on a conflict nothing is written. Uniqueness is the primary key, never
 * a check-then-insert. Every response takes its rollup rows' locks in key order (ORDER BY the conflict key), so
 * concurrent responses to one school wait for each other but never deadlock.
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
      returning school_id, administration_id, role, item_id, domain, measures, choice, score
    ),
    domain_rows as (
      insert into response_domain_scores (response_id, school_id, administration_id, role, domain, measures, score, items)
      select r.id, r.school_id, r.administration_id, r.role, u.*
      from inserted r,
           unnest(${domains.map((d) => d.domain)}::text[], ${domains.map((d) => d.measures)}::text[],
                  ${domains.map((d) => d.score)}::float8[], ${domains.map((d) => d.items)}::int[]) as u
      returning school_id, administration_id, role, domain, measures, score
    ),
    context_rows as (
      insert into response_contexts (response_id, school_id, administration_id, role, kind, value)
      select r.id, r.school_id, r.administration_id, r.role, u.*
      from inserted r, unnest(${contexts.map((c) => c.kind)}::text[], ${contexts.map((c) => c.value)}::text[]) as u
      returning kind, value
    ),
    domain_rollup_rows as (
      insert into domain_rollups as t (administration_id, context_kind, context_value, school_id, role, domain, measures, n, score_sum, score_squares)
      select d.administration_id, c.kind, c.value, d.school_id, d.role, d.domain, d.measures, 1, d.score::numeric, d.score::numeric * d.score::numeric
      from domain_rows d, (select '' as kind, '' as value union all select kind, value from context_rows) c
      order by 1, 2, 3, 4, 5, 6, 7
      on conflict (administration_id, context_kind, context_value, school_id, role, domain, measures) do update
        set n = t.n + 1, score_sum = t.score_sum + excluded.score_sum, score_squares = t.score_squares + excluded.score_squares
    ),
    histogram_rows as (
      insert into domain_score_histogram as t (school_id, administration_id, role, domain, measures, score_floor, n)
      select d.school_id, d.administration_id, d.role, d.domain, d.measures, floor(d.score)::smallint, 1
      from domain_rows d
      order by 1, 2, 3, 4, 5, 6
      on conflict (school_id, administration_id, role, domain, measures, score_floor) do update set n = t.n + 1
    ),
    item_set_rows as (
      insert into domain_item_sets as t (school_id, administration_id, role, domain, measures, items, n)
      select i.school_id, i.administration_id, i.role, i.domain, i.measures, string_agg(i.item_id, ' ' order by i.item_id), 1
      from item_rows i
      where i.measures in ('need', 'asset') and i.score is not null
      group by i.school_id, i.administration_id, i.role, i.domain, i.measures
      order by 1, 2, 3, 4, 5, 6
      on conflict (school_id, administration_id, role, domain, measures, items) do update set n = t.n + 1
    ),
    item_rollup_rows as (
      insert into item_choice_rollups as t (school_id, administration_id, item_id, domain, measures, role, choice, n, scored, score_sum, score_squares)
      select i.school_id, i.administration_id, i.item_id, i.domain, i.measures, i.role, i.choice, 1, (i.score is not null)::int,
             coalesce(i.score::numeric, 0), coalesce(i.score::numeric * i.score::numeric, 0)
      from item_rows i
      order by 1, 2, 3, 4, 5, 6, 7
      on conflict (school_id, administration_id, item_id, domain, measures, role, choice) do update
        set n = t.n + 1, scored = t.scored + excluded.scored, score_sum = t.score_sum + excluded.score_sum,
            score_squares = t.score_squares + excluded.score_squares
    )
    select id, received_at from inserted`.execute(db)
  return rows[0] ?? null
}

export function findStoredResponse(db: Kysely<Database>, id: string) {
  return db.selectFrom('responses').select(['id', 'received_at', 'payload_hash']).where('id', '=', id).executeTakeFirst()
}
