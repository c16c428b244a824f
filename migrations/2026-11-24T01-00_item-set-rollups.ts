import { sql, type Kysely } from 'kysely'

// Per school, role, domain and measure: how many respondents gave a scored answer to exactly the same set of its
// items (the profile withholds item distributions beside a domain figure when such a set is under k). Intake adds
// each response in the statement that stores it, like the other rollups.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('domain_item_sets')
    .addColumn('school_id', 'integer', (c) => c.notNull())
    .addColumn('administration_id', 'integer', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('measures', 'text', (c) => c.notNull())
    // The itemIds with a non-null score, sorted, separated by one space.
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('domain_item_sets_pkey', ['school_id', 'administration_id', 'role', 'domain', 'measures', 'items'])
    .modifyEnd(sql`with (fillfactor = 70)`)
    .execute()

  await sql`set local work_mem = '256MB'`.execute(db)
  await sql`
    insert into domain_item_sets
    select school_id, administration_id, role, domain, measures, items, count(*)
    from (
      select school_id, administration_id, role, domain, measures, string_agg(item_id, ' ' order by item_id) as items
      from response_items
      where measures in ('need', 'asset') and score is not null
      group by school_id, administration_id, response_id, role, domain, measures
    ) answered
    group by school_id, administration_id, role, domain, measures, items`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
