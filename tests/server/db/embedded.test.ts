import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { EMBEDDED_POOL_SIZE, startEmbeddedDatabase } from '../../../server/db/embedded'
import { migrateToLatest } from '../../../server/db/migrate'

const kysely = (url: string, max = EMBEDDED_POOL_SIZE) => new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max }) }) })

describe('embedded database (PGlite behind pglite-socket)', () => {
  it('keeps concurrent transactions through the pool isolated: rolled-back work vanishes, committed work stays', async () => {
    const embedded = await startEmbeddedDatabase(null)
    const db = kysely(embedded.url)
    try {
      await sql`create table t (id int primary key, note text)`.execute(db)
      await Promise.all(
        Array.from({ length: 120 }, (_, i) =>
          db
            .transaction()
            .execute(async (trx) => {
              await trx.insertInto('t').values({ id: i, note: `n${i}` }).execute()
              await new Promise((r) => setTimeout(r, (i * 7) % 5))
              // Inside its transaction each writer sees its own row...
              const own = await trx.selectFrom('t').select('id').where('id', '=', i).executeTakeFirst()
              expect(own).toEqual({ id: i })
              if (i % 3 === 0) throw new Error('roll back')
            })
            .catch((e: Error) => expect(e.message).toBe('roll back')),
        ),
      )
      const rows = await db.selectFrom('t').select('id').orderBy('id').execute()
      expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 120 }, (_, i) => i).filter((i) => i % 3 !== 0))
      // ...and parameterised queries of different shapes, all at once, never get each other's parameters or rows.
      const answers = await Promise.all(
        Array.from({ length: 600 }, (_, i) =>
          i % 2 === 0
            ? sql<{ v: number }>`select ${i}::int as v`.execute(db).then((r) => r.rows[0].v)
            : sql<{ v: string }>`select ${'t' + i}::text || ${'!'}::text as v`.execute(db).then((r) => r.rows[0].v),
        ),
      )
      expect(answers).toEqual(Array.from({ length: 600 }, (_, i) => (i % 2 === 0 ? i : `t${i}!`)))
    } finally {
      await db.destroy()
      await embedded.close()
    }
  })

  it('keeps its data across a restart and runs migrations twice safely', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-embedded-'))
    try {
      let embedded = await startEmbeddedDatabase(dir)
      let db = kysely(embedded.url, 2)
      expect((await migrateToLatest(db)).length).toBeGreaterThan(0)
      await db.insertInto('schools').values({ code: 'X1', name: 'Kept School', region: 'North', grades: 'TK-5' }).execute()
      await db.destroy()
      await embedded.close()

      embedded = await startEmbeddedDatabase(dir)
      db = kysely(embedded.url, 2)
      expect(await migrateToLatest(db)).toEqual([])
      expect(await db.selectFrom('schools').select('name').execute()).toEqual([{ name: 'Kept School' }])
      await db.destroy()
      await embedded.close()
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('refuses a data directory another live process holds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-embedded-'))
    try {
      fs.writeFileSync(path.join(dir, 'embedded.pid'), String(process.ppid))
      await expect(startEmbeddedDatabase(dir)).rejects.toThrow(
        `The embedded database in ${dir} is in use by process ${process.ppid}. Stop that server, or set DATA_DIR to another folder.`,
      )
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
