import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../db/schema'

/** Responses folded per transaction: one batch's rollup rows are locked only for the few milliseconds it takes. */
const BATCH = 1000
/** One fold at a time (a transaction-level advisory lock), so a reader that folds waits for a fold in progress. */
export const FOLD_LOCK = 0x414e4131

type Rollup = 'domain_rollups' | 'domain_score_histogram' | 'domain_item_sets' | 'item_choice_rollups'

/** Each rollup's key, in its table's column order: folds write in this order, so they never deadlock. */
const KEYS: Record<Rollup, string> = {
  domain_rollups: 'administration_id, context_kind, context_value, school_id, role, domain, measures',
  domain_score_histogram: 'school_id, administration_id, role, domain, measures, score_floor',
  domain_item_sets: 'school_id, administration_id, role, domain, measures, items',
  item_choice_rollups: 'school_id, administration_id, item_id, domain, measures, role, choice',
}
/** The columns a fold writes (and the exactness check compares), in the order the aggregates give them. */
const COLUMNS: Record<Rollup, string> = {
  domain_rollups: `${KEYS.domain_rollups}, n, score_sum, score_squares`,
  domain_score_histogram: `${KEYS.domain_score_histogram}, n`,
  domain_item_sets: `${KEYS.domain_item_sets}, n`,
  item_choice_rollups: `${KEYS.item_choice_rollups}, n, scored, score_sum, score_squares`,
}
/** What a fold adds to an existing row. */
const ADD: Record<Rollup, string> = {
  domain_rollups: 'n = t.n + excluded.n, score_sum = t.score_sum + excluded.score_sum, score_squares = t.score_squares + excluded.score_squares',
  domain_score_histogram: 'n = t.n + excluded.n',
  domain_item_sets: 'n = t.n + excluded.n',
  item_choice_rollups:
    'n = t.n + excluded.n, scored = t.scored + excluded.scored, score_sum = t.score_sum + excluded.score_sum, score_squares = t.score_squares + excluded.score_squares',
}
const ROLLUPS = Object.keys(KEYS) as Rollup[]

/**
 * Every rollup's rows, in its table's column order, as an aggregate of response rows: `d` domain scores, `c` context
 * answers, `i` item scores (the views, or some schools of them). The reference definition of what a rollup holds:
 * rollupMismatches compares the rollups with it, and so checks the folds below, which compute the same sums another
 * way, on the stored arrays.
 */
function aggregates(d: Expression<unknown>, c: Expression<unknown>, i: Expression<unknown>): Record<Rollup, RawBuilder<unknown>> {
  const domainRows = sql`select response_id, school_id, administration_id, role, domain, measures, score from ${d} x`
  return {
    domain_rollups: sql`
      select x.administration_id, x.kind, x.value, x.school_id, x.role, x.domain, x.measures,
             count(*), sum(x.score::numeric), sum(x.score::numeric * x.score::numeric)
      from (select s.*, '' as kind, '' as value from (${domainRows}) s
            union all
            select s.*, c.kind, c.value from (${domainRows}) s join ${c} c on c.response_id = s.response_id and c.school_id = s.school_id) x
      group by x.administration_id, x.kind, x.value, x.school_id, x.role, x.domain, x.measures`,
    domain_score_histogram: sql`
      select school_id, administration_id, role, domain, measures, floor(score)::smallint, count(*)
      from ${d} x
      group by school_id, administration_id, role, domain, measures, floor(score)::smallint`,
    domain_item_sets: sql`
      select school_id, administration_id, role, domain, measures, items, count(*)
      from (
        select school_id, administration_id, role, domain, measures, string_agg(item_id, ' ' order by item_id) as items
        from ${i} x
        where measures in ('need', 'asset') and score is not null
        group by response_id, school_id, administration_id, role, domain, measures
      ) answered
      group by school_id, administration_id, role, domain, measures, items`,
    item_choice_rollups: sql`
      select school_id, administration_id, item_id, domain, measures, role, choice, count(*), count(score),
             coalesce(sum(score::numeric), 0), coalesce(sum(score::numeric * score::numeric), 0)
      from ${i} x
      group by school_id, administration_id, item_id, domain, measures, role, choice`,
  }
}

