// npm run bench:abuse — whether anonymous load slows staff. The real app on the demo district (embedded database,
// or DATABASE_URL's server), listening on a loopback port; a district analyst reads a school profile over HTTP,
// one read after another, at idle and then under each kind of abuse anyone with the address (or one poster's
// access code) could send: an intake flood from one code and one address, definition downloads, a wrong-password
// sign-in burst. Each loaded p99 against the target of at most twice the idle p99. Load generator and server
// share this process, as a demo server shares its machine; the load runs only while the reads are timed.
// Options: --reads 100 --concurrency 64 --seconds 15 (the most a scenario's reads may take)
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import os from 'node:os'
import { parseArgs } from 'node:util'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../server/db/embedded'
import { demoRespondent, generateAnswers, realisticContexts } from '../../server/demo/answers'
import { seededRandom } from '../../server/demo/random'
import { getCompiledVersion } from '../../server/instruments/instruments.service'
import { prepareDatabase } from '../../server/startup'
import { machine, percentile } from './machine'

const { values: options } = parseArgs({
  options: {
    reads: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '64' },
    seconds: { type: 'string', default: '15' },
  },
})
const READS = Number(options.reads)
const CONCURRENCY = Number(options.concurrency)
const BUDGET_MS = Number(options.seconds) * 1000
const BROWSER_ENCODINGS = 'gzip, deflate, br'

interface Answer {
  status: number
  ms: number
}

/** One HTTP request, its body read and dropped (a browser would decode it; the server's work is what is measured). */
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

/** `concurrency` clients each sending one request after another until stopped; counts answers by status. */
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

interface Row {
  scenario: string
  p50: number
  p99: number
  reads: number
  load: string
}

