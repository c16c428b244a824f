import type { Kysely, Transaction } from 'kysely'
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
    .select(['v.id', 'v.slug', 'v.version', 'ai.role', 'v.translations', 'v.definition'])
    .where('ai.administration_id', '=', administrationId)
    .orderBy('ai.role')
    .orderBy('v.slug')
    .execute()
}
