// npm run migrate: brings the database (DATABASE_URL, or the embedded one under DATA_DIR) to the latest schema.
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { loadConfig, type Config } from '../server/config'
import { startEmbeddedDatabase } from '../server/db/embedded'
import { migrateToLatest } from '../server/db/migrate'
import { explainStartupError } from '../server/startup'

let config: Config | null = null
try {
  config = loadConfig()
  const embedded = config.databaseUrl ? null : await startEmbeddedDatabase(config.dataDir)
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.databaseUrl ?? embedded!.url, max: 1 }) }) })
  try {
    const applied = await migrateToLatest(db)
    console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.')
  } finally {
    await db.destroy()
    await embedded?.close()
  }
} catch (error) {
  console.error(`migrate: ${explainStartupError(error, config)}`)
  process.exitCode = 1
}
