import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../db/schema'

/** Responses folded per transaction: a batch's rollup rows are locked only for the fraction of a second it takes. */
const BATCH = 2000
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
 * categories (one per respondent and kind: response_categories), `i` item scores (the views, or some schools of
 * them). The reference definition of what a rollup holds: rollupMismatches compares the rollups with it, and so
 * checks the folds below, which compute the same sums another way, on the stored arrays.
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
 * A batch's contribution to each rollup, from the responses' arrays. The same sums as `aggregates`, computed for
 * speed: a batch's responses are numbered (`n`), and so are its groups of school, administration, role and version
 * (`g`, in `groups`) and its context answers (`k`, in `kinds`; 0 is "all respondents"), so respondents are counted
 * by small integers and score before any text is compared; the exact numeric sums then take one multiplication per
 * distinct score (count × score is the sum of that many equal scores, to the last digit); names come from the
 * layout once per group; a respondent's answered items of a domain are the bits of one bigint, stored with it.
 */
export const batchCtes = sql`
    r as materialized (
      select (row_number() over ())::int as n,
             (dense_rank() over (order by r.administration_id, r.school_id, r.role, r.instrument_version_id))::int as g,
             r.school_id, r.administration_id, r.role, r.instrument_version_id, r.item_choices, r.item_scores, r.domain_scores,
             r.domain_masks, r.context_kinds, r.context_values
      from batch b join responses r on r.id = b.response_id and r.school_id = b.school_id
    ),
    groups as materialized (select distinct g, administration_id, school_id, role, instrument_version_id from r),
    d as materialized (
      select r.n, r.g, u.position::smallint as position, u.score
      from r cross join lateral unnest(r.domain_scores) with ordinality as u(score, position)
      where u.score is not null
    ),
    i as materialized (
      select r.n, r.g, u.position::smallint as position, u.choice, u.score
      from r cross join lateral unnest(r.item_choices, r.item_scores) with ordinality as u(choice, score, position)
      where u.choice is not null
    ),
    -- A respondent's category of each context kind, counted once: the value they gave, or 'multiple' for several
    -- (context_categories, migrations/…_breakdowns-count-people-once.ts), so every breakdown is a partition of people.
    c as materialized (select r.n, u.kind, u.value from r cross join lateral context_categories(r.context_kinds, r.context_values) as u),
    kinds as materialized (
      select (row_number() over ())::int as k, kind, value from (select distinct kind, value from c) x
      union all
      select 0, '', ''
    ),
    domain_counts as materialized (
      select g, 0 as k, position, score, count(*) as n from d group by 1, 2, 3, 4
      union all
      select d.g, ck.k, d.position, d.score, count(*)
      from d join (select c.n, kinds.k from c join kinds using (kind, value)) ck on ck.n = d.n
      group by 1, 2, 3, 4
    ),
    answered_sets as (
      select r.g, u.position::smallint as domain_position, u.mask, count(*) as n
      from r cross join lateral unnest(r.domain_masks) with ordinality as u(mask, position)
      where u.mask is not null
      group by 1, 2, 3
    )`

const batchRollups: Record<Rollup, RawBuilder<unknown>> = {
  domain_rollups: sql`
    select x.administration_id, k.kind, k.value, x.school_id, x.role, s.domain, s.measures,
           sum(dc.n), sum(dc.n * dc.score::numeric), sum(dc.n * dc.score::numeric * dc.score::numeric)
    from domain_counts dc join groups x on x.g = dc.g join kinds k on k.k = dc.k
    join instrument_version_domains s on s.instrument_version_id = x.instrument_version_id and s.position = dc.position
    group by 1, 2, 3, 4, 5, 6, 7`,
  domain_score_histogram: sql`
    select x.school_id, x.administration_id, x.role, s.domain, s.measures, floor(dc.score)::smallint, sum(dc.n)
    from domain_counts dc join groups x on x.g = dc.g
    join instrument_version_domains s on s.instrument_version_id = x.instrument_version_id and s.position = dc.position
    where dc.k = 0
    group by 1, 2, 3, 4, 5, 6`,
  domain_item_sets: sql`
    select x.school_id, x.administration_id, x.role, s.domain, s.measures,
           (select string_agg(y.item_id, ' ' order by y.item_id) from instrument_version_items y
            where y.instrument_version_id = x.instrument_version_id and y.domain_position = a.domain_position and a.mask & (1::bigint << y.domain_bit) <> 0),
           sum(a.n)
    from answered_sets a join groups x on x.g = a.g
    join instrument_version_domains s on s.instrument_version_id = x.instrument_version_id and s.position = a.domain_position
    group by 1, 2, 3, 4, 5, 6`,
  item_choice_rollups: sql`
    select x.school_id, x.administration_id, s.item_id, s.domain, s.measures, x.role, a.choice, sum(a.n),
           coalesce(sum(a.n) filter (where a.score is not null), 0), coalesce(sum(a.n * a.score::numeric), 0),
           coalesce(sum(a.n * a.score::numeric * a.score::numeric), 0)
    from (select g, position, choice, score, count(*) as n from i group by 1, 2, 3, 4) a join groups x on x.g = a.g
    join instrument_version_items s on s.instrument_version_id = x.instrument_version_id and s.position = a.position
    group by 1, 2, 3, 4, 5, 6, 7`,
}

