import type { Kysely } from 'kysely'

// Context answers (grade band, home language, time at school, staff role) as rows, so breakdowns and filters
// are plain joins. Written in the same statement as the response; carries school_id like every table that grows
// with responses.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('response_contexts')
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull())
    .addColumn('administration_id', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('response_contexts_pkey', ['response_id', 'kind', 'value'])
    .execute()
  await db.schema
    .createIndex('response_contexts_school_idx')
    .on('response_contexts')
    .columns(['school_id', 'administration_id', 'kind', 'value'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
