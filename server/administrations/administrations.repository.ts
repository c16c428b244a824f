import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

/** Administrations, newest first; for a school team, only those their schools take part in. */
export function listAdministrations(db: Kysely<Database>, onlySchools?: number[]) {
  return db
    .selectFrom('administrations as a')
    .select(['a.id', 'a.name', 'a.opens_at', 'a.closes_at', 'a.closed_at'])
    .$if(onlySchools !== undefined, (q) =>
      q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('access_codes as c')
            .select('c.code')
            .whereRef('c.administration_id', '=', 'a.id')
            .where('c.school_id', 'in', onlySchools!.length > 0 ? onlySchools! : [-1]),
        ),
      ),
    )
    .orderBy('a.opens_at', 'desc')
    .execute()
}
