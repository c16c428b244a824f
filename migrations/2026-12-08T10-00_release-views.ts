import { sql, type Kysely } from 'kysely'

// Views a release serves, computed once per release by a background job (server/profiles/release-views.job.ts)
// rather than by every reader: the district comparison's JSON for the views a district analyst opens first. Keyed
// by the view's strong ETag, which names the release and everything else its figures depend on (the schools' names
// and regions, k...), so a stored view is read only while its basis is unchanged. Dropped with its release.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('release_views')
    .addColumn('etag', 'text', (c) => c.primaryKey())
    .addColumn('release_id', 'integer', (c) => c.notNull().references('releases.id').onDelete('cascade'))
    .addColumn('view', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('built_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema.createIndex('release_views_release_idx').on('release_views').columns(['release_id', 'view']).execute()
  // Megabytes of JSON read whole: lz4 reads back several times faster than the default pglz. Builds without lz4
  // (the embedded database) keep pglz.
  await sql`
    do $$ begin
      alter table release_views alter column body set compression lz4;
    exception when feature_not_supported then null;
    end $$`.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only')
}
