import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { cutRelease } from '../../../server/analytics/releases.service'
import { buildApp } from '../../../server/app'
import { createAccount } from '../../../server/auth/auth.service'
import { loadConfig } from '../../../server/config'
import { startEmbeddedDatabase } from '../../../server/db/embedded'
import { prepareDatabase } from '../../../server/startup'
import { FIXTURE_SURVEYS } from '../../helpers/app'
import { freshDatabase } from '../../helpers/database'
import { openAdministration } from '../../helpers/fixtures'

const root = path.resolve(import.meta.dirname, '../../..')
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-backup-'))
afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

/** Runs an npm script's file as `npm run` would, with the environment given; its exit code and output. */
async function script(name: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

/** A district with a school, an administration, 12 responses with their scores, a release and an account. */
async function populate(databaseUrl: string, mode: 'server' | 'embedded') {
  const config = loadConfig({ LOG_LEVEL: 'silent', RELEASE_CHECK_SECONDS: '0', SURVEYS_DIR: FIXTURE_SURVEYS, CLIENT_DIR: path.join(work, 'no-client') })
  const app = await buildApp({ config, databaseUrl, databaseMode: mode })
  await app.ready()
  try {
    await prepareDatabase(app, { demo: false })
    const { codes, administrationId } = await openAdministration(app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
    for (let i = 0; i < 12; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/responses',
        remoteAddress: `10.9.0.${i}`,
        payload: {
          id: randomUUID(),
          code: codes[0].code,
          slug: 'mini-ana',
          version: 1,
          locale: i % 2 ? 'es' : 'en',
          channel: 'phone',
          answers: { food_worry: i % 3 ? 'often' : 'never', food_know_help: 1 + (i % 2), basic_needs: { clothes: 'help' } },
          startedAt: '2026-11-20T10:00:00.000Z',
          submittedAt: '2026-11-20T10:07:00.000Z',
        },
      })
      expect(res.statusCode).toBe(201)
    }
    await cutRelease(app.db, administrationId, { minCellSize: config.minCellSize, review: null, cutBy: null })
    await createAccount(app.db, { email: 'analyst@backup.test', password: 'a long enough password', role: 'district-analyst', schoolIds: [] }, null)
  } finally {
    await app.close()
  }
}

