import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

/** The district's schools, or only those with the given ids (a school team's own). */
export function listSchools(db: Kysely<Database>, only?: number[]) {
  return db
    .selectFrom('schools')
    .select(['id', 'code', 'name', 'region', 'cohort', 'grades'])
    .$if(only !== undefined, (q) => (only!.length === 0 ? q.where((eb) => eb.val(false)) : q.where('id', 'in', only!)))
    .orderBy('name')
    .execute()
}
