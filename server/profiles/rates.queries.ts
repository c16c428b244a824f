import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'

export interface RatesFilters {
  region?: string
  cohort?: string
}

/** The schools taking part in an administration (those with a code for it), filtered, with what they are measured against. */
export function schoolsOf(db: Kysely<Database>, administrationId: number, filters: RatesFilters, only?: number[]) {
  return db
    .selectFrom('schools as s')
    .select(['s.id', 's.name', 's.region', 's.cohort', 's.grades', 's.enrollment_students', 's.enrollment_families', 's.enrollment_staff'])
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('access_codes as c').select('c.code').whereRef('c.school_id', '=', 's.id').where('c.administration_id', '=', administrationId)),
    )
    .$if(only !== undefined, (q) => q.where('s.id', 'in', only!.length > 0 ? only! : [-1]))
    .$if(filters.region !== undefined, (q) => q.where('s.region', '=', filters.region!))
    .$if(filters.cohort !== undefined, (q) => q.where('s.cohort', '=', filters.cohort!))
    .orderBy('s.name')
    .execute()
}

/**
 * The versions each school is offered, by role: the administration's, except where the school answers its own
 * version for a role (as access.repository's `offers`, for many schools at once).
 */
export function offersBySchool(db: Kysely<Database>, administrationId: number, schoolIds: number[]) {
  const ids = schoolIds.length > 0 ? schoolIds : [-1]
  return db
    .selectFrom('access_codes as c')
    .innerJoin('administration_instruments as ai', 'ai.administration_id', 'c.administration_id')
    .select(['c.school_id', 'ai.role', 'ai.instrument_version_id'])
    .distinct()
    .where('c.administration_id', '=', administrationId)
    .where('c.school_id', 'in', ids)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('administration_school_instruments as o')
            .select('o.role')
            .whereRef('o.administration_id', '=', 'c.administration_id')
            .whereRef('o.school_id', '=', 'c.school_id')
            .whereRef('o.role', '=', 'ai.role'),
        ),
      ),
    )
    .unionAll(
      db
        .selectFrom('administration_school_instruments as o')
        .select(['o.school_id', 'o.role', 'o.instrument_version_id'])
        .where('o.administration_id', '=', administrationId)
        .where('o.school_id', 'in', ids),
    )
    .execute()
}

/** Released responses per school, role and language: the only counts staff read. */
export function releasedCounts(db: Kysely<Database>, administrationId: number, schoolIds: number[]) {
  return db
    .selectFrom('responses')
    .select(['school_id', 'role', 'locale', (eb) => eb.fn.countAll<string>().as('n')])
    .where('administration_id', '=', administrationId)
    .where('school_id', 'in', schoolIds.length > 0 ? schoolIds : [-1])
    .where('release_id', 'is not', null)
    .groupBy(['school_id', 'role', 'locale'])
    .execute()
}

/**
 * Every response so far (released or waiting) per school and day, for live progress shown only in bands. The day
 * someone answered: when they submitted (a kiosk that was offline sends later), never before the window opened
 * or after the server received it, in the district's time zone.
 */
export function responsesByDay(db: Kysely<Database>, administration: { id: number; opens_at: Date; time_zone: string }, schoolIds: number[]) {
  return db
    .selectFrom('responses')
    .select([
      'school_id',
      sql<string>`to_char((least(received_at, greatest(coalesce(submitted_at, received_at), ${administration.opens_at})) at time zone ${administration.time_zone})::date, 'YYYY-MM-DD')`.as('day'),
      (eb) => eb.fn.countAll<string>().as('n'),
    ])
    .where('administration_id', '=', administration.id)
    .where('school_id', 'in', schoolIds.length > 0 ? schoolIds : [-1])
    .groupBy(['school_id', 'day'])
    .execute()
}

/** One school's id and grades (the grades decide which roles it can answer for). */
export function schoolGrades(db: Kysely<Database>, schoolId: number) {
  return db.selectFrom('schools').select(['id', 'grades']).where('id', '=', schoolId).executeTakeFirst()
}

/** The roles an administration offers an instrument to. */
export function offeredRoles(db: Kysely<Database>, administrationId: number) {
  return db.selectFrom('administration_instruments').select('role').distinct().where('administration_id', '=', administrationId).execute()
}
