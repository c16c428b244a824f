// npm run restore -- FILE
// Restores a backup made by `npm run backup` into an empty database: with DATABASE_URL, a database on a PostgreSQL
// server with nothing in it (create it first: createdb ana_restored); without, an empty DATA_DIR for the embedded
// database. A database that holds anything is refused and left as it was. Start the server on it afterwards: it
// runs any migrations newer than the backup.
import fs from 'node:fs'
import path from 'node:path'
import { loadConfig } from '../server/config'
import { BackupError, restoreEmbedded, restoreServer } from '../server/operations/backup'

const USAGE = 'Usage: npm run restore -- FILE (into DATABASE_URL when set, else into DATA_DIR; either must be empty)'

try {
  const [file, ...rest] = process.argv.slice(2)
  if (!file || rest.length > 0) {
    console.error(USAGE)
    process.exit(2)
  }
  const source = path.resolve(file)
  if (!fs.existsSync(source)) throw new BackupError(`${source} does not exist.`)
  const config = loadConfig()
  const started = performance.now()
  if (config.databaseUrl) await restoreServer(source, config.databaseUrl)
  else await restoreEmbedded(source, config.dataDir)
  const target = config.databaseUrl ? 'the database at DATABASE_URL' : config.dataDir
  console.log(`restore: ${source} restored into ${target} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
} catch (error) {
  console.error(`restore: ${(error as Error).message}`)
  process.exitCode = 1
}
