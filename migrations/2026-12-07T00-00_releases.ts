import { sql, type Kysely } from 'kysely'

// Staff read releases, never the rows of the moment (DESIGN.md, privacy). A release is an administration's
// numbered cut: the responses it takes in get its id (responses.release_id) and only then are folded into the
// rollups, so the rollups hold exactly the responses of the administration's current release, and the views that
// the full-scan reference reads (response_items, response_domain_scores, response_contexts) show released
// responses only. A response stored but in no release yet counts nowhere but in the banded live response counts.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table releases (
      id serial primary key,
      administration_id integer not null references administrations (id) on delete cascade,
      number integer not null,
      cut_at timestamptz not null default now(),
      -- Cut after the window ended: the last release unless the window is extended.
      final boolean not null,
      -- Who asked for it: null for the scheduled cut at a window's end.
      cut_by integer references users (id) on delete set null,
      unique (administration_id, number)
    )`.execute(db)
  await sql`alter table responses add column release_id integer references releases (id)`.execute(db)
  // The responses a cut considers: those of one administration not in any release yet.
  await sql`create index responses_unreleased on responses (administration_id, school_id, role) where release_id is null`.execute(db)

  // Every response stored before this migration was already shown (folded or about to be): it forms release 1 of
  // its administration, so a district that upgrades keeps the figures it had.
  await sql`
    insert into releases (administration_id, number, cut_at, final)
    select a.id, 1, now(), coalesce(a.closed_at, a.closes_at) <= now()
    from administrations a where exists (select from responses r where r.administration_id = a.id)`.execute(db)
  await sql`update responses r set release_id = x.id from releases x where x.administration_id = r.administration_id`.execute(db)

  await sql`
    create or replace view response_items as
    select r.id as response_id, r.school_id, r.administration_id, r.role, s.item_id, s.domain, s.measures, u.choice, u.score
    from responses r
    cross join lateral unnest(r.item_choices, r.item_scores) with ordinality as u(choice, score, position)
    join instrument_version_items s on s.instrument_version_id = r.instrument_version_id and s.position = u.position
    where u.choice is not null and r.release_id is not null`.execute(db)
  await sql`
    create or replace view response_domain_scores as
    select r.id as response_id, r.school_id, r.administration_id, r.role, s.domain, s.measures, u.score, u.items::integer as items
    from responses r
    cross join lateral unnest(r.domain_scores, r.domain_items) with ordinality as u(score, items, position)
    join instrument_version_domains s on s.instrument_version_id = r.instrument_version_id and s.position = u.position
    where u.score is not null and r.release_id is not null`.execute(db)
  await sql`
    create or replace view response_contexts as
    select r.id as response_id, r.school_id, r.administration_id, r.role, u.kind, u.value
    from responses r
    cross join lateral unnest(r.context_kinds, r.context_values) as u(kind, value)
    where r.release_id is not null`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
