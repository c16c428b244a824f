// npm run bench:dashboard — how long after navigation the district heat map is drawn, for a 1,000-school district
// of 1,000,000 responses, in Debian's Chromium against the production build: the data's arrival (the page's
// performance mark 'ana:heatmap-data') plus the render (its measure 'ana:heatmap-render', from the data to the
// chart's first finished frame). A first visit (a new browser profile: nothing cached) and a repeat visit (the
// browser revalidates the comparison by its ETag: 304). Baseline in the same run: the same page filtered to one
// region. Median of 5 loads each; the load average at the start and the end.
//
// Data: the database `ana_large` on the PostgreSQL server (DATABASE_URL's server, or the local one) that
// npm run seed:large fills (1,000 schools, 1,000,000 responses; about 5 minutes, run once if it is missing); pass
// --database to use another seeded one.
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { chromium, type Page } from '@playwright/test'
import { sql } from 'kysely'
import pg from 'pg'
import { insertUser } from '../../server/auth/auth.repository'
import { hashPassword } from '../../server/auth/passwords'
import { largeDatabase } from '../large-database'
import { machine } from './machine'

const { values } = parseArgs({ options: { database: { type: 'string', default: 'ana_large' }, runs: { type: 'string', default: '5' } } })
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

const loadAverage = () => os.loadavg().map((x) => x.toFixed(2)).join(' ')
const startLoad = loadAverage()

if ((await schoolCount()) < 1000) {
  console.log(`Seeding ${target.name}: 1,000 schools, 1,000,000 responses…`)
  const seeded = spawnSync('node', ['--import', 'tsx', 'scripts/seed-large.ts', '--database', target.name], {
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
// What the server answered the comparison with (a revalidated repeat visit is 304 here, though the page sees 200).
let compareStatus = 0
app.addHook('onResponse', async (request, reply) => {
  if (request.url.startsWith('/api/district/compare')) compareStatus = reply.statusCode
})
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

/** A browser profile of its own (nothing cached), signed in. */
async function signedIn() {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } })
  const login = await context.request.post(`${base}/api/auth/login`, { data: { email, password } })
  if (!login.ok()) throw new Error(`sign-in failed: ${login.status()}`)
  return context
}

interface Load {
  /** Data arrived, after navigation. */
  data: number
  /** From the data to the chart's first finished frame. */
  render: number
  rows: string
  /** The server's answer to the comparison (304: the browser revalidated what it held). */
  status: number
}

async function measure(page: Page, query: string): Promise<Load> {
  compareStatus = 0
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
  const status = compareStatus
  // The rest of the page (the response rates below the heat map) finishes before the next load, which would
  // otherwise share the server with it.
  await page.waitForLoadState('networkidle', { timeout: 120_000 }).catch(() => {})
  return { render, data, rows, status }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const results: { label: string; visit: string; loads: Load[] }[] = []
for (const [label, query] of [
  [`one region (${oneRegion}), baseline`, `?region=${encodeURIComponent(oneRegion)}`],
  ['whole district', ''],
] as const) {
  // Warm: the server's view of the release in memory, as after anyone's first read.
  const warm = await signedIn()
  await measure(await warm.newPage(), query)
  await warm.close()
  const first: Load[] = []
  for (let i = 0; i < RUNS; i++) {
    const context = await signedIn()
    first.push(await measure(await context.newPage(), query))
    await context.close()
  }
  const context = await signedIn()
  const page = await context.newPage()
  await measure(page, query)
  const repeat: Load[] = []
  for (let i = 0; i < RUNS; i++) repeat.push(await measure(page, query))
  await context.close()
  results.push({ label, visit: 'first visit', loads: first }, { label, visit: 'repeat visit', loads: repeat })
}

const { rows } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(app.db)
const responses = await app.db.selectFrom('responses').select((eb) => eb.fn.countAll<string>().as('n')).where('release_id', 'is not', null).executeTakeFirstOrThrow()
console.log(`bench:dashboard — district heat map in Chromium ${browser.version()}, production build, ${target.name} (${Number(responses.n).toLocaleString('en')} released responses), median of ${RUNS} loads`)
console.log(`machine: ${machine()}, PostgreSQL ${rows[0]?.v ?? '?'}; load average at the start ${startLoad}, at the end ${loadAverage()}\n`)
console.log('| view | visit | schools shown | data arrived after navigation | heat map render after data | heat map drawn after navigation | comparison answer |')
console.log('| --- | --- | --- | --- | --- | --- | --- |')
for (const r of results) {
  const drawn = median(r.loads.map((l) => l.data + l.render))
  console.log(`| ${r.label} | ${r.visit} | ${r.loads[0].rows} | ${median(r.loads.map((l) => l.data)).toFixed(0)} ms | ${median(r.loads.map((l) => l.render)).toFixed(0)} ms | ${drawn.toFixed(0)} ms | ${[...new Set(r.loads.map((l) => l.status))].join(', ')} |`)
}
const whole = results.filter((r) => r.label === 'whole district').map((r) => median(r.loads.map((l) => l.data + l.render)))
console.log(`\nTarget: the 1,000-school heat map drawn within 1,000 ms of navigation: ${Math.max(...whole) <= 1000 ? 'met' : 'NOT met'} (first visit ${whole[0].toFixed(0)} ms, repeat visit ${whole[1].toFixed(0)} ms).`)
await browser.close()
await app.close()
