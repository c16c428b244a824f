// npm run bench:abuse — whether anonymous load slows staff. The app runs as production runs it, a process of its own
// (node --import tsx server/main.ts) on the demo district, in a fresh embedded database or, with DATABASE_URL set, a
// fresh database on that server; this process only sends the load and times the reads. A district analyst reads a
// school profile over HTTP on a fixed schedule, at idle and then under each kind of abuse anyone with the address
// (or one poster's access code) could send: an intake flood from one code and one address, definition downloads, a
// wrong-password sign-in burst. Each loaded p99 against the target of at most twice the idle p99.
// Options: --reads 200 --interval 100 (ms between the starts of two reads) --concurrency 32 (intake, sign-in) --downloads 64
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { demoRespondent, generateAnswers, realisticContexts } from '../../server/demo/answers'
import { seededRandom } from '../../server/demo/random'
import { indexDefinition } from '../../server/instruments/definition-index'
import { machine, percentile } from './machine'

const { values: options } = parseArgs({
  options: {
    reads: { type: 'string', default: '200' },
    interval: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '32' },
    downloads: { type: 'string', default: '64' },
  },
})
// 200 reads a scenario, 100 ms apart (the p99 is then the 2nd slowest, not the slowest): at idle a read takes 10 to 150 ms, so the reads
// come back to back or nearly, and a scenario ends in about 20 to 40 s.
const READS = Number(options.reads)
const INTERVAL_MS = Number(options.interval)
const CONCURRENCY = Number(options.concurrency)
const DOWNLOADS = Number(options.downloads)
const BROWSER_ENCODINGS = 'gzip, deflate, br'
const ANALYST = { email: 'analyst@example.org', password: 'demo-password' }
// The load runs this long before the first read and the server rests this long after it stops, so each scenario's
// reads see the load's steady state and none of the previous scenario's tail.
const RAMP_MS = 1000
const REST_MS = 1000
const root = path.resolve(import.meta.dirname, '../..')

/** The server's version, asked of the server (the health check does not say it). */
async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0].v.split(' ')[0]
  } finally {
    await client.end()
  }
}

const pgliteVersion = () => (JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version

interface Answer {
  status: number
  ms: number
}

/**
 * One HTTP request, its body read and dropped. node:http rather than fetch: fetch decodes every compressed body in
 * this process (about 3 to 4 ms of CPU per brotli definition against 0.3 ms here), CPU a 2-core machine then takes
 * from the server; a browser's decoding is the browser's, the server's work is what is measured.
 */
function send(port: number, agent: http.Agent, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const start = performance.now()
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      res.resume()
      res.once('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start }))
      res.once('error', reject)
    })
    req.once('error', reject)
    req.end(body)
  })
}

/**
 * `concurrency` clients each sending one request after another until stopped, so at most that many are in flight:
 * an unbounded generator would queue requests in this process and time its own backlog. Counts answers by status.
 */
