import { sql, type Kysely } from 'kysely'

// A response's item scores, domain scores and context answers move from some 110 rows in three tables into arrays
// on the response's own row, each array position a slot of the instrument version's layout (the two tables below).
// Storing a family response wrote ~110 index-keyed rows with a foreign-key check each (about 1 ms of PostgreSQL
// time, most of intake's cost); one row with arrays costs a tenth of that and a ninth of the space. The three
// tables become views with the same names and columns, so every query that reads them (the full-scan reference
// figures, exports, tests) reads the same rows as before; folds read the arrays directly (rollups.repository.ts).
// Still one row per response: an aggregate can never see half of one.
export async function up(db: Kysely<any>): Promise<void> {
  // The slots of a version's scored items: position p of a response's item arrays is this item. Positions are
  // assigned once and never change; a slot is only ever added (server/instruments/layout.ts).
  await db.schema
    .createTable('instrument_version_domains')
    .addColumn('instrument_version_id', 'integer', (c) => c.notNull().references('instrument_versions.id'))
    .addColumn('position', 'smallint', (c) => c.notNull().check(sql`position > 0`))
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull().check(sql`measures in ('need', 'asset')`))
    .addPrimaryKeyConstraint('instrument_version_domains_pkey', ['instrument_version_id', 'position'])
    .addUniqueConstraint('instrument_version_domains_domain_key', ['instrument_version_id', 'domain', 'measures'])
    .execute()
  await db.schema
    .createTable('instrument_version_items')
    .addColumn('instrument_version_id', 'integer', (c) => c.notNull().references('instrument_versions.id'))
    .addColumn('position', 'smallint', (c) => c.notNull().check(sql`position > 0`))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull().check(sql`measures in ('need', 'asset', 'signal', 'service')`))
    // A need or asset item's domain slot, and its bit in a respondent's set of answered items of that domain
    // (responses.domain_masks, the key of domain_item_sets). Bits stop at 52 so that a mask is exact as a number
    // in JavaScript and JSON.
    .addColumn('domain_position', 'smallint')
    .addColumn('domain_bit', 'smallint', (c) => c.check(sql`domain_bit between 0 and 52`))
    .addPrimaryKeyConstraint('instrument_version_items_pkey', ['instrument_version_id', 'position'])
    .addUniqueConstraint('instrument_version_items_item_key', ['instrument_version_id', 'item_id'])
    .addForeignKeyConstraint('instrument_version_items_domain_fkey', ['instrument_version_id', 'domain_position'], 'instrument_version_domains', [
      'instrument_version_id',
      'position',
    ])
    .addCheckConstraint(
      'instrument_version_items_domain_check',
      sql`(domain_position is not null and domain_bit is not null) = (measures in ('need', 'asset')) and (domain_position is null) = (domain_bit is null)`,
    )
    .execute()

  await sql`
    alter table responses
      add column item_choices text[] not null default '{}',
      add column item_scores float8[] not null default '{}',
      add column domain_scores float8[] not null default '{}',
      add column domain_items smallint[] not null default '{}',
      add column domain_masks bigint[] not null default '{}',
      add column context_kinds text[] not null default '{}',
      add column context_values text[] not null default '{}'`.execute(db)

  // Layouts of the versions that have responses, from their stored rows (a version without responses gets its
  // layout from its definition when intake first sees it): itemIds and domains in code-point order.
  await sql`set local work_mem = '256MB'`.execute(db)
  await sql`
    create temporary table version_items on commit drop as
    select distinct r.instrument_version_id, i.item_id, i.domain, i.measures
    from response_items i join responses r on r.id = i.response_id`.execute(db)
  await sql`
    insert into instrument_version_domains (instrument_version_id, position, domain, measures)
    select instrument_version_id, row_number() over (partition by instrument_version_id order by domain collate "C", measures collate "C"), domain, measures
    from (select distinct instrument_version_id, domain, measures from version_items where measures in ('need', 'asset')) d`.execute(db)
  await sql`
    insert into instrument_version_items (instrument_version_id, position, item_id, domain, measures, domain_position, domain_bit)
    select i.instrument_version_id, i.position, i.item_id, i.domain, i.measures, d.position,
           case when d.position is not null then row_number() over (partition by i.instrument_version_id, d.position order by i.position) - 1 end
    from (select *, row_number() over (partition by instrument_version_id order by item_id collate "C") as position from version_items) i
    left join instrument_version_domains d on d.instrument_version_id = i.instrument_version_id and d.domain = i.domain and d.measures = i.measures`.execute(db)

  // Each response's rows into its arrays, a slot per layout position (null where it gave no answer). One index
  // range per response and table, whatever the district's size.
  await sql`
    update responses r set
      (item_choices, item_scores) = (
        select coalesce(array_agg(i.choice order by s.position), '{}'), coalesce(array_agg(i.score order by s.position), '{}')
        from instrument_version_items s
        left join (select * from response_items x where x.school_id = r.school_id and x.response_id = r.id) i on i.item_id = s.item_id
        where s.instrument_version_id = r.instrument_version_id),
      (domain_scores, domain_items, domain_masks) = (
        select coalesce(array_agg(d.score order by s.position), '{}'), coalesce(array_agg(d.items::smallint order by s.position), '{}'),
               coalesce(array_agg(m.mask order by s.position), '{}')
        from instrument_version_domains s
        left join (select * from response_domain_scores x where x.school_id = r.school_id and x.response_id = r.id) d
          on d.domain = s.domain and d.measures = s.measures
        left join (
          select b.domain_position, bit_or(1::bigint << b.domain_bit) as mask
          from response_items x join instrument_version_items b on b.instrument_version_id = r.instrument_version_id and b.item_id = x.item_id
          where x.school_id = r.school_id and x.response_id = r.id and x.score is not null and b.domain_position is not null
          group by b.domain_position) m on m.domain_position = s.position
        where s.instrument_version_id = r.instrument_version_id),
      (context_kinds, context_values) = (
        select coalesce(array_agg(c.kind order by c.kind, c.value), '{}'), coalesce(array_agg(c.value order by c.kind, c.value), '{}')
        from response_contexts c where c.school_id = r.school_id and c.response_id = r.id)`.execute(db)

  await sql`drop table response_items, response_domain_scores, response_contexts`.execute(db)
  await sql`
    alter table responses
      alter column item_choices drop default, alter column item_scores drop default,
      alter column domain_scores drop default, alter column domain_items drop default, alter column domain_masks drop default,
      alter column context_kinds drop default, alter column context_values drop default,
      add constraint responses_item_arrays_check check (cardinality(item_choices) = cardinality(item_scores)),
      add constraint responses_domain_arrays_check
        check (cardinality(domain_scores) = cardinality(domain_items) and cardinality(domain_scores) = cardinality(domain_masks)),
      add constraint responses_context_arrays_check check (cardinality(context_kinds) = cardinality(context_values))`.execute(db)

  // The rows the three tables held, with the same names and columns.
  await sql`
    create view response_items as
    select r.id as response_id, r.school_id, r.administration_id, r.role, s.item_id, s.domain, s.measures, u.choice, u.score
    from responses r
    cross join lateral unnest(r.item_choices, r.item_scores) with ordinality as u(choice, score, position)
    join instrument_version_items s on s.instrument_version_id = r.instrument_version_id and s.position = u.position
    where u.choice is not null`.execute(db)
  await sql`
    create view response_domain_scores as
    select r.id as response_id, r.school_id, r.administration_id, r.role, s.domain, s.measures, u.score, u.items::integer as items
    from responses r
    cross join lateral unnest(r.domain_scores, r.domain_items) with ordinality as u(score, items, position)
    join instrument_version_domains s on s.instrument_version_id = r.instrument_version_id and s.position = u.position
    where u.score is not null`.execute(db)
  await sql`
    create view response_contexts as
    select r.id as response_id, r.school_id, r.administration_id, r.role, u.kind, u.value
    from responses r
    cross join lateral unnest(r.context_kinds, r.context_values) as u(kind, value)`.execute(db)

  // A response's row is some 4 KB: over the size at which PostgreSQL compresses a row's large values, answers and
  // arrays alike. lz4 compresses them several times faster than the default pglz (measured: pglz was a tenth of
  // intake's PostgreSQL time). Builds without lz4 (the embedded database) keep pglz.
  await sql`
    do $$ begin
      alter table responses
        alter column answers set compression lz4, alter column item_choices set compression lz4,
        alter column item_scores set compression lz4, alter column domain_scores set compression lz4,
        alter column domain_items set compression lz4, alter column domain_masks set compression lz4,
        alter column context_kinds set compression lz4, alter column context_values set compression lz4;
    exception when feature_not_supported then null;
    end $$`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
