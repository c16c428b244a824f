import { sql, type Kysely } from 'kysely'

// The instrument designer (issue 10): drafts being edited in the database, and which school a published version
// belongs to (null: a district template, offered to every school).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('instrument_versions').addColumn('owner_school_id', 'integer', (c) => c.references('schools.id')).execute()

  await db.schema
    .createTable('instrument_drafts')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('slug', 'text', (c) => c.notNull().references('instruments.slug'))
    // null: a district template draft (published by district admins only).
    .addColumn('owner_school_id', 'integer', (c) => c.references('schools.id'))
    .addColumn('base_version_id', 'integer', (c) => c.references('instrument_versions.id'))
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    // locale → draft | reviewed
    .addColumn('translations', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // string key → locale → hash of the English text the translation was made from
    .addColumn('translation_hashes', 'jsonb')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_version_id', 'integer', (c) => c.references('instrument_versions.id'))
    .execute()
  await db.schema.createIndex('instrument_drafts_owner_idx').on('instrument_drafts').columns(['owner_school_id', 'slug']).execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