function flood(concurrency: number, request: () => Promise<Answer>) {
  let running = true
  const statuses = new Map<number, number>()
  const clients = Array.from({ length: concurrency }, async () => {
    while (running) {
      const { status } = await request().catch(() => ({ status: 0 }))
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
  })
  return {
    async stop() {
      running = false
      await Promise.all(clients)
      return [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status === 0 ? 'failed' : status}: ${n.toLocaleString('en-US')}`).join(', ')
    },
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A loopback port nothing listens on: the system picks one for a moment's listener, which gives it back. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** Seconds of CPU a process has used (Linux: /proc, in the kernel's 100 ticks a second); NaN elsewhere. */
function cpuSeconds(pid: number): number {
  try {
    // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return NaN
  }
}

/** Runs `sql` on a PostgreSQL server (create or drop the bench's database). */
async function onServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** Asks SIGTERM (the server closes its pool and the embedded database); SIGKILL when it is still up after 10 s. */
async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return
  const exited = new Promise((resolve) => server.once('exit', resolve))
  server.kill('SIGTERM')
  if ((await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)])) === false) {
    server.kill('SIGKILL')
    await exited
  }
}

interface Row {
  scenario: string
  p50: number
  p99: number
  cpu: string
  load: string
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-bench-abuse-'))
// With DATABASE_URL, a database of the bench's own on that server (ana_bench_* names are never a test's or
// seed:large's), created empty so the server loads the demo district into it, and dropped at the end.
const serverUrl = process.env.DATABASE_URL?.trim() || null
const database = serverUrl ? `ana_bench_abuse_${process.pid}` : null
let created = false
let server: ChildProcess | null = null
let serverLog = ''
const staffAgent = new http.Agent({ keepAlive: true, maxSockets: 1 })
const loadAgent = new http.Agent({ keepAlive: true, maxSockets: Math.max(CONCURRENCY, DOWNLOADS) })

let cleaning: Promise<void> | null = null
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    staffAgent.destroy()
    loadAgent.destroy()
    if (server) await stop(server)
    if (serverUrl && created) await onServer(serverUrl, `drop database if exists ${database} with (force)`)
    fs.rmSync(dataDir, { recursive: true, force: true })
  })()
  return cleaning
}
// Ctrl-C: the server stops too (it shares the terminal), but its database and data directory would stay behind.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(code)))

try {
  const started = performance.now()
  let databaseUrl = ''
  if (serverUrl && database) {
    await onServer(serverUrl, `create database ${database}`)
    created = true
    const url = new URL(serverUrl)
    url.pathname = `/${database}`
    databaseUrl = url.toString()
  }

  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: 'true',
      DEMO_PASSWORD: ANALYST.password,
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      PUBLIC_URL: base,
      // No release check (every 60 s by default): a release cut landing in one scenario would be charged to its load.
      RELEASE_CHECK_SECONDS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk: Buffer) => (serverLog = (serverLog + chunk.toString()).slice(-20_000))
  server.stdout!.on('data', keep)
  server.stderr!.on('data', keep)
  const deadline = Date.now() + 150_000
  let health: { database: { mode: string } } | null = null
  while (health === null) {
    if (server.exitCode !== null) throw new Error(`the server stopped (${server.exitCode}):\n${serverLog}`)
    if (Date.now() > deadline) throw new Error(`the server did not answer /api/health within 150 s:\n${serverLog}`)
    health = await fetch(`${base}/api/health`).then((r) => (r.ok ? r.json() : null), () => null)
    if (health === null) await sleep(250)
  }
  const ready = performance.now()

  // The school of the first live code (the one the server announces), read from the database as the runner's
  // poster would give it: no staff route shows an analyst the codes. The embedded database answers on the socket
  // whose address the server writes into its data directory; the simple query protocol, as that socket wants.
  const client = new pg.Client({ connectionString: databaseUrl || fs.readFileSync(path.join(dataDir, 'embedded.url'), 'utf8') })
  await client.connect()
  const [code] = (
    await client
      .query<{ code: string; id: number; grades: string }>(
        'select c.code, s.id, s.grades from access_codes c join schools s on s.id = c.school_id where c.revoked_at is null order by s.id limit 1',
      )
      .finally(() => client.end())
  ).rows
  if (!code) throw new Error('the demo district has no live access code')

  // Signed in as a browser would be: the session cookie for every request, the CSRF token for the one write (sign-out).
  const signIn = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ANALYST) })
  if (signIn.status !== 200) throw new Error(`the analyst's sign-in answered ${signIn.status}`)
  const session = { cookie: signIn.headers.getSetCookie()[0].split(';')[0], csrfToken: ((await signIn.json()) as { csrfToken: string }).csrfToken }

  // What a phone that scanned the poster sees: the family instrument, its definition; answers made from it.
  const access = (await (await fetch(`${base}/api/access/${code.code}`)).json()) as { instruments: { slug: string; version: number; role: string }[] }
  const family = access.instruments.find((i) => i.role === 'family')
  if (!family) throw new Error(`${code.code} offers no family instrument`)
  const definitionPath = `/api/instruments/${family.slug}/versions/${family.version}`
  const index = indexDefinition((await (await fetch(`${base}${definitionPath}`)).json()) as Record<string, unknown>)
  const random = seededRandom(22)
  const bodies = Array.from({ length: 200 }, () => {
    const respondent = demoRespondent(random, 'family', { grades: code.grades })
    const answers = realisticContexts(index, generateAnswers(index, random, () => 0.5, respondent.context), random)
    return { code: code.code, slug: family.slug, version: family.version, locale: respondent.locale, channel: 'web', answers }
  })
  let next = 0
  // A new X-Client-Token each time: the limits key on the code and the address, never on what a client says it is.
  const submit = () => send(port, loadAgent, 'POST', '/api/responses', { 'x-client-token': randomUUID() }, JSON.stringify({ id: randomUUID(), ...bodies[next++ % bodies.length] }))
  const first = await submit()
  if (first.status !== 201) throw new Error(`a valid response answered ${first.status}, not 201`)

  const profilePath = `/api/schools/${code.id}/profile`
  const read = () => send(port, staffAgent, 'GET', profilePath, { cookie: session.cookie, 'accept-encoding': BROWSER_ENCODINGS })
  const probe = await read()
  if (probe.status !== 200) throw new Error(`${profilePath} answered ${probe.status}`)

  /**
   * READS reads, one at a time as one analyst clicks, each starting on a fixed schedule (one every INTERVAL_MS) or,
   * when the previous one is still loading, as soon as it ends: every scenario times the same number of reads, spread
   * over its load, however slow they are. Also the share of one core the server and this process used meanwhile.
   */
  const measure = async () => {
    const cpu = { server: cpuSeconds(server!.pid!), bench: process.cpuUsage() }
    const start = performance.now()
    const answers: Answer[] = []
    for (let i = 0; i < READS; i++) {
      await sleep(start + i * INTERVAL_MS - performance.now())
      answers.push(await read())
    }
    const seconds = (performance.now() - start) / 1000
    const refused = answers.filter((a) => a.status !== 200)
    if (refused.length > 0) throw new Error(`${profilePath} answered ${refused.map((a) => a.status).join(', ')} to staff`)
    const times = answers.map((a) => a.ms).sort((a, b) => a - b)
    const share = (cpuUsed: number) => (Number.isNaN(cpuUsed) ? '—' : `${Math.round((100 * cpuUsed) / seconds)}%`)
    const benchUsed = process.cpuUsage(cpu.bench)
    return {
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      cpu: `${share(cpuSeconds(server!.pid!) - cpu.server)} / ${share((benchUsed.user + benchUsed.system) / 1e6)}`,
    }
  }

  const scenarios: { name: string; concurrency: number; request: () => Promise<Answer> }[] = [
    { name: `intake flood: ${CONCURRENCY} at a time, one code, one address`, concurrency: CONCURRENCY, request: submit },
    {
      name: `definition downloads: ${DOWNLOADS} at a time`,
      concurrency: DOWNLOADS,
      request: () => send(port, loadAgent, 'GET', definitionPath, { 'accept-encoding': BROWSER_ENCODINGS }),
    },
    {
      name: `sign-in burst: ${CONCURRENCY} at a time, wrong password`,
      concurrency: CONCURRENCY,
      request: () => send(port, loadAgent, 'POST', '/api/auth/login', {}, JSON.stringify({ email: 'admin@example.org', password: `guess-${randomUUID()}` })),
    },
  ]

  const databaseMode = serverUrl
    ? `PostgreSQL ${await serverVersion(serverUrl)} server, a fresh database ${database} (dropped at the end)`
    : `embedded (PGlite ${pgliteVersion()}, in the server's process)`
  const rank = READS - Math.floor(0.99 * READS) // percentile()'s nearest rank, counted from the slowest
  const p99Is = rank === 1 ? 'the slowest read' : `the ${rank}${rank === 2 ? 'nd' : rank === 3 ? 'rd' : 'th'} slowest`
  console.log(`bench:abuse — staff school profile reads (GET ${profilePath}, ${READS} a scenario, one every ${INTERVAL_MS} ms; p99 is ${p99Is}) at idle and under load`)
  console.log(`machine: ${machine()}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`)
  console.log(
    `server: its own process (node --import tsx server/main.ts, pid ${server.pid}), database ${databaseMode}; demo district ready in ${((ready - started) / 1000).toFixed(1)} s; this process only sends the load and times the reads\n`,
  )

  for (let i = 0; i < 10; i++) await read() // warm: plans, caches, the JIT
  const rows: Row[] = [{ scenario: 'idle', ...(await measure()), load: '' }]
  for (const scenario of scenarios) {
    const load = flood(scenario.concurrency, scenario.request)
    let timing
    try {
      await sleep(RAMP_MS)
      timing = await measure()
    } finally {
      const answered = await load.stop()
      if (timing) rows.push({ scenario: scenario.name, ...timing, load: answered })
    }
    await sleep(REST_MS)
  }

  const signOut = await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken } })
  if (signOut.status !== 204) throw new Error(`the analyst's sign-out answered ${signOut.status}: the session did not outlive the load`)

  const idle = rows[0].p99
  const ms = (x: number) => `${x.toFixed(1)} ms`
  const header = `${'scenario'.padEnd(52)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'p99/idle'.padStart(9)}  target  ${'CPU server / bench'.padEnd(18)}  load answered`
  console.log(header)
  console.log('-'.repeat(header.length + 30))
  let missed = 0
  for (const row of rows) {
    const ratio = row.p99 / idle
    const ok = row.scenario === 'idle' ? '' : ratio <= 2 ? '≤ 2× ✓' : '≤ 2× ✗'
    if (row.scenario !== 'idle' && ratio > 2) missed += 1
    console.log(`${row.scenario.padEnd(52)} ${ms(row.p50).padStart(9)} ${ms(row.p99).padStart(9)} ${`${ratio.toFixed(1)}×`.padStart(9)}  ${ok.padEnd(6)}  ${row.cpu.padEnd(18)}  ${row.load}`)
  }
  console.log(`\nCPU: the share of one core each process used while the reads ran (the machine has ${os.cpus().length}).`)
  console.log(`load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (other work on the machine slows every read)`)
  if (missed > 0) process.exitCode = 1
} finally {
  await cleanUp()
}
