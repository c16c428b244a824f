import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, InstrumentVersionRow } from '../db/schema'
import type { StoredLayout } from './layout'
import type { SurveyFile } from './survey-files'

type Db = Kysely<Database> | Transaction<Database>

export async function insertVersionIfAbsent(db: Db, file: SurveyFile): Promise<InstrumentVersionRow> {
  await db.insertInto('instruments').values({ slug: file.slug, role: file.meta.role }).onConflict((oc) => oc.column('slug').doNothing()).execute()
  await db
    .insertInto('instrument_versions')
    .values({
      slug: file.slug,
      version: file.version,
      status: file.meta.status,
      definition: JSON.stringify(file.definition),
      content_hash: file.hash,
      translations: JSON.stringify(file.meta.translations ?? {}),
      published_at: file.meta.status === 'published' ? new Date() : null,
    })
    .onConflict((oc) => oc.columns(['slug', 'version']).doNothing())
    .execute()
  return db.selectFrom('instrument_versions').selectAll().where('slug', '=', file.slug).where('version', '=', file.version).executeTakeFirstOrThrow()
}

export async function updateDraftVersion(db: Db, id: number, file: SurveyFile): Promise<void> {
  await db
    .updateTable('instrument_versions')
    .set({ definition: JSON.stringify(file.definition), content_hash: file.hash, translations: JSON.stringify(file.meta.translations ?? {}), status: file.meta.status })
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .execute()
}

export function findVersion(db: Db, slug: string, version: number): Promise<InstrumentVersionRow | undefined> {
  return db.selectFrom('instrument_versions').selectAll().where('slug', '=', slug).where('version', '=', version).executeTakeFirst()
}

/** Whether an instrument of this slug exists at all (to tell "no such instrument" from "no such version"). */
export async function instrumentExists(db: Db, slug: string): Promise<boolean> {
  return (await db.selectFrom('instruments').select('slug').where('slug', '=', slug).executeTakeFirst()) !== undefined
}

export function findVersionById(db: Db, id: number): Promise<InstrumentVersionRow | undefined> {
  return db.selectFrom('instrument_versions').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The newest published district template of each instrument (its title only); a school's own versions are the designer's. */
export function latestPublishedVersions(db: Db) {
  return db
    .selectFrom('instrument_versions as v')
    .innerJoin('instruments as i', 'i.slug', 'v.slug')
    .select([
      'v.id',
      'v.slug',
      'v.version',
      'i.role',
      'v.translations',
      'v.content_hash',
      'v.published_at',
      sql<string | Record<string, string> | null>`v.definition -> 'title'`.as('title'),
    ])
    .where('v.status', '=', 'published')
    .where('v.owner_school_id', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('instrument_versions as newer')
            .select('newer.id')
            .whereRef('newer.slug', '=', 'v.slug')
            .where('newer.status', '=', 'published')
            .where('newer.owner_school_id', 'is', null)
            .whereRef('newer.version', '>', 'v.version'),
        ),
      ),
    )
    .orderBy('v.slug')
    .execute()
}

/** A version's stored layout: the array position of each item score and domain score of its responses. */
export async function findScoreLayout(db: Db, versionId: number): Promise<StoredLayout> {
  const [items, domains] = await Promise.all([
    db
      .selectFrom('instrument_version_items')
      .select(['position', 'item_id as itemId', 'domain', 'measures', 'domain_position as domainPosition', 'domain_bit as domainBit'])
      .where('instrument_version_id', '=', versionId)
      .orderBy('position')
      .execute(),
    db.selectFrom('instrument_version_domains').select(['position', 'domain', 'measures']).where('instrument_version_id', '=', versionId).orderBy('position').execute(),
  ])
  return { items, domains }
}

/** One layout extended at a time per version (a transaction-level advisory lock), so no position is given twice. */
const LAYOUT_LOCK = 0x414e4132

export async function lockScoreLayout(trx: Transaction<Database>, versionId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${LAYOUT_LOCK}::int, ${versionId}::int)`.execute(trx)
}

export async function insertLayoutSlots(db: Db, versionId: number, additions: StoredLayout): Promise<void> {
  if (additions.domains.length > 0) {
    await db
      .insertInto('instrument_version_domains')
      .values(additions.domains.map((d) => ({ instrument_version_id: versionId, position: d.position, domain: d.domain, measures: d.measures })))
      .execute()
  }
  if (additions.items.length > 0) {
    await db
      .insertInto('instrument_version_items')
      .values(
        additions.items.map((s) => ({
          instrument_version_id: versionId,
          position: s.position,
          item_id: s.itemId,
          domain: s.domain,
          measures: s.measures,
          domain_position: s.domainPosition,
          domain_bit: s.domainBit,
        })),
      )
      .execute()
  }
}
