import { sql, type Kysely } from 'kysely'

// The schools directory (server/schools/): a district keeps its own schools. Each school carries the state's code
// (California's 14-digit CDS code, when the district gives it), its address, and enrollment as a district knows it:
// the role totals the response rates and review holds read (enrollment_students, _families, _staff, as before)
// and, when known, students by grade band and by home language, as jsonb maps read with the school's row
// ({ "tk-2": 120, "3-5": 150 } and { "en": 210, "es": 60 }). A school is archived, never deleted once it has
// responses; archived schools leave the directory and new administrations and keep their history.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table schools
      add column state_code text unique check (state_code ~ '^[0-9]{14}$'),
      add column street text,
      add column city text,
      add column zip text,
      add column enrollment_grade_bands jsonb not null default '{}' check (jsonb_typeof(enrollment_grade_bands) = 'object'),
      add column enrollment_languages jsonb not null default '{}' check (jsonb_typeof(enrollment_languages) = 'object'),
      add column archived_at timestamptz,
      add column created_at timestamptz not null default now(),
      add column updated_at timestamptz not null default now(),
      add constraint schools_enrollment_not_negative check (enrollment_students >= 0 and enrollment_families >= 0 and enrollment_staff >= 0)`.execute(db)
  // A school enters a directory without a region (the state's file has none); the district adds it after.
  await sql`alter table schools alter column region set default ''`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
