import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from '../db/schema'

type Db = Kysely<Database> | Transaction<Database>

export function findAccessCode(db: Db, code: string) {
  return db
    .selectFrom('access_codes as c')
    .innerJoin('administrations as a', 'a.id', 'c.administration_id')
    .innerJoin('schools as s', 's.id', 'c.school_id')
    .select([
      'c.code',
      'c.revoked_at',
      'a.id as administration_id',
      'a.name as administration_name',
      'a.opens_at',
      'a.closes_at',
      'a.closed_at',
      'a.mode',
      's.id as school_id',
      's.name as school_name',
    ])
    .where('c.code', '=', code)
    .executeTakeFirst()
}

export function offeredInstruments(db: Db, administrationId: number) {
  return db
    .selectFrom('administration_instruments as ai')
    .innerJoin('instrument_versions as v', 'v.id', 'ai.instrument_version_id')
    // Only the few fields of the definition that are needed: a definition can be hundreds of kilobytes.
    .select([
      'v.id',
      'v.slug',
      'v.version',
      'ai.role',
      'v.translations',
      sql<string | Record<string, string> | null>`v.definition -> 'title'`.as('title'),
      sql<number | null>`(v.definition -> 'ana' ->> 'minutes')::int`.as('minutes'),
    ])
    .where('ai.administration_id', '=', administrationId)
    .orderBy('ai.role')
    .orderBy('v.slug')
    .execute()
}

/** For intake: the code's school and administration, and the version offered under this slug and number (or nulls). */
export function findOffer(db: Db, code: string, slug: string, version: number) {
  return db
    .selectFrom('access_codes as c')
    .innerJoin('administrations as a', 'a.id', 'c.administration_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('administration_instruments as ai')
          .innerJoin('instrument_versions as v', 'v.id', 'ai.instrument_version_id')
          .select(['ai.administration_id', 'ai.instrument_version_id', 'ai.role'])
          .where('v.slug', '=', slug)
          .where('v.version', '=', version)
          .as('o'),
      (join) => join.onRef('o.administration_id', '=', 'a.id'),
    )
    .select(['c.school_id', 'c.revoked_at', 'a.id as administration_id', 'a.opens_at', 'a.closes_at', 'a.closed_at', 'o.instrument_version_id', 'o.role'])
    .where('c.code', '=', code)
    .executeTakeFirst()
}
