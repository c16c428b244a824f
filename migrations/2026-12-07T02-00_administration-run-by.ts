import { sql, type Kysely } from 'kysely'

// Who runs an administration: the district (a district admin made it) or a school (a school team made it for its
// own schools). Only district-run administrations are baselines: the "previous" a change is measured against and
// the profile's default. Otherwise a school team could make a back-dated administration that becomes the district
// one's "previous" (the change figures flip), or a future one that becomes every profile's default.
// Who made an existing one was not recorded (the audit log's administration.create says), so existing rows stay
// baselines as before: 'district'. The default also covers the rows seeds and fixtures write directly; the app
// always states it, from the creator's role.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('administrations')
    .addColumn('run_by', 'text', (c) => c.notNull().defaultTo('district').check(sql`run_by in ('district', 'school')`))
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
