import { sql, type Kysely } from 'kysely'
import type { Database } from './db/schema'

/** Asks the database the smallest question; throws (and the health check answers 500) when it does not answer. */
export async function databaseAnswers(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db)
}