/**
 * A batch's contribution to each rollup, from the responses' arrays (`r`: id, school, administration, role, version
 * and score arrays of the batch). The same sums as `aggregates`, computed for speed: respondents are first counted
 * by layout slot and score (small integers, no text to compare), so the exact numeric sums take one multiplication
 * per distinct score instead of one per respondent and context answer (count × score is the sum of count equal
 * scores, to the last digit); names come from the layout once per group; a respondent's answered items of a domain
 * are the bits of one bigint.
 */
const batchParts = {
  ctes: sql`
    d as materialized (
      select r.id, r.administration_id, r.school_id, r.role, r.instrument_version_id, u.position, u.score
      from r cross join lateral unnest(r.domain_scores) with ordinality as u(score, position)
      where u.score is not null
    ),
    i as materialized (
      select r.id, r.administration_id, r.school_id, r.role, r.instrument_version_id, u.position, u.choice, u.score
      from r cross join lateral unnest(r.item_choices, r.item_scores) with ordinality as u(choice, score, position)
      where u.choice is not null
    ),
    domain_counts as materialized (
      select administration_id, '' as kind, '' as value, school_id, role, instrument_version_id, position, score, count(*) as n
      from d group by 1, 2, 3, 4, 5, 6, 7, 8
      union all
      select d.administration_id, c.kind, c.value, d.school_id, d.role, d.instrument_version_id, d.position, d.score, count(*)
      from d join (select r.id, u.kind, u.value from r cross join lateral unnest(r.context_kinds, r.context_values) as u(kind, value)) c on c.id = d.id
      group by 1, 2, 3, 4, 5, 6, 7, 8
    ),
    answered_sets as (
      select i.school_id, i.administration_id, i.role, i.instrument_version_id, s.domain_position, bit_or(1::bigint << s.domain_bit) as mask
      from i join instrument_version_items s on s.instrument_version_id = i.instrument_version_id and s.position = i.position
      where i.score is not null and s.domain_position is not null
      group by i.id, 1, 2, 3, 4, 5
    )`,
  rollups: {
    domain_rollups: sql`
      select g.administration_id, g.kind, g.value, g.school_id, g.role, s.domain, s.measures,
             sum(g.n), sum(g.n * g.score::numeric), sum(g.n * g.score::numeric * g.score::numeric)
      from domain_counts g join instrument_version_domains s on s.instrument_version_id = g.instrument_version_id and s.position = g.position
      group by 1, 2, 3, 4, 5, 6, 7`,
    domain_score_histogram: sql`
      select g.school_id, g.administration_id, g.role, s.domain, s.measures, floor(g.score)::smallint, sum(g.n)
      from domain_counts g join instrument_version_domains s on s.instrument_version_id = g.instrument_version_id and s.position = g.position
      where g.kind = ''
      group by 1, 2, 3, 4, 5, 6`,
    domain_item_sets: sql`
      select g.school_id, g.administration_id, g.role, s.domain, s.measures,
             (select string_agg(x.item_id, ' ' order by x.item_id) from instrument_version_items x
              where x.instrument_version_id = g.instrument_version_id and x.domain_position = g.domain_position and g.mask & (1::bigint << x.domain_bit) <> 0),
             sum(g.n)
      from (select school_id, administration_id, role, instrument_version_id, domain_position, mask, count(*) as n from answered_sets group by 1, 2, 3, 4, 5, 6) g
      join instrument_version_domains s on s.instrument_version_id = g.instrument_version_id and s.position = g.domain_position
      group by 1, 2, 3, 4, 5, 6`,
    item_choice_rollups: sql`
      select g.school_id, g.administration_id, s.item_id, s.domain, s.measures, g.role, g.choice, sum(g.n),
             coalesce(sum(g.n) filter (where g.score is not null), 0), coalesce(sum(g.n * g.score::numeric), 0),
             coalesce(sum(g.n * g.score::numeric * g.score::numeric), 0)
      from (select school_id, administration_id, role, instrument_version_id, position, choice, score, count(*) as n from i group by 1, 2, 3, 4, 5, 6, 7) g
      join instrument_version_items s on s.instrument_version_id = g.instrument_version_id and s.position = g.position
      group by 1, 2, 3, 4, 5, 6, 7`,
  } satisfies Record<Rollup, RawBuilder<unknown>>,
}

