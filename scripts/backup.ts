// npm run backup [-- --out FILE]
// A consistent, compressed backup of the database: with DATABASE_URL, pg_dump's custom format (taken while the server
// runs); without, the embedded database under DATA_DIR as PGlite dumps its data directory (stop `npm start` first:
// the embedded database has one user at a time). Prints the file written. Restore with `npm run restore -- FILE`.
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../server/config'
import { BackupError, backupEmbedded, backupFileName, backupServer } from '../server/operations/backup'

try {
  const { values } = parseArgs({ options: { out: { type: 'string' } } })
  const config = loadConfig()
  const kind = config.databaseUrl ? 'server' : 'embedded'
  const file = path.resolve(values.out ?? backupFileName(kind, path.resolve(process.env.BACKUP_DIR?.trim() || 'backups')))
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists; a backup never overwrites a file.`)
  const started = performance.now()
  if (config.databaseUrl) await backupServer(config.databaseUrl, file)
  else await backupEmbedded(config.dataDir, file)
  const size = fs.statSync(file).size
  console.log(`backup: wrote ${file} (${kind} database, ${(size / 2 ** 20).toFixed(1)} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`)
} catch (error) {
  console.error(`backup: ${(error as Error).message}`)
  process.exitCode = 1
}
