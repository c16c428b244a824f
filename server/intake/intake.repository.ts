import { sql, type Kysely } from 'kysely'
import type { Channel, Database, Role } from '../db/schema'
import type { EncodedScores } from '../instruments/layout'

export interface StoredResponse {
  id: string
  /** The access code it came with, normalized: the statement that stores it checks the code still offers it. */
  code: string
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
  scores: EncodedScores
}

/**
 * Stores many responses in ONE statement, with their scores in their own rows, and marks them pending for the
 * rollups (a fold adds them, see profiles/rollups.repository.ts). A response is stored only when
 * - no response with its id exists: uniqueness is the primary key (on conflict do nothing), never a check first;
 * - its access code, checked in this same statement, still opens the survey now and offers this school its version
 *   for that role, so an offer read a moment earlier (or from the intake's cache) never lets in a response after
 *   the survey closed, the code was revoked or the school moved to another version.
 * One statement is one transaction: all or nothing, and an aggregate never sees half a response.
 *
 * Returns when each response it stored was received; the ids it did not store are absent.
 */
export async function insertResponses(db: Kysely<Database>, responses: StoredResponse[]): Promise<Map<string, Date>> {
  // The arrays travel as PostgreSQL array literals inside the JSON: PostgreSQL reads a literal several times faster
  // than it turns a JSON array into an array, element by element (measured: about 90 µs less per response).
  const input = JSON.stringify(
    responses.map((r) => ({
      id: r.id,
      code: r.code,
      school_id: r.schoolId,
      administration_id: r.administrationId,
      instrument_version_id: r.instrumentVersionId,
      role: r.role,
      locale: r.locale,
      channel: r.channel,
      started_at: r.startedAt,
      submitted_at: r.submittedAt,
      answers: r.answers,
      payload_hash: r.payloadHash,
      item_choices: arrayLiteral(r.scores.item_choices),
      item_scores: arrayLiteral(r.scores.item_scores),
      domain_scores: arrayLiteral(r.scores.domain_scores),
      domain_items: arrayLiteral(r.scores.domain_items),
      domain_masks: arrayLiteral(r.scores.domain_masks),
      context_kinds: arrayLiteral(r.scores.context_kinds),
      context_values: arrayLiteral(r.scores.context_values),
    })),
  )
  const { rows } = await sql<{ id: string; received_at: Date }>`
    with input as (
      select * from jsonb_to_recordset(${input}::jsonb) as x(
        id uuid, code text, school_id integer, administration_id integer, instrument_version_id integer, role text,
        locale text, channel text, started_at timestamptz, submitted_at timestamptz, answers jsonb, payload_hash text,
        item_choices text, item_scores text, domain_scores text, domain_items text, domain_masks text,
        context_kinds text, context_values text)
    ),
    inserted as (
      insert into responses (id, school_id, administration_id, instrument_version_id, role, locale, channel, started_at,
                             submitted_at, answers, payload_hash, item_choices, item_scores, domain_scores, domain_items,
                             domain_masks, context_kinds, context_values)
      select i.id, i.school_id, i.administration_id, i.instrument_version_id, i.role, i.locale, i.channel, i.started_at,
             i.submitted_at, i.answers, i.payload_hash, i.item_choices::text[], i.item_scores::float8[], i.domain_scores::float8[],
             i.domain_items::smallint[], i.domain_masks::bigint[], i.context_kinds::text[], i.context_values::text[]
      from input i
      where exists (
        select from access_codes c join administrations a on a.id = c.administration_id
        where c.code = i.code and c.school_id = i.school_id and a.id = i.administration_id and c.revoked_at is null
          and a.opens_at <= now() and now() < a.closes_at and (a.closed_at is null or now() < a.closed_at)
          and (
            -- The school's own version for this role, or else the administration's.
            exists (select from administration_school_instruments o
                    where o.administration_id = a.id and o.school_id = c.school_id and o.role = i.role and o.instrument_version_id = i.instrument_version_id)
            or (exists (select from administration_instruments ai
                        where ai.administration_id = a.id and ai.role = i.role and ai.instrument_version_id = i.instrument_version_id)
                and not exists (select from administration_school_instruments o
                                where o.administration_id = a.id and o.school_id = c.school_id and o.role = i.role))))
      on conflict (id) do nothing
      returning id, school_id, received_at
    ),
    pending as (
      insert into rollup_pending (school_id, response_id) select school_id, id from inserted
    )
    select id, received_at from inserted`.execute(db)
  return new Map(rows.map((r) => [r.id, r.received_at]))
}

/**
 * A one-dimensional PostgreSQL array literal: every text element quoted (so NULL, braces, commas and spaces stay
 * text), numbers as JavaScript writes them (the shortest text that reads back as the same double), null as NULL.
 */
export function arrayLiteral(values: readonly (string | number | null)[]): string {
  let out = '{'
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (i > 0) out += ','
    if (v === null) out += 'NULL'
    else if (typeof v === 'number') out += String(v)
    // Most texts (choice values) need no escaping: skip the replace for them (it is most of the time otherwise).
    else if (v.indexOf('"') === -1 && v.indexOf('\\') === -1) out += '"' + v + '"'
    else out += '"' + v.replace(/["\\]/g, '\\$&') + '"'
  }
  return out + '}'
}

/** Stored responses by id, with their receipt and payload fingerprint (the caller compares payloads). */
export function findStoredResponses(db: Kysely<Database>, ids: string[]) {
  return db.selectFrom('responses').select(['id', 'received_at', 'payload_hash']).where('id', 'in', ids).execute()
}

/**
 * Responses whose id begins with a receipt's 40 bits (receipt.ts): a range of the primary key, so one index probe.
 * What arrived and where, never the answers.
 */
export function findResponsesInIdRange(db: Kysely<Database>, range: { low: string; high: string }) {
  return db
    .selectFrom('responses as r')
    .innerJoin('schools as s', 's.id', 'r.school_id')
    .select(['r.id', 'r.received_at', 'r.school_id', 's.name as school_name', 'r.administration_id', 'r.role'])
    .where('r.id', '>=', range.low)
    .where('r.id', '<=', range.high)
    .orderBy('r.received_at')
    .limit(20)
    .execute()
}