/**
 * Adds a batch of pending responses to every rollup in ONE statement: it deletes them from rollup_pending and adds
 * their sums to the four rollups, each written in key order. A transaction commits all or nothing, so a rollup
 * never counts part of a response, nor a response twice.
 */
function foldBatch(db: Kysely<Database>) {
  const upserts = ROLLUPS.map(
    (rollup) => sql`, ${sql.raw(`${rollup}_fold`)} as (
      insert into ${sql.raw(`${rollup} as t (${COLUMNS[rollup]})`)} ${batchParts.rollups[rollup]}
      order by ${sql.raw(KEYS[rollup].split(', ').map((_, n) => n + 1).join(', '))}
      on conflict (${sql.raw(KEYS[rollup])}) do update set ${sql.raw(ADD[rollup])}
    )`,
  )
  return sql<{ folded: number }>`
    with batch as (
      delete from rollup_pending p
      using (select school_id, response_id from rollup_pending order by school_id, response_id limit ${BATCH}) b
      where p.school_id = b.school_id and p.response_id = b.response_id
      returning p.school_id, p.response_id
    ),
    r as materialized (
      select r.id, r.school_id, r.administration_id, r.role, r.instrument_version_id, r.item_choices, r.item_scores,
             r.domain_scores, r.context_kinds, r.context_values
      from batch b join responses r on r.id = b.response_id and r.school_id = b.school_id
    ),
    ${batchParts.ctes}
    ${sql.join(upserts, sql``)}
    select count(*)::int as folded from batch`.execute(db)
}

/**
 * Folds every pending response into the rollups, a batch per transaction, and returns how many it folded. With
 * `wait`, it waits for a fold in progress and then folds what is left, so the rollups then hold every response
 * stored before the call (a reader folds first). Without, it gives way when another fold is running (intake).
 */
export async function foldPendingResponses(db: Kysely<Database>, options: { wait: boolean }): Promise<number> {
  let total = 0
  for (;;) {
    // Nothing pending is the usual case for a read: one cheap query instead of a transaction.
    if (!(await sql<{ any: boolean }>`select exists (select 1 from rollup_pending) as any`.execute(db)).rows[0].any) return total
    const folded = await db.transaction().execute(async (trx) => {
      // A batch's counts stay in memory: with the default 4 MB they sort on disk.
      await sql`set local work_mem = '64MB'`.execute(trx)
      if (options.wait) await sql`select pg_advisory_xact_lock(${FOLD_LOCK})`.execute(trx)
      else if (!(await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${FOLD_LOCK}) as locked`.execute(trx)).rows[0].locked) return 0
      return (await foldBatch(trx)).rows[0].folded
    })
    total += folded
    if (folded < BATCH) return total
  }
}

/**
 * How many rows of each rollup differ from a fresh aggregate of the response rows (both ways), for some schools or
 * all: all zero when the rollups are exact and nothing is pending (fold first). For tests, the large seed and the
 * benchmark.
 */
export async function rollupMismatches(db: Kysely<Database>, schoolIds: number[] | null): Promise<Record<Rollup, number>> {
  const rowsOf = (table: string) => (schoolIds === null ? sql.raw(table) : sql`(select * from ${sql.raw(table)} where school_id = any(${schoolIds}::int[]))`)
  const fresh = aggregates(rowsOf('response_domain_scores'), rowsOf('response_contexts'), rowsOf('response_items'))
  const counts = await Promise.all(
    ROLLUPS.map(async (rollup) => {
      const stored = sql`select ${sql.raw(COLUMNS[rollup])} from ${rowsOf(rollup)} r`
      const { rows } = await sql<{ n: string }>`
        select count(*) as n from (((${stored}) except all (${fresh[rollup]})) union all ((${fresh[rollup]}) except all (${stored}))) x`.execute(db)
      return [rollup, Number(rows[0].n)] as const
    }),
  )
  return Object.fromEntries(counts) as Record<Rollup, number>
}
