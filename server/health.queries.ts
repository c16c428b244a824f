import { sql, type Kysely } from 'kysely'
import type { Database } from './db/schema'

/** The PostgreSQL server's version, which also shows the database answers. */
export async function serverVersion(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ version: string }>`select current_setting('server_version') as version`.execute(db)
  return rows[0].version
}
