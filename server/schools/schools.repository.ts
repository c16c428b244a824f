import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

export function listSchools(db: Kysely<Database>) {
  return db.selectFrom('schools').select(['id', 'code', 'name', 'region', 'cohort', 'grades']).orderBy('name').execute()
}