let embedded: EmbeddedDatabase | null = null
let app: FastifyInstance | null = null
try {
  const started = performance.now()
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', PORT: '0', HOST: '127.0.0.1', DEMO: 'true', RELEASE_CHECK_SECONDS: '0' })
  if (config.databaseUrl === null) embedded = await startEmbeddedDatabase(null)
  app = await buildApp({ config, databaseUrl: config.databaseUrl ?? embedded!.url, databaseMode: embedded ? 'embedded' : 'server' })
  await app.ready()
  const prepared = await prepareDatabase(app, { demo: true })
  if (!prepared.demo) throw new Error('bench:abuse needs an empty database to load the demo district into; unset DATABASE_URL or point it at an empty one.')
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port

  const staffAgent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const loadAgent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })

  const base = `http://127.0.0.1:${port}`
  const signIn = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'analyst@example.org', password: config.demoPassword }) })
  if (signIn.status !== 200) throw new Error(`the analyst's sign-in answered ${signIn.status}`)
  const cookie = signIn.headers.getSetCookie()[0].split(';')[0]

  // What the runner sees for the first live code: its school and the family instrument offered there.
  const code = await app.db.selectFrom('access_codes as c').innerJoin('schools as s', 's.id', 'c.school_id').select(['c.code', 's.id', 's.grades']).where('c.revoked_at', 'is', null).orderBy('s.id').limit(1).executeTakeFirstOrThrow()
  const access = (await (await fetch(`${base}/api/access/${code.code}`)).json()) as { instruments: { slug: string; version: number; role: string }[] }
  const family = access.instruments.find((i) => i.role === 'family')
  if (!family) throw new Error(`${code.code} offers no family instrument`)
  const version = await app.db.selectFrom('instrument_versions').select('id').where('slug', '=', family.slug).where('version', '=', family.version).executeTakeFirstOrThrow()
  const { index } = await getCompiledVersion(app.db, version.id)
  const random = seededRandom(22)
  const bodies = Array.from({ length: 200 }, () => {
    const respondent = demoRespondent(random, 'family', { grades: code.grades })
    const answers = realisticContexts(index, generateAnswers(index, random, () => 0.5, respondent.context), random)
    return { code: code.code, slug: family.slug, version: family.version, locale: respondent.locale, channel: 'web', answers }
  })
  let next = 0
  const submit = () => send(port, loadAgent, 'POST', '/api/responses', { 'x-client-token': randomUUID() }, JSON.stringify({ id: randomUUID(), ...bodies[next++ % bodies.length] }))
  const first = await submit()
  if (first.status !== 201) throw new Error(`a valid response answered ${first.status}, not 201`)

  const profilePath = `/api/schools/${code.id}/profile`
  const read = () => send(port, staffAgent, 'GET', profilePath, { cookie, 'accept-encoding': BROWSER_ENCODINGS })
  const probe = await read()
  if (probe.status !== 200) throw new Error(`${profilePath} answered ${probe.status}`)

  const measure = async (): Promise<{ p50: number; p99: number; reads: number }> => {
    const times: number[] = []
    const until = performance.now() + BUDGET_MS
    while (times.length < READS && performance.now() < until) {
      const { status, ms } = await read()
      if (status !== 200) throw new Error(`${profilePath} answered ${status} under load`)
      times.push(ms)
    }
    times.sort((a, b) => a - b)
    return { p50: percentile(times, 50), p99: percentile(times, 99), reads: times.length }
  }
  const settle = () => new Promise((r) => setTimeout(r, 500))

  const scenarios: { name: string; request: () => Promise<Answer> }[] = [
    { name: `intake flood: ${CONCURRENCY} at a time, one code, one address`, request: submit },
    {
      name: `definition downloads: ${CONCURRENCY} at a time`,
      request: () => send(port, loadAgent, 'GET', `/api/instruments/${family.slug}/versions/${family.version}`, { 'accept-encoding': BROWSER_ENCODINGS }),
    },
    {
      name: `sign-in burst: ${CONCURRENCY} at a time, wrong password`,
      request: () => send(port, loadAgent, 'POST', '/api/auth/login', {}, JSON.stringify({ email: 'admin@example.org', password: `guess-${randomUUID()}` })),
    },
  ]

  console.log(`bench:abuse — staff school profile reads (GET ${profilePath}, ${READS} one after another, ≤ ${BUDGET_MS / 1000} s a scenario) at idle and under load`)
  console.log(`machine: ${machine()}, database ${embedded ? 'embedded (PGlite, in this process)' : 'server'}; demo district ready in ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`)

  for (let i = 0; i < 10; i++) await read() // warm: plans, caches, the JIT
  const rows: Row[] = [{ scenario: 'idle', ...(await measure()), load: '' }]
  for (const scenario of scenarios) {
    const load = flood(CONCURRENCY, scenario.request)
    await settle()
    const timing = await measure()
    rows.push({ scenario: scenario.name, ...timing, load: await load.stop() })
    await settle()
  }

  const idle = rows[0].p99
  const ms = (x: number) => `${x.toFixed(1)} ms`
  const header = `${'scenario'.padEnd(52)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'p99/idle'.padStart(9)}  target      load answered`
  console.log(header)
  console.log('-'.repeat(header.length + 30))
  let missed = 0
  for (const row of rows) {
    const ratio = row.p99 / idle
    const ok = row.scenario === 'idle' ? '' : ratio <= 2 ? '≤ 2× ✓' : '≤ 2× ✗'
    if (row.scenario !== 'idle' && ratio > 2) missed += 1
    const reads = row.reads < READS ? ` (${row.reads} reads)` : ''
    console.log(`${(row.scenario + reads).padEnd(52)} ${ms(row.p50).padStart(9)} ${ms(row.p99).padStart(9)} ${`${ratio.toFixed(1)}×`.padStart(9)}  ${ok.padEnd(10)}  ${row.load}`)
  }
  console.log(`\nload average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (other work on the machine slows every read)`)
  if (missed > 0) process.exitCode = 1
  staffAgent.destroy()
  loadAgent.destroy()
} finally {
  await app?.close()
  await embedded?.close()
}
