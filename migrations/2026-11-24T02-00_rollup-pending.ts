import type { Kysely } from 'kysely'

// Responses stored but not yet added to the rollups. Intake inserts one row in the statement that stores the
// response; a fold (server/profiles/rollups.repository.ts) deletes a batch of them and adds those responses to every
// rollup in one transaction, so a rollup never counts part of a response, and intakes to one school no longer wait
// on each other's rollup rows.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rollup_pending')
    .addColumn('school_id', 'integer', (c) => c.notNull())
    .addColumn('response_id', 'uuid', (c) => c.notNull())
    .addPrimaryKeyConstraint('rollup_pending_pkey', ['school_id', 'response_id'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
