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
      'a.time_zone',
      'a.mode',
      's.id as school_id',
      's.name as school_name',
      's.grades as school_grades',
    ])
    .where('c.code', '=', code)
    .executeTakeFirst()
}

/**
 * The instrument versions offered at one school in an administration, by role: the administration's, except
 * where the school answers its own version for a role (administration_school_instruments).
 */
export function offers(db: Db, administrationId: number, schoolId: number) {
  return db
    .selectFrom('administration_instruments as ai')
    .select(['ai.instrument_version_id', 'ai.role'])
    .where('ai.administration_id', '=', administrationId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('administration_school_instruments as o')
            .select('o.role')
            .whereRef('o.administration_id', '=', 'ai.administration_id')
            .where('o.school_id', '=', schoolId)
            .whereRef('o.role', '=', 'ai.role'),
        ),
      ),
    )
    .unionAll(
      db
        .selectFrom('administration_school_instruments as o')
        .select(['o.instrument_version_id', 'o.role'])
        .where('o.administration_id', '=', administrationId)
        .where('o.school_id', '=', schoolId),
    )
}

export function offeredInstruments(db: Db, administrationId: number, schoolId: number) {
  return db
    .selectFrom(offers(db, administrationId, schoolId).as('ai'))
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
    .orderBy('ai.role')
    .orderBy('v.slug')
    .execute()
}

/** For intake: the code's school and administration, and the version offered there under this slug and number (or nulls). */
export function findOffer(db: Db, code: string, slug: string, version: number) {
  return db
    .selectFrom('access_codes as c')
    .innerJoin('administrations as a', 'a.id', 'c.administration_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('administration_instruments as ai')
          .innerJoin('instrument_versions as v', 'v.id', 'ai.instrument_version_id')
          .select(['ai.administration_id', sql<number | null>`null::integer`.as('school_id'), 'ai.instrument_version_id', 'ai.role'])
          .where('v.slug', '=', slug)
          .where('v.version', '=', version)
          .unionAll(
            eb
              .selectFrom('administration_school_instruments as si')
              .innerJoin('instrument_versions as v', 'v.id', 'si.instrument_version_id')
              .select(['si.administration_id', 'si.school_id', 'si.instrument_version_id', 'si.role'])
              .where('v.slug', '=', slug)
              .where('v.version', '=', version),
          )
          .as('o'),
      (join) =>
        join.onRef('o.administration_id', '=', 'a.id').on((eb) =>
          eb.or([
            eb('o.school_id', '=', eb.ref('c.school_id')),
            // The administration's version, unless this school answers its own version for that role.
            eb.and([
              eb('o.school_id', 'is', null),
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('administration_school_instruments as own')
                    .select('own.role')
                    .whereRef('own.administration_id', '=', 'a.id')
                    .whereRef('own.school_id', '=', 'c.school_id')
                    .whereRef('own.role', '=', 'o.role'),
                ),
              ),
            ]),
          ]),
        ),
    )
    .innerJoin('schools as s', 's.id', 'c.school_id')
    .select(['c.school_id', 's.grades as school_grades', 'c.revoked_at', 'a.id as administration_id', 'a.opens_at', 'a.closes_at', 'a.closed_at', 'a.time_zone', 'o.instrument_version_id', 'o.role'])
    .where('c.code', '=', code)
    .executeTakeFirst()
}

/** A live access code of the lowest-numbered school, with the school (the start-up message's runner link). */
export function firstLiveCode(db: Db) {
  return db
    .selectFrom('access_codes as c')
    .innerJoin('schools as s', 's.id', 'c.school_id')
    .select(['c.code', 's.id as schoolId', 's.name'])
    .where('c.revoked_at', 'is', null)
    .orderBy('s.id')
    .limit(1)
    .executeTakeFirst()
}
