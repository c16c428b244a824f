import { sql, type Kysely } from 'kysely'

// Review holds (server/disclosure/review-rule.ts): a release cut holds back new responses that came in a burst, or
// that take a school and role beyond its enrollment, until a district admin approves them (they then join a later
// release by the release rule) or sets them aside for good (kept, never released). A hold is what a reviewer sees:
// one group of one school and role, why, when its responses came and how many.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table review_holds (
      id serial primary key,
      administration_id integer not null references administrations (id) on delete cascade,
      school_id integer not null references schools (id),
      role text not null,
      reasons text[] not null check (cardinality(reasons) > 0 and reasons <@ array['burst', 'over-enrollment']::text[]),
      -- When its first and last responses were received.
      first_received_at timestamptz not null,
      last_received_at timestamptz not null,
      responses integer not null check (responses > 0),
      held_at timestamptz not null default now(),
      status text not null default 'held' check (status in ('held', 'approved', 'set-aside')),
      decided_at timestamptz,
      -- Who decided, and their email as it was then (the account may go; the audit log says the same).
      decided_by integer references users (id) on delete set null,
      decided_by_email text,
      check ((status = 'held') = (decided_at is null))
    )`.execute(db)
  await sql`create index review_holds_by_administration on review_holds (administration_id, status)`.execute(db)
  await sql`create index review_holds_held on review_holds (held_at) where status = 'held'`.execute(db)
  // The hold a response was put in: it joins a release only once that hold is approved.
  await sql`alter table responses add column hold_id integer references review_holds (id)`.execute(db)
  // A cut claims the waiting responses for its release first and then works on them by release_id; intake stores
  // responses with none, so this index costs it nothing.
  await sql`create index responses_released on responses (release_id) where release_id is not null`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
