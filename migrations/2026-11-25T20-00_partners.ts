import { sql, type Kysely } from 'kysely'

// The asset map: partner organizations, the services they offer, which domains each addresses and which schools
// each serves. Nothing here describes a respondent.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('partner_organizations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(btrim(name)) between 1 and 200`))
    .addColumn('type', 'text', (c) =>
      c.notNull().check(sql`type in ('county-agency', 'nonprofit', 'clinic', 'district-program', 'business', 'university')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  // One organization per name (case-insensitive): an import matches rows to organizations by name.
  await sql`create unique index partner_organizations_name_key on partner_organizations (lower(name))`.execute(db)

  await db.schema
    .createTable('partner_services')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('organization_id', 'integer', (c) => c.notNull().references('partner_organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(btrim(name)) between 1 and 200`))
    .addColumn('domains', sql`text[]`, (c) => c.notNull().check(sql`cardinality(domains) > 0`))
    .addColumn('delivery', 'text', (c) => c.notNull().check(sql`delivery in ('on-site', 'mobile-visit', 'referral', 'virtual')`))
    .addColumn('hours', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('languages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('capacity', 'integer', (c) => c.check(sql`capacity is null or capacity >= 0`))
    .addColumn('active_from', 'date')
    .addColumn('active_until', 'date')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('partner_services_period_check', sql`active_until is null or active_from is null or active_until >= active_from`)
    .execute()
  await sql`create unique index partner_services_name_key on partner_services (organization_id, lower(name))`.execute(db)

  await db.schema
    .createTable('partner_service_schools')
    .addColumn('service_id', 'integer', (c) => c.notNull().references('partner_services.id').onDelete('cascade'))
    .addColumn('school_id', 'integer', (c) => c.notNull().references('schools.id'))
    .addPrimaryKeyConstraint('partner_service_schools_pkey', ['service_id', 'school_id'])
    .execute()
  await db.schema.createIndex('partner_service_schools_school_idx').on('partner_service_schools').column('school_id').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('partner_service_schools').execute()
  await db.schema.dropTable('partner_services').execute()
  await db.schema.dropTable('partner_organizations').execute()
}
