import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'

/** A stored view's JSON, by its ETag; undefined when none was built for that basis. */
export async function storedView(db: Kysely<Database>, etag: string): Promise<string | undefined> {
  return (await db.selectFrom('release_views').select('body').where('etag', '=', etag).executeTakeFirst())?.body
}

export async function storeView(db: Kysely<Database>, view: { etag: string; releaseId: number; view: string; body: string }): Promise<void> {
  await db
    .insertInto('release_views')
    .values({ etag: view.etag, release_id: view.releaseId, view: view.view, body: view.body })
    .onConflict((oc) => oc.column('etag').doNothing())
    .execute()
}

export async function hasStoredView(db: Kysely<Database>, etag: string): Promise<boolean> {
  return (await db.selectFrom('release_views').select('etag').where('etag', '=', etag).executeTakeFirst()) !== undefined
}

/** Drops the views of releases that are no longer their administration's newest: no reader asks for them again. */
export async function dropOutdatedViews(db: Kysely<Database>): Promise<void> {
  await sql`
    delete from release_views v using releases x
    where x.id = v.release_id and exists (select from releases y where y.administration_id = x.administration_id and y.number > x.number)`.execute(db)
}
