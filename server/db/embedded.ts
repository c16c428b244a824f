import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

export interface EmbeddedDatabase {
  /** A postgres:// URL the ordinary pg driver connects to. */
  readonly url: string
  close(): Promise<void>
}

/** Connections the socket server accepts (the app, and a maintenance script or test reading alongside). */
export const EMBEDDED_MAX_CONNECTIONS = 8

/**
 * The app's pool size on the embedded database: one connection. pglite-socket's multiplexer interleaves the
 * extended-protocol messages (Parse/Bind/Execute/Sync) of concurrent connections outside explicit transactions,
 * which under load binds one query's parameters to another's portal ("portal does not exist", wrong rows).
 * PGlite runs one query at a time anyway, so a single connection costs little and keeps every query whole.
 */
export const EMBEDDED_POOL_SIZE = 1

/**
 * Starts PGlite (persisted under `dataDir`, or in memory when `dataDir` is null) behind pglite-socket's
 * multiplexing server on a private loopback port, so the app reaches it through the same `pg` driver and code
 * path as a real PostgreSQL server.
 */
export async function startEmbeddedDatabase(dataDir: string | null): Promise<EmbeddedDatabase> {
  let dataPath = 'memory://'
  if (dataDir !== null) {
    dataPath = path.join(dataDir, 'pgdata')
    fs.mkdirSync(dataDir, { recursive: true })
    claimDataDir(dataDir)
  }
  const db = await PGlite.create(dataPath)
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: EMBEDDED_MAX_CONNECTIONS })
  await server.start()
  const url = `postgres://postgres@${server.getServerConn()}/postgres`
  // Where a maintenance script or a browser test reading alongside finds it (the port is chosen at start).
  if (dataDir !== null) fs.writeFileSync(path.join(dataDir, 'embedded.url'), url)
  let closed = false
  return {
    url,
    async close() {
      if (closed) return
      closed = true
      await server.stop()
      await db.close()
      if (dataDir !== null) for (const file of ['embedded.pid', 'embedded.url']) fs.rmSync(path.join(dataDir, file), { force: true })
    },
  }
}

/**
 * PGlite is a single-process database: two processes on one data directory corrupt it. A pid file whose process
 * is still alive means another server owns the directory. Returns what gives the directory back.
 */
export function claimDataDir(dataDir: string): () => void {
  const lock = path.join(dataDir, 'embedded.pid')
  try {
    const pid = Number(fs.readFileSync(lock, 'utf8'))
    if (Number.isInteger(pid) && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${pid}. Stop that server, or set DATA_DIR to another folder.`,
      )
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  fs.writeFileSync(lock, String(process.pid))
  return () => fs.rmSync(lock, { force: true })
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
