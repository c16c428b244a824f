// npm run bench:profiles — the district comparison and a school profile on the district npm run seed:large made
// (1,000 schools, 1,000,000 responses), three ways: as the API serves them (release-views.ts: computed once per
// release and basis, then read), computed from the rollups (what the first read after a cut does), and from a full
// scan of the response rows (the reference). Warm, sequential; the served path's median and p95 of 20 runs against
// the targets, the rollups' and the full scan's of fewer runs, the ratio of the full scan to the served path, and a
// check that the served JSON is the full scan's to the byte (and the rollups' figures the full scan's to the last
// digit). Exits non-zero when they differ. Then the first read of the stored whole-district view in a process that
// has not computed it, and a release cut of the whole district, timed and rolled back (timeCut).
// Options: --runs 20 --plain-runs 3 --rollup-runs 5 --database ana_large
import os from 'node:os'
import { isDeepStrictEqual, parseArgs } from 'node:util'
import path from 'node:path'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type { Database, Role } from '../../server/db/schema'
import { readDomains } from '../../server/instruments/domains'
import type { ComparisonFilters } from '../../server/profiles/comparison.queries'
import { compareDistrict } from '../../server/profiles/comparison.service'
import type { FigureSource } from '../../server/analytics/figure-sources'
import { schoolProfile } from '../../server/profiles/profiles.service'
import { buildReleaseViews, servedComparison, servedProfile } from '../../server/profiles/release-views'
import { cutReleaseWithin } from '../../server/analytics/releases.service'
import { migrateToLatest } from '../../server/db/migrate'
import { rollupMismatches } from '../../server/analytics/rollups.repository'
import { isLargeDatabase, largeDatabase } from '../large-database'
import { machine, percentile } from './machine'

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    'plain-runs': { type: 'string', default: '3' },
    'rollup-runs': { type: 'string', default: '5' },
    database: { type: 'string' },
  },
})
const RUNS = Number(options.runs)
const PLAIN_RUNS = Number(options['plain-runs'])
const ROLLUP_RUNS = Number(options['rollup-runs'])
const K = 10
const HIGH_NEED = 67

const target = largeDatabase(options.database)
if (!(await isLargeDatabase(target))) {
  console.error(`bench:profiles needs the database ${target.name} that npm run seed:large fills; run that first.`)
  process.exit(1)
}
// The app's pool size on a PostgreSQL server: the services run their queries side by side.
const pool = new pg.Pool({ connectionString: target.url, max: 20 })
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
/** A handle of its own on the same pool: a process that has not read anything yet (release-views.ts keeps views per handle). */
const freshHandle = () => new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
const domains = readDomains(path.resolve(import.meta.dirname, '../../surveys'))

interface Case {
  name: string
  targetMs: number | null
  /** As the API serves it: the JSON text. */
  served: () => Promise<string>
  run: (source: FigureSource) => Promise<unknown>
}

interface Timing {
  median: number
  p95: number
  runs: number
}

function loadAverage(): string {
  return os.loadavg().map((x) => x.toFixed(2)).join(' ')
}

async function time(run: () => Promise<unknown>, runs: number, warmUps: number): Promise<{ timing: Timing; output: unknown }> {
  let output: unknown
  for (let i = 0; i < warmUps; i++) output = await run() // warm: plans, caches, the JIT
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    output = await run()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return { timing: { median: percentile(times, 50), p95: percentile(times, 95), runs }, output }
}

