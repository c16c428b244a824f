import { sql, type Kysely } from 'kysely'

// Rollups that keep the district comparison and a school profile fast at district scale. Intake adds each response
// to them in the same statement that stores it, so a reader never sees half a response. Sums are numeric, which
// adds exactly: a figure from a rollup equals the one a full scan computes, to the last digit.
export async function up(db: Kysely<any>): Promise<void> {
  // Per school, role, domain and measure: n, sum and sum of squares of respondents' domain scores, for all
  // respondents (context_kind = context_value = '') and for those who gave each context answer (grade band…).
  await db.schema
    .createTable('domain_rollups')
    .addColumn('administration_id', 'integer', (c) => c.notNull())
    .addColumn('context_kind', 'text', (c) => c.notNull())
    .addColumn('context_value', 'text', (c) => c.notNull())
    .addColumn('school_id', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addColumn('score_sum', 'numeric', (c) => c.notNull())
    .addColumn('score_squares', 'numeric', (c) => c.notNull())
    // The comparison reads one administration and context for every school; a profile reads one school.
    .addPrimaryKeyConstraint('domain_rollups_pkey', ['administration_id', 'context_kind', 'context_value', 'school_id', 'role', 'domain', 'measures'])
    // Room on each page for the updated row versions, so an update stays on its page and skips the indexes.
    .modifyEnd(sql`with (fillfactor = 70)`)
    .execute()
  await db.schema.createIndex('domain_rollups_school_idx').on('domain_rollups').columns(['school_id', 'administration_id', 'context_kind']).execute()

  // Domain scores counted by their whole-number part: with a whole-number threshold T, score >= T exactly when
  // floor(score) >= T, so the share at high need stays exact for any HIGH_NEED_THRESHOLD.
  await db.schema
    .createTable('domain_score_histogram')
    .addColumn('school_id', 'integer', (c) => c.notNull())
    .addColumn('administration_id', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull())
    .addColumn('score_floor', 'smallint', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('domain_score_histogram_pkey', ['school_id', 'administration_id', 'role', 'domain', 'measures', 'score_floor'])
    .modifyEnd(sql`with (fillfactor = 70)`)
    .execute()

  // Per school, role, item and answer: how many respondents gave it (item distributions and the service grid), how
  // many of those answers scored, and the sum and sum of squares of their item scores (item means, exactly).
  await db.schema
    .createTable('item_choice_rollups')
    .addColumn('school_id', 'integer', (c) => c.notNull())
    .addColumn('administration_id', 'integer', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('choice', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addColumn('scored', 'bigint', (c) => c.notNull())
    .addColumn('score_sum', 'numeric', (c) => c.notNull())
    .addColumn('score_squares', 'numeric', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_choice_rollups_pkey', ['school_id', 'administration_id', 'item_id', 'domain', 'measures', 'role', 'choice'])
    .modifyEnd(sql`with (fillfactor = 70)`)
    .execute()

  // Responses stored before this migration. The migration runs in one transaction; more memory for its
  // aggregations (only within it) keeps a large district's backfill from sorting on disk.
  await sql`set local work_mem = '256MB'`.execute(db)
  await sql`
    insert into domain_rollups
    select d.administration_id, '', '', d.school_id, d.role, d.domain, d.measures,
           count(*), sum(d.score::numeric), sum(d.score::numeric * d.score::numeric)
    from response_domain_scores d
    group by d.administration_id, d.school_id, d.role, d.domain, d.measures
    union all
    select d.administration_id, c.kind, c.value, d.school_id, d.role, d.domain, d.measures,
           count(*), sum(d.score::numeric), sum(d.score::numeric * d.score::numeric)
    from response_domain_scores d
    join response_contexts c on c.response_id = d.response_id and c.school_id = d.school_id
    group by d.administration_id, c.kind, c.value, d.school_id, d.role, d.domain, d.measures`.execute(db)
  await sql`
    insert into domain_score_histogram
    select school_id, administration_id, role, domain, measures, floor(score)::smallint, count(*)
    from response_domain_scores
    group by school_id, administration_id, role, domain, measures, floor(score)::smallint`.execute(db)
  await sql`
    insert into item_choice_rollups
    select school_id, administration_id, item_id, domain, measures, role, choice,
           count(*), count(score), coalesce(sum(score::numeric), 0), coalesce(sum(score::numeric * score::numeric), 0)
    from response_items
    group by school_id, administration_id, item_id, domain, measures, role, choice`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
