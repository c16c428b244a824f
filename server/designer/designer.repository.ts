import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, InstrumentDraftRow } from '../db/schema'

type Db = Kysely<Database> | Transaction<Database>

export interface DraftValues {
  slug: string
  ownerSchoolId: number | null
  baseVersionId: number | null
  definition: Record<string, unknown>
  translations: Record<string, 'draft' | 'reviewed'>
  translationHashes: Record<string, Record<string, string>> | null
  userId: number
}

export async function insertDraft(db: Db, values: DraftValues): Promise<InstrumentDraftRow> {
  return db
    .insertInto('instrument_drafts')
    .values({
      slug: values.slug,
      owner_school_id: values.ownerSchoolId,
      base_version_id: values.baseVersionId,
      definition: JSON.stringify(values.definition),
      translations: JSON.stringify(values.translations),
      translation_hashes: JSON.stringify(values.translationHashes),
      created_by: values.userId,
      updated_by: values.userId,
      published_version_id: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export function findDraft(db: Db, id: number, ownerSchoolId: number | null): Promise<InstrumentDraftRow | undefined> {
  return db
    .selectFrom('instrument_drafts')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => (ownerSchoolId === null ? eb('owner_school_id', 'is', null) : eb('owner_school_id', '=', ownerSchoolId)))
    .executeTakeFirst()
}

export function listDrafts(db: Db, ownerSchoolId: number | null) {
  return db
    .selectFrom('instrument_drafts as d')
    .leftJoin('instrument_versions as v', 'v.id', 'd.base_version_id')
    .select(['d.id', 'd.slug', 'd.owner_school_id', 'd.revision', 'd.updated_at', 'v.version as base_version', sql<unknown>`d.definition -> 'title'`.as('title')])
    .where((eb) => (ownerSchoolId === null ? eb('d.owner_school_id', 'is', null) : eb('d.owner_school_id', '=', ownerSchoolId)))
    .orderBy('d.updated_at', 'desc')
    .execute()
}

/** Saves a draft only if nobody saved it since `revision` was read; undefined when someone did. */
export function updateDraft(db: Db, id: number, revision: number, values: Pick<DraftValues, 'definition' | 'translations' | 'translationHashes' | 'userId'>) {
  return db
    .updateTable('instrument_drafts')
    .set({
      definition: JSON.stringify(values.definition),
      translations: JSON.stringify(values.translations),
      translation_hashes: JSON.stringify(values.translationHashes),
      updated_by: values.userId,
      updated_at: new Date(),
      revision: sql`revision + 1`,
    })
    .where('id', '=', id)
    .where('revision', '=', revision)
    .returningAll()
    .executeTakeFirst()
}

export function markDraftPublished(db: Db, id: number, versionId: number, userId: number) {
  return db
    .updateTable('instrument_drafts')
    // The content did not change: the revision stays, so an open editor keeps saving over it.
    .set({ published_version_id: versionId, base_version_id: versionId, updated_by: userId, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Published versions a draft may start from, compare with or reuse items of: district templates and the given schools' own. */
export function publishedVersions(db: Db, schoolIds: number[] | 'all') {
  return db
    .selectFrom('instrument_versions as v')
    .innerJoin('instruments as i', 'i.slug', 'v.slug')
    .leftJoin('schools as s', 's.id', 'v.owner_school_id')
    .select(['v.id', 'v.slug', 'v.version', 'i.role', 'v.owner_school_id', 's.name as owner_school_name', 'v.published_at', sql<unknown>`v.definition -> 'title'`.as('title')])
    .where('v.status', '=', 'published')
    .$if(schoolIds !== 'all', (q) =>
      q.where((eb) => eb.or([eb('v.owner_school_id', 'is', null), ...(schoolIds === 'all' || schoolIds.length === 0 ? [] : [eb('v.owner_school_id', 'in', schoolIds)])])),
    )
    .orderBy('v.slug')
    .orderBy('v.version')
    .execute()
}

export function versionDefinitions(db: Db, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('instrument_versions').select(['id', 'slug', 'version', 'definition']).where('id', 'in', ids).execute()
}

/** A version's id and number, or null for no id (a draft with no base, or not yet published). */
export async function versionNumber(db: Db, id: number | null) {
  return id === null ? null : db.selectFrom('instrument_versions').select(['id', 'version']).where('id', '=', id).executeTakeFirst()
}

/** A version's definition, or null for no id. */
export async function versionDefinition(db: Db, id: number | null) {
  return id === null ? null : db.selectFrom('instrument_versions').select('definition').where('id', '=', id).executeTakeFirst()
}

export function findPublishedVersion(db: Db, slug: string, version: number) {
  return db.selectFrom('instrument_versions').selectAll().where('slug', '=', slug).where('version', '=', version).where('status', '=', 'published').executeTakeFirst()
}

export function findInstrument(db: Db, slug: string) {
  return db.selectFrom('instruments').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export async function nextVersionNumber(db: Db, slug: string): Promise<number> {
  const row = await db.selectFrom('instrument_versions').select((eb) => eb.fn.max('version').as('max')).where('slug', '=', slug).executeTakeFirst()
  return Number(row?.max ?? 0) + 1
}

export function insertPublishedVersion(
  db: Db,
  values: { slug: string; version: number; definition: Record<string, unknown>; contentHash: string; translations: Record<string, string>; ownerSchoolId: number | null },
) {
  return db
    .insertInto('instrument_versions')
    .values({
      slug: values.slug,
      version: values.version,
      status: 'published',
      definition: JSON.stringify(values.definition),
      content_hash: values.contentHash,
      translations: JSON.stringify(values.translations),
      published_at: new Date(),
      owner_school_id: values.ownerSchoolId,
    })
    .returning(['id', 'slug', 'version', 'owner_school_id'])
    .executeTakeFirstOrThrow()
}

export function findSchool(db: Db, id: number) {
  return db.selectFrom('schools').select(['id', 'name']).where('id', '=', id).executeTakeFirst()
}