/**
 * Adds a batch of pending responses to every rollup in ONE statement: it deletes them from rollup_pending and adds
 * their sums to the four rollups, each written in key order. A transaction commits all or nothing, so a rollup
 * never counts part of a response, nor a response twice.
 */
function foldBatch(db: Kysely<Database>) {
  const upserts = ROLLUPS.map(
    (rollup) => sql`, ${sql.raw(`${rollup}_fold`)} as (
      insert into ${sql.raw(`${rollup} as t (${COLUMNS[rollup]})`)} ${batchRollups[rollup]}
      order by ${sql.raw(KEYS[rollup].split(', ').map((_, n) => n + 1).join(', '))}
      on conflict (${sql.raw(KEYS[rollup])}) do update set ${sql.raw(ADD[rollup])}
    )`,
  )
  return sql<{ folded: number }>`
    with batch as (
      delete from rollup_pending p
      using (select p.school_id, p.response_id from rollup_pending p
             join responses r on r.id = p.response_id and r.school_id = p.school_id and r.release_id is not null
             order by p.school_id, p.response_id limit ${BATCH}) b
      where p.school_id = b.school_id and p.response_id = b.response_id
      returning p.school_id, p.response_id
    ),
    ${batchCtes}
    ${sql.join(upserts, sql``)}
    select count(*)::int as folded from batch`.execute(db)
}

/** Pending responses that a release has taken in: only these are folded (a response in no release counts nowhere). */
const releasedPending = sql`select from rollup_pending p join responses r on r.id = p.response_id and r.school_id = p.school_id where r.release_id is not null`

/**
 * Folds every pending response that a release has taken in into the rollups, a batch per transaction, and returns
 * how many it folded. With `wait`, it waits for a fold or cut in progress and then folds what is left. Without, it
 * gives way when another is running. Release cuts fold inside their own transaction (foldReleasedWithin).
 */
export async function foldPendingResponses(db: Kysely<Database>, options: { wait: boolean }): Promise<number> {
  let total = 0
  for (;;) {
    // Nothing pending is the usual case: one cheap query instead of a transaction.
    if (!(await sql<{ any: boolean }>`select exists (${releasedPending}) as any`.execute(db)).rows[0].any) return total
    const folded = await db.transaction().execute(async (trx) => {
      if (options.wait) await lockFolds(trx)
      else if (!(await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${FOLD_LOCK}) as locked`.execute(trx)).rows[0].locked) return 0
      return foldOneBatch(trx)
    })
    total += folded
    if (folded < BATCH) return total
  }
}

/** Waits for the fold lock, held until the transaction ends: a release cut and the folds take turns. */
export async function lockFolds(trx: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${FOLD_LOCK})`.execute(trx)
}

/** Folds every released pending response inside the caller's transaction, which holds FOLD_LOCK. */
export async function foldReleasedWithin(trx: Kysely<Database>): Promise<number> {
  let total = 0
  for (;;) {
    const folded = await foldOneBatch(trx)
    total += folded
    if (folded < BATCH) return total
  }
}

async function foldOneBatch(trx: Kysely<Database>): Promise<number> {
  // The planner cannot know how many rows a batch unnests into (it guesses a few), so left alone it sorts a
  // quarter of a million rows to group them; hash aggregation in memory is what a batch needs. Turning sorts off
  // inflates its cost estimates, which would make it compile the statement with JIT: off too, for this fold only
  // (set_config(..., true) lasts until the transaction ends).
  const { rows } = await sql<{ work_mem: string; enable_sort: string; jit: string }>`
    select current_setting('work_mem') as work_mem, current_setting('enable_sort') as enable_sort, current_setting('jit') as jit,
           set_config('work_mem', '64MB', true), set_config('enable_sort', 'off', true), set_config('jit', 'off', true)`.execute(trx)
  const folded = (await foldBatch(trx)).rows[0].folded
  // A cut folds inside its own transaction and goes on with other statements: they get the settings back.
  await sql`select set_config('work_mem', ${rows[0].work_mem}, true), set_config('enable_sort', ${rows[0].enable_sort}, true), set_config('jit', ${rows[0].jit}, true)`.execute(trx)
  return folded
}

/**
 * How many rows of each rollup differ from a fresh aggregate of the response rows (both ways), for some schools or
 * all: all zero when the rollups are exact and nothing is pending (fold first). For tests, the large seed and the
 * benchmark.
 */
export async function rollupMismatches(db: Kysely<Database>, schoolIds: number[] | null): Promise<Record<Rollup, number>> {
  const rowsOf = (table: string) => (schoolIds === null ? sql.raw(table) : sql`(select * from ${sql.raw(table)} where school_id = any(${schoolIds}::int[]))`)
  const fresh = aggregates(rowsOf('response_domain_scores'), rowsOf('response_categories'), rowsOf('response_items'))
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
