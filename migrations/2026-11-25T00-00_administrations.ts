import { sql, type Kysely } from 'kysely'

// Frozen in time: migrations take Kysely<any> and never import app code.
export async function up(db: Kysely<any>): Promise<void> {
  // The window is entered as local wall time in the district's time zone; the zone it was entered in stays with it.
  await db.schema
    .alterTable('administrations')
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('America/Los_Angeles'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  // A school may answer its own version of an instrument (made in the designer) instead of the one the
  // administration offers everyone for that role.
  await db.schema
    .createTable('administration_school_instruments')
    .addColumn('administration_id', 'integer', (c) => c.notNull().references('administrations.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('student', 'family', 'staff')`))
    .addColumn('instrument_version_id', 'integer', (c) => c.notNull().references('instrument_versions.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('administration_school_instruments_pkey', ['administration_id', 'school_id', 'role'])
    .execute()

  // The schools taking part in an administration are those with an access code for it (revoked ones included).
  // At most one code in use per school and administration; revoked codes stay, so the runner can say so.
  await db.schema
    .createIndex('access_codes_live_idx')
    .on('access_codes')
    .columns(['administration_id', 'school_id'])
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
