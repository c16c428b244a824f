import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { cutRelease } from '../../../server/analytics/releases.service'
import type { Database } from '../../../server/db/schema'
import { startEmbeddedDatabase } from '../../../server/db/embedded'
import { demoAccessCodes } from '../../../server/demo/demo-district'
import { FIXTURE_SURVEYS } from '../../helpers/app'
import { freshDatabase, type TestDatabase } from '../../helpers/database'

// CRASH_RESPONSES and CRASH_KILLS make it lighter (CI's second database) or a longer soak.
const TOTAL = Number(process.env.CRASH_RESPONSES ?? 5000)
const CLIENTS = 32
const KILLS = Number(process.env.CRASH_KILLS ?? 10)

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-crash-'))
let database: TestDatabase | null = null
afterAll(async () => {
  await database?.drop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1')
  await new Promise((r) => server.once('listening', r))
  const { port } = server.address() as net.AddressInfo
  await new Promise((r) => server.close(r))
  return port
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('intake when the server process is killed', () => {
  it(`keeps every acknowledged response exactly once through ${KILLS} SIGKILLs under load from ${CLIENTS} retrying clients`, { timeout: 600_000 }, async () => {
    // Server mode: the server gets a fresh database of its own; embedded mode: a data directory we reopen after.
    if (process.env.DATABASE_URL) database = await freshDatabase()
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const env = {
      PATH: process.env.PATH,
      PORT: String(port),
      LOG_LEVEL: 'error',
      SURVEYS_DIR: FIXTURE_SURVEYS,
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000',
      ...(database ? { DATABASE_URL: database.url } : {}),
    }
    let child: ChildProcess | null = null
    const startServer = async () => {
      child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: 'ignore' })
      // The first start loads the demo district (its access codes are the ones used here); a loaded CI machine
      // can take a while.
      const deadline = Date.now() + 240_000
      while (Date.now() < deadline) {
        try {
          if ((await fetch(`${base}/api/health`)).ok) return
        } catch {
          // not up yet
        }
        await sleep(50)
      }
      throw new Error('the server did not come up within 240 s')
    }
    const kill = async () => {
      const exited = new Promise((r) => child!.once('exit', r))
      child!.kill('SIGKILL')
      await exited
    }

    await startServer()
    const code = demoAccessCodes()[0].code
    const queue = Array.from({ length: TOTAL }, (_, i) => ({
      id: randomUUID(),
      code,
      slug: 'mini-ana',
      version: 1,
      locale: 'en',
      channel: 'kiosk',
      answers: { food_worry: ['often', 'sometimes', 'never'][i % 3], basic_needs: { clothes: 'short' } },
    }))
    const acknowledged = new Set<string>()
    let conflicts = 0
    let next = 0

    const client = async () => {
      while (next < queue.length) {
        const body = queue[next++]
        for (let attempt = 0; ; attempt++) {
          try {
            const res = await fetch(`${base}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) })
            if (res.status === 200 || res.status === 201) {
              acknowledged.add(body.id)
              break
            }
            if (res.status === 409) conflicts += 1
            if (res.status < 500) throw new Error(`unexpected ${res.status}: ${await res.text()}`)
          } catch (error) {
            if ((error as Error).message.startsWith('unexpected')) throw error
          }
          // Exponential backoff with full jitter, capped at one second.
          await sleep(Math.random() * Math.min(1000, 20 * 2 ** attempt))
        }
      }
    }

    let kills = 0
    const killer = async () => {
      for (let k = 1; k <= KILLS; k++) {
        while (acknowledged.size < (k * TOTAL) / (KILLS + 1)) await sleep(5)
        await kill()
        kills += 1
        await startServer()
      }
    }

    await Promise.all([killer(), ...Array.from({ length: CLIENTS }, client)])
    expect(kills).toBe(KILLS)
    expect(acknowledged.size).toBe(TOTAL)
    expect(conflicts).toBe(0)

    // Stop cleanly, then read what is stored.
    const exited = new Promise((r) => child!.once('exit', r))
    child!.kill('SIGTERM')
    await exited

    const embedded = database ? null : await startEmbeddedDatabase(dataDir)
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database?.url ?? embedded!.url, max: 2 }) }) })
    try {
      const ids = queue.map((q) => q.id)
      const stored = await db.selectFrom('responses').select('id').where('id', 'in', ids).execute()
      expect(stored.length).toBe(TOTAL) // 0 acknowledged-but-missing, 0 duplicates (the id is the primary key)
      // The item scores are read through the views, which show released responses: a release takes all of them in
      // (thousands of families with the same items answered add at least k people to every figure they touch).
      const { administration_id } = await db.selectFrom('access_codes').select('administration_id').where('code', '=', code).executeTakeFirstOrThrow()
      expect((await cutRelease(db, administration_id, { minCellSize: 10, review: null, cutBy: null })).released).toBe(TOTAL)
      const incomplete = await db
        .selectFrom('responses as r')
        .leftJoin('response_items as i', 'i.response_id', 'r.id')
        .select(['r.id', (eb) => eb.fn.count('i.item_id').as('items')])
        .where('r.id', 'in', ids)
        .groupBy('r.id')
        .having((eb) => eb.fn.count('i.item_id'), '!=', 2)
        .execute()
      expect(incomplete).toEqual([]) // every response has all its item scores
    } finally {
      await db.destroy()
      await embedded?.close()
    }
  })
})