/** Every table's row count and a digest of its rows in a fixed order, and every sequence's position. */
async function contents(databaseUrl: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    const out: Record<string, string> = {}
    const tables = await client.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`)
    for (const { name } of tables.rows) {
      const { rows } = await client.query<{ n: string; digest: string }>(`select count(*) as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as digest from "${name}" t`)
      out[name] = `${rows[0].n} ${rows[0].digest}`
    }
    const sequences = await client.query<{ name: string; last: string | null }>(`select sequencename as name, last_value::text as last from pg_sequences where schemaname = 'public' order by 1`)
    for (const { name, last } of sequences.rows) out[`sequence ${name}`] = String(last)
    return out
  } finally {
    await client.end()
  }
}

const mode = process.env.DATABASE_URL ? 'server' : 'embedded'

describe(`npm run backup and npm run restore (${mode} database)`, () => {
  it('backs up a district with responses, restores it into an empty database with every table the same, and refuses a database that is not empty', async () => {
    const notABackup = path.join(work, 'notes.txt')
    fs.writeFileSync(notABackup, 'hello')
    const otherKind = path.join(work, mode === 'server' ? 'other.tar.gz' : 'other.dump')
    fs.writeFileSync(otherKind, mode === 'server' ? Buffer.from([0x1f, 0x8b, 8, 0, 0]) : Buffer.from('PGDMP'))
    const file = path.join(work, `district.${mode === 'server' ? 'dump' : 'tar.gz'}`)

    if (mode === 'server') {
      const source = await freshDatabase()
      const target = await freshDatabase({ template: null })
      try {
        await populate(source.url, 'server')
        const before = await contents(source.url)
        expect(before.responses).toMatch(/^12 /)
        const backup = await script('backup', ['--out', file], { DATABASE_URL: source.url })
        expect(backup.stderr).toBe('')
        expect(backup.stdout).toMatch(new RegExp(`^backup: wrote ${file} \\(server database, [\\d.]+ MiB\\) in [\\d.]+ s\\n$`))
        expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP')
        // Never over an existing file.
        expect(await script('backup', ['--out', file], { DATABASE_URL: source.url })).toMatchObject({ code: 1, stderr: `backup: ${file} already exists; a backup never overwrites a file.\n` })

        expect(await script('restore', [notABackup], { DATABASE_URL: target.url })).toMatchObject({
          code: 1,
          stderr: `restore: ${notABackup} is not a backup made by npm run backup (neither a pg_dump archive nor a PGlite data directory).\n`,
        })
        expect(await script('restore', [otherKind], { DATABASE_URL: target.url })).toMatchObject({
          code: 1,
          stderr: `restore: ${otherKind} is a backup of an embedded database: restore it with no DATABASE_URL set, into an empty DATA_DIR.\n`,
        })
        const restored = await script('restore', [file], { DATABASE_URL: target.url })
        expect(restored.stderr).toBe('')
        expect(restored.code).toBe(0)
        expect(await contents(target.url)).toEqual(before)

        // Again into the same database: refused, and nothing changes.
        const again = await script('restore', [file], { DATABASE_URL: target.url })
        expect(again.code).toBe(1)
        expect(again.stderr).toMatch(/^restore: The database is not empty \(\d+ tables, indexes or sequences\): restore into a new, empty database\.\n$/)
        expect(await contents(target.url)).toEqual(before)
      } finally {
        await source.drop()
        await target.drop()
      }
      return
    }

    const sourceDir = path.join(work, 'source')
    const targetDir = path.join(work, 'target')
    const source = await startEmbeddedDatabase(sourceDir)
    let before: Record<string, string>
    try {
      await populate(source.url, 'embedded')
      before = await contents(source.url)
      expect(before.responses).toMatch(/^12 /)
      // While a server holds the embedded database, a backup is refused (PGlite has one user at a time).
      expect(await script('backup', ['--out', file], { DATABASE_URL: '', DATA_DIR: sourceDir })).toMatchObject({
        code: 1,
        stderr: `backup: The embedded database in ${sourceDir} is in use by process ${process.pid}. Stop that server, or set DATA_DIR to another folder.\n`,
      })
      expect(fs.existsSync(file)).toBe(false)
    } finally {
      await source.close()
    }
    expect(await script('backup', ['--out', file], { DATABASE_URL: '', DATA_DIR: path.join(work, 'nothing-here') })).toMatchObject({
      code: 1,
      stderr: `backup: There is no embedded database in ${path.join(work, 'nothing-here')} to back up.\n`,
    })
    const backup = await script('backup', ['--out', file], { DATABASE_URL: '', DATA_DIR: sourceDir })
    expect(backup.stderr).toBe('')
    expect(backup.stdout).toMatch(new RegExp(`^backup: wrote ${file} \\(embedded database, [\\d.]+ MiB\\) in [\\d.]+ s\\n$`))

    expect(await script('restore', [notABackup], { DATABASE_URL: '', DATA_DIR: targetDir })).toMatchObject({
      code: 1,
      stderr: `restore: ${notABackup} is not a backup made by npm run backup (neither a pg_dump archive nor a PGlite data directory).\n`,
    })
    expect(await script('restore', [otherKind], { DATABASE_URL: '', DATA_DIR: targetDir })).toMatchObject({
      code: 1,
      stderr: `restore: ${otherKind} is a backup of a PostgreSQL server: set DATABASE_URL to an empty database to restore it.\n`,
    })
    const restored = await script('restore', [file], { DATABASE_URL: '', DATA_DIR: targetDir })
    expect(restored.stderr).toBe('')
    expect(restored.stdout).toMatch(/^restore: .* restored into .* in [\d.]+ s\n$/)
    expect(await script('restore', [file], { DATABASE_URL: '', DATA_DIR: targetDir })).toMatchObject({
      code: 1,
      stderr: `restore: ${targetDir} already holds an embedded database: restore into an empty DATA_DIR.\n`,
    })
    const target = await startEmbeddedDatabase(targetDir)
    try {
      expect(await contents(target.url)).toEqual(before)
    } finally {
      await target.close()
    }
  }, 300_000)
})
