import { execFile } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { claimDataDir } from '../db/embedded'

const run = promisify(execFile)

/** How a backup file begins: PostgreSQL's custom archive format, or a gzip stream (PGlite's data directory tarball). */
const CUSTOM_FORMAT_MAGIC = Buffer.from('PGDMP')
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b])

export type BackupKind = 'server' | 'embedded'

export class BackupError extends Error {}

/** The kind of database a backup file holds, from its first bytes; throws when it is neither. */
export function backupKindOf(file: string): BackupKind {
  const head = Buffer.alloc(5)
  const fd = fs.openSync(file, 'r')
  try {
    fs.readSync(fd, head, 0, 5, 0)
  } finally {
    fs.closeSync(fd)
  }
  if (head.subarray(0, 5).equals(CUSTOM_FORMAT_MAGIC)) return 'server'
  if (head.subarray(0, 2).equals(GZIP_MAGIC)) return 'embedded'
  throw new BackupError(`${file} is not a backup made by npm run backup (neither a pg_dump archive nor a PGlite data directory).`)
}

/** The default file name: the kind and the time, sortable, in `dir`. */
export function backupFileName(kind: BackupKind, dir: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replaceAll(':', '-')
  return path.join(dir, `ana-${kind}-${stamp}.${kind === 'server' ? 'dump' : 'tar.gz'}`)
}

/**
 * A PostgreSQL server's database with pg_dump's custom format (compressed, consistent: one snapshot for the whole
 * dump, taken while the server keeps running and taking responses).
 */
export async function backupServer(databaseUrl: string, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const partial = `${file}.partial`
  try {
    await run('pg_dump', ['--format=custom', '--compress=6', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${databaseUrl}`])
  } catch (error) {
    fs.rmSync(partial, { force: true })
    throw new BackupError(`pg_dump failed: ${commandMessage(error)}`)
  }
  // Only a whole dump gets the final name, so a backup that stopped half-way is never mistaken for one.
  fs.renameSync(partial, file)
}

/**
 * The embedded database's data directory as PGlite dumps it (a gzip tarball). PGlite is single-process, so the
 * server must be stopped: the directory is claimed as the server claims it, and refused while the server runs.
 */
export async function backupEmbedded(dataDir: string, file: string): Promise<void> {
  const dataPath = path.join(dataDir, 'pgdata')
  if (!holdsDatabase(dataPath)) throw new BackupError(`There is no embedded database in ${dataDir} to back up.`)
  const release = claimDataDir(dataDir)
  try {
    const db = await PGlite.create(dataPath)
    try {
      const dump = await db.dumpDataDir('gzip')
      fs.mkdirSync(path.dirname(file), { recursive: true })
      fs.writeFileSync(`${file}.partial`, Buffer.from(await dump.arrayBuffer()))
      fs.renameSync(`${file}.partial`, file)
    } finally {
      await db.close()
    }
  } finally {
    release()
  }
}

/** Tables (and other relations) in the database's own schemas: an empty database has none. */
async function relationCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%' and n.nspname not like 'pg_temp%'`,
    )
    return Number(rows[0].n)
  } finally {
    await client.end()
  }
}

/** Restores a pg_dump archive into an empty database on a server; a database holding anything is refused, untouched. */
export async function restoreServer(file: string, databaseUrl: string): Promise<void> {
  if (backupKindOf(file) !== 'server') throw new BackupError(`${file} is a backup of an embedded database: restore it with no DATABASE_URL set, into an empty DATA_DIR.`)
  const relations = await relationCount(databaseUrl)
  if (relations > 0) throw new BackupError(`The database is not empty (${relations} tables, indexes or sequences): restore into a new, empty database.`)
  try {
    // One transaction: a restore that fails leaves the database empty, as it was.
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${databaseUrl}`, file])
  } catch (error) {
    throw new BackupError(`pg_restore failed: ${commandMessage(error)}`)
  }
}

/** Restores PGlite's data directory tarball into DATA_DIR, which must hold no database yet. */
export async function restoreEmbedded(file: string, dataDir: string): Promise<void> {
  if (backupKindOf(file) !== 'embedded') throw new BackupError(`${file} is a backup of a PostgreSQL server: set DATABASE_URL to an empty database to restore it.`)
  const dataPath = path.join(dataDir, 'pgdata')
  if (holdsDatabase(dataPath)) throw new BackupError(`${dataDir} already holds an embedded database: restore into an empty DATA_DIR.`)
  fs.mkdirSync(dataDir, { recursive: true })
  const release = claimDataDir(dataDir)
  try {
    const bytes = fs.readFileSync(file)
    const db = await PGlite.create(dataPath, { loadDataDir: new Blob([bytes]) })
    try {
      // A tarball that unpacks but is not a database fails here, before anyone starts a server on it.
      await db.query('select 1')
    } finally {
      await db.close()
    }
  } catch (error) {
    fs.rmSync(dataPath, { recursive: true, force: true })
    throw error instanceof BackupError ? error : new BackupError(`${file} could not be restored: ${(error as Error).message}`)
  } finally {
    release()
  }
}

/** Whether a PGlite data directory holds a database (PostgreSQL writes PG_VERSION when it creates one). */
function holdsDatabase(dataPath: string): boolean {
  return fs.existsSync(path.join(dataPath, 'PG_VERSION'))
}

function commandMessage(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim()
  return stderr || (error as Error).message
}
