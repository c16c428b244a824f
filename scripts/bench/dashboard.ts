// npm run bench:dashboard — how long the district heat map takes to render once its data have arrived, for a
// 1,000-school district, in Debian's Chromium against the production build. The figure is the page's own
// performance measure 'ana:heatmap-render' (from the data's arrival to the chart's first finished frame).
// Baseline in the same run: the same page filtered to one region. Median of 5 loads each.
//
// Data: the database `ana_dashboard` on the PostgreSQL server (DATABASE_URL's server, or the local one), filled
// once by seed:large with 1,000 schools and 150,000 responses (about a minute); pass --database to use another
// seeded one (e.g. ana_large).
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { chromium } from '@playwright/test'
import { sql } from 'kysely'
import pg from 'pg'
import { insertUser } from '../../server/auth/auth.repository'
import { hashPassword } from '../../server/auth/passwords'
import { largeDatabase } from '../large-database'
import { machine } from './machine'

const { values } = parseArgs({ options: { database: { type: 'string', default: 'ana_dashboard' }, runs: { type: 'string', default: '5' } } })
const RUNS = Number(values.runs)
const target = largeDatabase(values.database)
const root = path.resolve(import.meta.dirname, '../..')

async function schoolCount(): Promise<number> {
  const client = new pg.Client({ connectionString: target.url })
  try {
    await client.connect()
    const { rows } = await client.query<{ n: string }>('select count(*) as n from schools')
    return Number(rows[0].n)
  } catch {
    return 0
  } finally {
    await client.end().catch(() => {})
  }
}

if ((await schoolCount()) < 1000) {
  console.log(`Seeding ${target.name}: 1,000 schools, 150,000 responses…`)
  const seeded = spawnSync('node', ['--import', 'tsx', 'scripts/seed-large.ts', '--database', target.name, '--schools', '1000', '--responses', '150000', '--previous-responses', '0'], {
    cwd: root,
    stdio: 'inherit',
  })
  if (seeded.status !== 0) process.exit(seeded.status ?? 1)
}

const { buildApp } = await import('../../server/app')
const { loadConfig } = await import('../../server/config')
const { prepareDatabase } = await import('../../server/startup')
const config = loadConfig({ LOG_LEVEL: 'silent', DEMO: 'false', CLIENT_DIR: path.join(root, 'dist/client'), PORT: '0' })
const app = await buildApp({ config, databaseUrl: target.url, databaseMode: 'server' })
await app.ready()
await prepareDatabase(app, { demo: false })
const email = 'bench-analyst@example.org'
const password = 'bench dashboard password'
if (!(await app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())) {
  await insertUser(app.db, { email, passwordHash: await hashPassword(password), role: 'district-analyst', schoolIds: [] })
}
await app.listen({ port: 0, host: '127.0.0.1' })
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
const schools = await app.db.selectFrom('schools').select(['region']).execute()
const regions = [...new Set(schools.map((s) => s.region))].sort()
const oneRegion = regions[0]

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } })
const login = await context.request.post(`${base}/api/auth/login`, { data: { email, password } })
if (!login.ok()) throw new Error(`sign-in failed: ${login.status()}`)
const page = await context.newPage()

async function measure(query: string): Promise<{ render: number; data: number; rows: string }> {
  await page.goto(`${base}/admin/district${query}`)
  const handle = await page
    .waitForFunction(() => performance.getEntriesByName('ana:heatmap-render')[0] ?? null, null, { timeout: 120_000 })
    .catch(async (error: Error) => {
      await page.screenshot({ path: path.join(root, 'test-results/bench-dashboard-timeout.png') })
      throw new Error(`${error.message}; the page said: ${(await page.locator('main').innerText()).slice(0, 500)}`)
    })
  const render = await handle.evaluate((m) => (m as PerformanceMeasure).duration)
  const data = await page.evaluate(() => performance.getEntriesByName('ana:heatmap-data')[0].startTime)
  const rows = (await page.getByRole('status').filter({ hasText: /schools$/ }).textContent()) ?? ''
  return { render, data, rows }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const results: { label: string; render: number[]; data: number[]; rows: string }[] = []
for (const [label, query] of [
  [`one region (${oneRegion}), baseline`, `?region=${encodeURIComponent(oneRegion)}`],
  ['whole district', ''],
] as const) {
  await measure(query) // warm: the chart chunk in the cache
  const runs = []
  for (let i = 0; i < RUNS; i++) runs.push(await measure(query))
  results.push({ label, render: runs.map((r) => r.render), data: runs.map((r) => r.data), rows: runs[0].rows })
}

const { rows } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(app.db)
console.log(`bench:dashboard — district heat map in Chromium ${browser.version()}, production build, median of ${RUNS} loads`)
console.log(`machine: ${machine()}, PostgreSQL ${rows[0]?.v ?? '?'}\n`)
console.log('| view | schools shown | heat map render after data (median) | data arrived after navigation (median) |')
console.log('| --- | --- | --- | --- |')
for (const r of results) console.log(`| ${r.label} | ${r.rows} | ${median(r.render).toFixed(0)} ms | ${median(r.data).toFixed(0)} ms |`)
const whole = results[1]
console.log(`\nTarget: the 1,000-school heat map within 1,500 ms of its data: ${median(whole.render) <= 1500 ? 'met' : 'NOT met'}.`)
await browser.close()
await app.close()
