// npm run bench:intake — validated submissions through the full path (validate, score, one transaction) against a
// bare route that inserts the same JSON without validation or scoring, same server, same PostgreSQL, same run.
// The server runs in a child process so the load generator does not share its event loop. The routes take turns
// (BENCH_ROUNDS runs of BENCH_SECONDS each), every run starting from a checkpoint.
import { fork } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import path from 'node:path'
import autocannon from 'autocannon'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database } from '../../server/db/schema'
import { FOLD_LOCK, foldReleasedWithin } from '../../server/analytics/rollups.repository'
import { machine } from './machine'

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20)
/** Runs of each route, taking turns. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

if (process.argv[2] === '--serve') await serve()
else await main()

async function serve(): Promise<void> {
  const { buildApp } = await import('../../server/app')
  const { loadConfig } = await import('../../server/config')
  const { prepareDatabase } = await import('../../server/startup')
  const { generateAnswers, realisticContexts } = await import('../../server/demo/answers')
  const { seededRandom } = await import('../../server/demo/random')
  const { getCompiledVersion } = await import('../../server/instruments/instruments.service')
  const { openAdministration } = await import('../../tests/helpers/fixtures')
  const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000', PORT: '0' })
  const app = await buildApp({ config, databaseUrl: process.env.BENCH_DATABASE_URL!, databaseMode: 'server' })
  await app.pg.pool.query('create table if not exists bench_bare (id uuid primary key, body jsonb not null)')
  app.post('/bench/bare', { schema: { hide: true }, config: { access: 'public' } }, async (request, reply) => {
    const body = request.body as { id: string }
    await app.pg.pool.query('insert into bench_bare (id, body) values ($1, $2) on conflict (id) do nothing', [body.id, body])
    return reply.code(201).send({ id: body.id })
  })
  await app.ready()
  await prepareDatabase(app, { demo: false })
  const { codes } = await openAdministration(app.db, { instruments: [{ slug: 'family-ana', version: 1 }] })
  const version = await app.db.selectFrom('instrument_versions').select('id').where('slug', '=', 'family-ana').where('version', '=', 1).executeTakeFirstOrThrow()
  const { index } = await getCompiledVersion(app.db, version.id)
  const random = seededRandom(11)
  // As a family answers: one home language, sometimes two (as npm run seed:large); BENCH_CONTEXTS=generator keeps
  // the generator's five or six, which makes every response fold into about twice as many context breakdowns.
  const answers = Array.from({ length: 500 }, () => {
    const generated = generateAnswers(index, random, (d) => (d.length % 4) / 4)
    return process.env.BENCH_CONTEXTS === 'generator' ? generated : realisticContexts(index, generated, random)
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address() as { port: number }
  process.send!({ port: address.port, code: codes[0].code, answers })
  process.on('message', async () => {
    await app.close()
    process.exit(0)
  })
}

async function main(): Promise<void> {
  const database = `ana_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: SERVER_URL })
  await admin.connect()
  await admin.query(`create database ${database}`)
  const url = new URL(SERVER_URL)
  url.pathname = `/${database}`
  const child = fork(path.resolve(import.meta.dirname, 'intake.ts'), ['--serve'], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DATABASE_URL: url.toString() },
  })
  try {
    const ready = await new Promise<{ port: number; code: string; answers: Record<string, unknown>[] }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as never))
      child.once('exit', (code) => reject(new Error(`the server exited (${code})`)))
    })
    const { rows } = await admin.query(`select current_setting('server_version') as v`)
    console.log(`bench:intake — ${CONNECTIONS} connections × ${SECONDS} s per run, ${ROUNDS} runs per route taking turns, family-ana v1 (${Object.keys(ready.answers[0]).length}+ answers per response)`)
    console.log(`machine: ${machine()}, PostgreSQL ${rows[0].v}\n`)

    let n = 0
    const body = () =>
      JSON.stringify({
        id: randomUUID(),
        code: ready.code,
        slug: 'family-ana',
        version: 1,
        locale: 'es',
        channel: 'kiosk',
        answers: ready.answers[n++ % ready.answers.length],
      })
    const run = async (route: string, seconds = SECONDS) => {
      // Each run starts from a checkpoint, so neither pays more full-page writes to the WAL than the other.
      await admin.query('checkpoint')
      const result = await autocannon({
        url: `http://127.0.0.1:${ready.port}${route}`,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: body() }) }],
      })
      const ok = result['2xx']
      const perSecond = ok / (result.duration || seconds)
      console.log(`${route.padEnd(16)} ${Math.round(perSecond).toLocaleString('en-US').padStart(7)} 2xx/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   non-2xx ${result.non2xx}   errors ${result.errors}`)
      return { ok, seconds: result.duration || seconds, p50: result.latency.p50, p99: result.latency.p99 }
    }
    // Intake leaves each response pending, counted nowhere until a release takes it in; the release cut folds what it
    // takes into the rollups. That fold is part of the full path's cost, so after each run of it everything stored is
    // released and folded, and that time counts too (and is not left to slow the next run of the bare route). The
    // release rule itself is left out: it decides which responses a release takes, not what folding them costs.
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 2 }) }) })
    const catchUp = async () => {
      const start = performance.now()
      const released = await db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${FOLD_LOCK})`.execute(trx)
        const { rows } = await sql<{ n: number }>`
          with cut as (
            insert into releases (administration_id, number, final)
            select administration_id, coalesce((select max(number) from releases x where x.administration_id = r.administration_id), 0) + 1, false
            from (select distinct administration_id from responses where release_id is null) r
            returning id, administration_id
          )
          update responses r set release_id = cut.id from cut where r.administration_id = cut.administration_id and r.release_id is null
          returning 1`.execute(trx)
        await foldReleasedWithin(trx)
        return rows.length
      })
      const seconds = (performance.now() - start) / 1000
      console.log(`release: ${released.toLocaleString('en-US')} responses taken in and folded in ${seconds.toFixed(1)} s`)
      return seconds
    }
    try {
      await run('/bench/bare', Math.min(SECONDS, 10)) // warm-up of the pool and the JIT; not reported
      console.log('(warm-up above)\n')
      // The two routes take turns, so that a change in the machine's speed during the run (it is shared) falls on both.
      const bare: Awaited<ReturnType<typeof run>>[] = []
      const full: (Awaited<ReturnType<typeof run>> & { catchUp: number })[] = []
      for (let round = 0; round < ROUNDS; round++) {
        bare.push(await run('/bench/bare'))
        const result = await run('/api/responses')
        full.push({ ...result, catchUp: await catchUp() })
        console.log()
      }
      const rate = (runs: { ok: number; seconds: number }[], extra = 0) => runs.reduce((a, r) => a + r.ok, 0) / (runs.reduce((a, r) => a + r.seconds, 0) + extra)
      const bareRate = rate(bare)
      const fullRate = rate(full)
      const withFolds = rate(full, full.reduce((a, r) => a + r.catchUp, 0))
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
      const f = (x: number) => Math.round(x).toLocaleString('en-US')
      console.log(`bare route: ${f(bareRate)}/s over ${ROUNDS} runs`)
      console.log(`validated submissions/s: ${f(fullRate)}   ratio to bare route: ${(fullRate / bareRate).toFixed(2)} (target ≥ 0.6)`)
      console.log(`counting the rollups' catch-up: ${f(withFolds)}/s, ratio ${(withFolds / bareRate).toFixed(2)}`)
      console.log(`full path latency: p50 ${median(full.map((r) => r.p50))} ms (median of runs), p99 ${Math.max(...full.map((r) => r.p99))} ms (worst run) (target p99 ≤ 100 ms)`)
      const counts = (await sql<{ responses: number; items: number }>`select count(*)::int as responses, (select count(*)::int from response_items) as items from responses`.execute(db)).rows[0]
      console.log(`stored: ${f(counts.responses)} responses with ${f(counts.items)} item scores`)
    } finally {
      await db.destroy()
    }
  } finally {
    if (child.connected) {
      child.send('stop')
      await new Promise((r) => child.once('exit', r))
    }
    await admin.query(`drop database if exists ${database} with (force)`)
    await admin.end()
  }
}
