import { sql, type Kysely } from 'kysely'

// Breakdowns are partitions of people (DESIGN.md, privacy). Home language and a family's grade bands are
// multi-select, and a response keeps one context value per ticked choice; counting each value as a category put a
// bilingual family in two categories at once, so the shown categories of a breakdown no longer added up to people
// and their sums and differences could pin a few families' scores. From here on a person is in ONE category of each
// kind: the value they gave, or 'multiple' ("more than one", as a census counts "two or more races") when they gave
// several; "prefer not to say" beside a real answer does not make it several. context_categories is that one
// definition: the fold (server/analytics/rollups.repository.ts), the release rule's cells (which share the fold's
// CTEs) and the full-scan reference (the response_categories view) all read it. The rollups are then rebuilt from
// the released responses, as the folds would now have made them.
export async function up(db: Kysely<any>): Promise<void> {
  // Immutable, not strict, one select: PostgreSQL inlines it into the queries that call it. Two different values are
  // a smallest and a largest that differ (cheaper per response than count(distinct), which sorts: a fold calls this
  // for every response of its batch).
  await sql`
    create function context_categories(kinds text[], vals text[]) returns table (kind text, value text)
    language sql immutable parallel safe as $$
      select u.kind,
             case when min(u.value) filter (where u.value <> 'pns') <> max(u.value) filter (where u.value <> 'pns') then 'multiple'
                  else coalesce(min(u.value) filter (where u.value <> 'pns'), 'pns') end
      from unnest(kinds, vals) as u(kind, value)
      group by u.kind
    $$`.execute(db)
  // Like response_contexts (released responses only), one row per response and kind: the category it counts in.
  await sql`
    create view response_categories as
    select r.id as response_id, r.school_id, r.administration_id, r.role, c.kind, c.value
    from responses r
    cross join lateral context_categories(r.context_kinds, r.context_values) as c
    where r.release_id is not null`.execute(db)

  // Every released response is folded again below, so none stays pending; unreleased ones wait for their release.
  await sql`
    delete from rollup_pending p using responses r
    where r.id = p.response_id and r.school_id = p.school_id and r.release_id is not null`.execute(db)
  await sql`truncate domain_rollups, domain_score_histogram, domain_item_sets, item_choice_rollups`.execute(db)
  await sql`set local work_mem = '256MB'`.execute(db)
  // The same aggregates as the reference in rollups.repository.ts (aggregates), over the views of released responses.
  await sql`
    insert into domain_rollups (administration_id, context_kind, context_value, school_id, role, domain, measures, n, score_sum, score_squares)
    select d.administration_id, '', '', d.school_id, d.role, d.domain, d.measures,
           count(*), sum(d.score::numeric), sum(d.score::numeric * d.score::numeric)
    from response_domain_scores d
    group by d.administration_id, d.school_id, d.role, d.domain, d.measures
    union all
    select d.administration_id, c.kind, c.value, d.school_id, d.role, d.domain, d.measures,
           count(*), sum(d.score::numeric), sum(d.score::numeric * d.score::numeric)
    from response_domain_scores d
    join response_categories c on c.response_id = d.response_id and c.school_id = d.school_id
    group by d.administration_id, c.kind, c.value, d.school_id, d.role, d.domain, d.measures`.execute(db)
  await sql`
    insert into domain_score_histogram (school_id, administration_id, role, domain, measures, score_floor, n)
    select school_id, administration_id, role, domain, measures, floor(score)::smallint, count(*)
    from response_domain_scores
    group by school_id, administration_id, role, domain, measures, floor(score)::smallint`.execute(db)
  await sql`
    insert into domain_item_sets (school_id, administration_id, role, domain, measures, items, n)
    select school_id, administration_id, role, domain, measures, items, count(*)
    from (
      select school_id, administration_id, role, domain, measures, string_agg(item_id, ' ' order by item_id) as items
      from response_items
      where measures in ('need', 'asset') and score is not null
      group by response_id, school_id, administration_id, role, domain, measures
    ) answered
    group by school_id, administration_id, role, domain, measures, items`.execute(db)
  await sql`
    insert into item_choice_rollups (school_id, administration_id, item_id, domain, measures, role, choice, n, scored, score_sum, score_squares)
    select school_id, administration_id, item_id, domain, measures, role, choice,
           count(*), count(score), coalesce(sum(score::numeric), 0), coalesce(sum(score::numeric * score::numeric), 0)
    from response_items
    group by school_id, administration_id, item_id, domain, measures, role, choice`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
