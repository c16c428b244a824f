// npm run bench:profiles — the district comparison and a school profile on the district npm run seed:large made
// (1,000 schools, 1,000,000 responses), through the service functions both ways: from the rollups (what the API
// serves) and from a full scan of the response rows (the reference). Warm, sequential; the fast path's median and
// p95 of 20 runs against the targets, the full scan's of fewer runs (it takes seconds), their ratio, and a check that
// both give the same figures to the last digit. Exits non-zero when they differ.
// Options: --runs 20 --plain-runs 3 --database ana_large
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
import { rollupMismatches } from '../../server/analytics/rollups.repository'
import { isLargeDatabase, largeDatabase } from '../large-database'
import { machine, percentile } from './machine'

const { values: options } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    'plain-runs': { type: 'string', default: '3' },
    database: { type: 'string' },
  },
})
const RUNS = Number(options.runs)
const PLAIN_RUNS = Number(options['plain-runs'])
const K = 10
const HIGH_NEED = 67

const target = largeDatabase(options.database)
if (!(await isLargeDatabase(target))) {
  console.error(`bench:profiles needs the database ${target.name} that npm run seed:large fills; run that first.`)
  process.exit(1)
}
// The app's pool size on a PostgreSQL server: the services run their queries side by side.
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 20 }) }) })
const domains = readDomains(path.resolve(import.meta.dirname, '../../surveys'))

interface Case {
  name: string
  targetMs: number | null
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
  console.log(`warm, sequential; fast path (rollups) ${RUNS} runs, full scan ${PLAIN_RUNS} runs; k = ${K}; load average ${loadAverage()}\n`)

  const profileOptions = (source: FigureSource) => ({ minCellSize: K, highNeedThreshold: HIGH_NEED, domains, source })
  const cases: Case[] = [
    { name: 'district comparison, all voices', targetMs: 300, run: (source) => compareDistrict(db, { administrationId: administration.id }, { minCellSize: K, domains, source }) },
    {
      name: `district comparison, ${filtered.role} + ${filtered.region} + grade band ${filtered.gradeBand}`,
      targetMs: 300,
      run: (source) => compareDistrict(db, { administrationId: administration.id, ...filtered }, { minCellSize: K, domains, source }),
    },
    { name: `school profile, typical school (${typical.n} responses)`, targetMs: 50, run: (source) => schoolProfile(db, typical.school_id, administration.id, profileOptions(source)) },
    { name: `school profile, largest school (${largest.n} responses)`, targetMs: 50, run: (source) => schoolProfile(db, largest.school_id, administration.id, profileOptions(source)) },
  ]

  let differ = 0
  const header = `${'figure'.padEnd(58)} ${'rollups p50'.padStart(11)} ${'p95'.padStart(8)} ${'full scan p50'.padStart(13)} ${'p95'.padStart(9)} ${'ratio'.padStart(6)}  target  same figures`
  console.log(header)
  console.log('-'.repeat(header.length))
  for (const c of cases) {
    const fast = await time(() => c.run('rollups'), RUNS, 3)
    // --plain-runs 0 skips the full scan (a quick look at the fast path): no ratio and no check of the figures.
    const plain = PLAIN_RUNS > 0 ? await time(() => c.run('full-scan'), PLAIN_RUNS, 1) : { timing: { median: NaN, p95: NaN, runs: 0 }, output: fast.output }
    const difference = PLAIN_RUNS > 0 ? firstDifference(fast.output, plain.output) : 'not checked (--plain-runs 0)'
    if (difference && PLAIN_RUNS > 0) differ += 1
    const ms = (x: number) => `${x.toFixed(1)} ms`
    const ok = c.targetMs === null ? '' : fast.timing.median <= c.targetMs ? `≤ ${c.targetMs} ✓` : `> ${c.targetMs} ✗`
    console.log(
      `${c.name.padEnd(58)} ${ms(fast.timing.median).padStart(11)} ${ms(fast.timing.p95).padStart(8)} ${ms(plain.timing.median).padStart(13)} ${ms(plain.timing.p95).padStart(9)} ${`${Math.round(plain.timing.median / fast.timing.median)}×`.padStart(6)}  ${ok.padEnd(6)}  ${difference === null ? 'yes' : PLAIN_RUNS > 0 ? `NO: ${difference}` : difference}`,
    )
  }

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
