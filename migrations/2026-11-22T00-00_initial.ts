import { sql, type Kysely } from 'kysely'

// Frozen in time: migrations take Kysely<any> and never import app code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('schools')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('cohort', 'text')
    .addColumn('grades', 'text', (c) => c.notNull())
    .addColumn('enrollment_students', 'integer')
    .addColumn('enrollment_families', 'integer')
    .addColumn('enrollment_staff', 'integer')
    .execute()

  await db.schema
    .createTable('instruments')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('student', 'family', 'staff')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('instrument_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('slug', 'text', (c) => c.notNull().references('instruments.slug'))
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published', 'retired')`))
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('translations', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('instrument_versions_slug_version_key', ['slug', 'version'])
    .execute()

  await db.schema
    .createTable('administrations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().defaultTo('both').check(sql`mode in ('kiosk', 'phone', 'both')`))
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('administrations_window_check', sql`closes_at > opens_at`)
    .execute()

  await db.schema
    .createTable('administration_instruments')
    .addColumn('administration_id', 'integer', (c) => c.notNull().references('administrations.id').onDelete('cascade'))
    .addColumn('instrument_version_id', 'integer', (c) => c.notNull().references('instrument_versions.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('student', 'family', 'staff')`))
    .addPrimaryKeyConstraint('administration_instruments_pkey', ['administration_id', 'instrument_version_id'])
    .execute()

  await db.schema
    .createTable('access_codes')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('administration_id', 'integer', (c) => c.notNull().references('administrations.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id'))
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('access_codes_administration_school_idx').on('access_codes').columns(['administration_id', 'school_id']).execute()

  // No IP address, user agent, name or any other device identifier is ever stored with a response.
  await db.schema
    .createTable('responses')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id'))
    .addColumn('administration_id', 'integer', (c) => c.notNull().references('administrations.id'))
    .addColumn('instrument_version_id', 'integer', (c) => c.notNull().references('instrument_versions.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('kiosk', 'phone', 'web')`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    .addColumn('payload_hash', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('responses_school_administration_idx').on('responses').columns(['school_id', 'administration_id', 'role']).execute()

  // Item and domain scores carry school_id and administration_id so aggregation groups by school first and
  // stays co-located when the tables are distributed by school.
  await db.schema
    .createTable('response_items')
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull())
    .addColumn('administration_id', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull().check(sql`measures in ('need', 'asset', 'signal', 'service')`))
    .addColumn('choice', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addPrimaryKeyConstraint('response_items_pkey', ['response_id', 'item_id'])
    .execute()
  await db.schema.createIndex('response_items_school_idx').on('response_items').columns(['school_id', 'administration_id', 'item_id']).execute()

  await db.schema
    .createTable('response_domain_scores')
    .addColumn('response_id', 'uuid', (c) => c.notNull().references('responses.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull())
    .addColumn('administration_id', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull().check(sql`measures in ('need', 'asset')`))
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('items', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('response_domain_scores_pkey', ['response_id', 'domain', 'measures'])
    .execute()
  await db.schema
    .createIndex('response_domain_scores_school_idx')
    .on('response_domain_scores')
    .columns(['school_id', 'administration_id', 'role', 'domain', 'measures'])
    .execute()
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