/** The first place two outputs differ, as a path, for the report. */
function firstDifference(a: unknown, b: unknown, at = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const found = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`)
    if (found) return found
  }
  return `${at}: differs`
}

/**
 * A release cut of the whole district, timed and rolled back: every school's every role sends k new responses (k
 * copies of one of its released responses, so each batch adds k people to every cell it changes and joins, as a
 * busy day's responses would), and a release takes them in: claim, release rule, fold into the rollups of the
 * 1,000,000 already released, then the release's views. Meanwhile a read (a comparison no process has computed, so
 * it reads the rollups) and an intake insert run beside it: the cut must not block them.
 */
async function timeCut(administrationId: number) {
  const rolledBack = new Error('rolled back')
  const columns = sql.raw(
    'school_id, administration_id, instrument_version_id, role, locale, channel, started_at, submitted_at, answers, payload_hash, item_choices, item_scores, domain_scores, domain_items, domain_masks, context_kinds, context_values',
  )
  const copies = (count: number, source: ReturnType<typeof sql>) => sql<{ n: number }>`
    with src as (${source}),
    ins as (
      insert into responses (id, ${columns}) select gen_random_uuid(), ${columns} from src cross join generate_series(1, ${count})
      returning school_id, id
    ),
    p as (insert into rollup_pending (school_id, response_id) select school_id, id from ins)
    select count(*)::int as n from ins`
  let beside: { readMs: number; insertMs: number; cutEndedFirst: boolean } | null = null
  try {
    await db.transaction().execute(async (trx) => {
      const { rows } = await copies(
        K,
        sql`select distinct on (school_id, role) * from responses where administration_id = ${administrationId} and release_id is not null order by school_id, role, id`,
      ).execute(trx)
      let cutEnded = false
      const start = performance.now()
      const cutting = cutReleaseWithin(trx, administrationId, { minCellSize: K, review: null, cutBy: null }).then((r) => {
        cutEnded = true
        return r
      })
      // While it runs: a read that must compute (a filter no view holds yet) and a response stored by another connection.
      const besideCut = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 300))
        const readStart = performance.now()
        await servedComparison(freshHandle(), { administrationId, role: 'family' as Role, gradeBand: '3-5' }, { minCellSize: K, domains })
        const readMs = performance.now() - readStart
        const insertStart = performance.now()
        const one = sql`select * from responses where administration_id = ${administrationId} and release_id is not null limit 1`
        const { rows: stored } = await sql<{ id: string }>`with src as (${one}) insert into responses (id, ${columns}) select gen_random_uuid(), ${columns} from src returning id`.execute(db)
        const insertMs = performance.now() - insertStart
        await db.deleteFrom('responses').where('id', '=', stored[0].id).execute()
        return { readMs, insertMs, cutEndedFirst: cutEnded }
      })()
      const cut = await cutting
      const cutMs = performance.now() - start
      const viewsStart = performance.now()
      const views = await buildReleaseViews(trx, { minCellSize: K, domains, only: administrationId })
      const viewsMs = performance.now() - viewsStart
      beside = await besideCut
      console.log(
        `\nrelease cut, whole district: ${rows[0].n.toLocaleString('en')} new responses from ${cut.schoolsTakenIn.toLocaleString('en')} schools (${cut.released.toLocaleString('en')} taken in, ${cut.schoolsWaiting} schools waiting) into the rollups of the released ${Number(
          (await trx.selectFrom('responses').select((eb) => eb.fn.countAll<string>().as('n')).where('administration_id', '=', administrationId).where('release_id', 'is not', null).executeTakeFirstOrThrow()).n,
        ).toLocaleString('en')}:`,
      )
      console.log(`  claim, release rule and fold ${(cutMs / 1000).toFixed(1)} s, then its ${views} views ${(viewsMs / 1000).toFixed(1)} s: ${((cutMs + viewsMs) / 1000).toFixed(1)} s in all (target ≤ 60 s ${cutMs + viewsMs <= 60_000 ? '✓' : '✗'}); rolled back`)
      throw rolledBack
    })
  } catch (error) {
    if (error !== rolledBack) throw error
  }
  const b = beside as { readMs: number; insertMs: number; cutEndedFirst: boolean } | null
  if (b) {
    console.log(
      `  beside the cut: a comparison read from the rollups took ${b.readMs.toFixed(0)} ms and a response insert ${b.insertMs.toFixed(1)} ms${b.cutEndedFirst ? ' (the cut had ended before they did)' : ', both before the cut ended: it blocks neither'}`,
    )
  }
}

try {
  const administration = await db.selectFrom('administrations').select(['id', 'name']).orderBy('opens_at', 'desc').limit(1).executeTakeFirstOrThrow()
  const { rows: facts } = await sql<{ version: string; size: string; responses: string; schools: string }>`
    select current_setting('server_version') as version, pg_size_pretty(pg_database_size(current_database())) as size,
           (select count(*) from responses where administration_id = ${administration.id}) as responses, (select count(*) from schools) as schools`.execute(db)
  // A typical school (the median response count in this administration) and the largest.
  const bySize = await db
    .selectFrom('responses')
    .select(['school_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('administration_id', '=', administration.id)
    .groupBy('school_id')
    .orderBy('n')
    .orderBy('school_id')
    .execute()
  const typical = bySize[Math.floor(bySize.length / 2)]
  const largest = bySize[bySize.length - 1]
  const region = (await db.selectFrom('schools').select('region').where('id', '=', typical.school_id).executeTakeFirstOrThrow()).region
  const filtered: Omit<ComparisonFilters, 'administrationId'> = { role: 'student' as Role, region, gradeBand: '6-8' }

  console.log(`bench:profiles — ${Number(facts[0].schools).toLocaleString('en')} schools, ${Number(facts[0].responses).toLocaleString('en')} responses in "${administration.name}" (${facts[0].size} database ${target.name})`)
  console.log(`machine: ${machine()}, PostgreSQL ${facts[0].version}`)
  console.log(`warm, sequential; served path ${RUNS} runs, rollups ${ROLLUP_RUNS} runs, full scan ${PLAIN_RUNS} runs; k = ${K}; load average ${loadAverage()}\n`)

  const profileOptions = (source: FigureSource) => ({ minCellSize: K, highNeedThreshold: HIGH_NEED, domains, source })
  const served = { minCellSize: K, highNeedThreshold: HIGH_NEED, domains }
  const all = { administrationId: administration.id }
  const some = { administrationId: administration.id, ...filtered }
  const cases: Case[] = [
    {
      name: 'district comparison, all voices',
      targetMs: 50,
      served: async () => (await servedComparison(db, all, served)).text(),
      run: (source) => compareDistrict(db, all, { minCellSize: K, domains, source }),
    },
    {
      name: `district comparison, ${filtered.role} + ${filtered.region} + grade band ${filtered.gradeBand}`,
      targetMs: 50,
      served: async () => (await servedComparison(db, some, served)).text(),
      run: (source) => compareDistrict(db, some, { minCellSize: K, domains, source }),
    },
    ...[
      { label: 'typical', school: typical },
      { label: 'largest', school: largest },
    ].map(({ label, school }) => ({
      name: `school profile, ${label} school (${school.n} responses)`,
      targetMs: 20,
      served: async () => (await servedProfile(db, school.school_id, administration.id, served)).text(),
      run: (source: FigureSource) => schoolProfile(db, school.school_id, administration.id, profileOptions(source)),
    })),
  ]

  await migrateToLatest(db)
  const viewsStart = performance.now()
  const built = await buildReleaseViews(db, { minCellSize: K, domains })
  console.log(`release views (whole district: all voices and each role) built for the current releases: ${built} in ${((performance.now() - viewsStart) / 1000).toFixed(1)} s\n`)

  let differ = 0
  console.log('served: as the API serves it, computed once per release (release-views.ts) and then read; rollups: computed from the rollups')
  console.log('(the first read after a cut); full scan: the reference from the response rows. Same figures: served vs full scan.\n')
  const header = `${'figure'.padEnd(58)} ${'served p50'.padStart(10)} ${'p95'.padStart(8)} ${'rollups p50'.padStart(11)} ${'full scan p50'.padStart(13)} ${'p95'.padStart(9)} ${'ratio'.padStart(6)}  target  same figures`
  console.log(header)
  console.log('-'.repeat(header.length))
  for (const c of cases) {
    const computed = await time(() => c.run('rollups'), ROLLUP_RUNS, 1)
    const fast = await time(c.served, RUNS, 3)
    // --plain-runs 0 skips the full scan (a quick look at the fast path): no ratio and no check of the figures.
    const plain = PLAIN_RUNS > 0 ? await time(() => c.run('full-scan'), PLAIN_RUNS, 1) : { timing: { median: NaN, p95: NaN, runs: 0 }, output: fast.output }
    // The served JSON must be the full scan's to the byte, and the rollups' figures the full scan's to the last digit.
    const servedDifference = fast.output === JSON.stringify(plain.output) ? null : (firstDifference(JSON.parse(fast.output as string), plain.output) ?? 'the JSON differs')
    const difference = PLAIN_RUNS > 0 ? (servedDifference ?? firstDifference(computed.output, plain.output)) : 'not checked (--plain-runs 0)'
    if (difference && PLAIN_RUNS > 0) differ += 1
    const ms = (x: number) => `${x.toFixed(1)} ms`
    const ok = c.targetMs === null ? '' : fast.timing.median <= c.targetMs ? `≤ ${c.targetMs} ✓` : `> ${c.targetMs} ✗`
    console.log(
      `${c.name.padEnd(58)} ${ms(fast.timing.median).padStart(10)} ${ms(fast.timing.p95).padStart(8)} ${ms(computed.timing.median).padStart(11)} ${ms(plain.timing.median).padStart(13)} ${ms(plain.timing.p95).padStart(9)} ${`${Math.round(plain.timing.median / fast.timing.median)}×`.padStart(6)}  ${ok.padEnd(6)}  ${difference === null ? 'yes' : PLAIN_RUNS > 0 ? `NO: ${difference}` : difference}`,
    )
  }

  // Another server process's first read of the whole-district view: from release_views, which the job built once.
  const stored = await time(async () => (await servedComparison(freshHandle(), all, served)).text(), RUNS, 1)
  console.log(`\nwhole-district comparison, first read in a process that has not computed it (the JSON stored in release_views, as the route sends it): p50 ${stored.timing.median.toFixed(1)} ms, p95 ${stored.timing.p95.toFixed(1)} ms`)

  await timeCut(administration.id)

  console.log(`\nload average at the end ${loadAverage()} (other work on the machine slows every figure)`)
  const mismatches = await rollupMismatches(db, [typical.school_id, largest.school_id])
  const exact = Object.values(mismatches).every((n) => n === 0)
  console.log(`rollups of the two profiled schools against a fresh aggregate of their rows: ${exact ? 'equal' : `DIFFER ${JSON.stringify(mismatches)}`}`)
  if (differ > 0 || !exact) {
    console.error(`${differ} figure(s) differ between the rollups and the full scan`)
    process.exitCode = 1
  }
} finally {
  await db.destroy()
}
