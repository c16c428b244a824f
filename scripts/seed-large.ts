// npm run seed:large — a district of 1,000 schools and 1,000,000 responses of the real instruments in the current
// administration (plus a smaller previous one, so profiles show change), deterministic by --seed, for
// npm run bench:profiles. Options: --seed 2026 --schools 1000 --responses 1000000 --previous-responses 100000
// --templates 4000 --database ana_large (on the server of DATABASE_URL, default the local one).
//
// A response's item scores, domain scores and context answers are arrays on its own responses row, slot p of each
// array being position p of its version's layout (instrument_version_items, instrument_version_domains); the views
// response_items, response_domain_scores and response_contexts unnest them (migrations/…_response-scores-in-one-row.ts).
//
// How: a pool of template respondents per instrument is generated with the demo district's answer generator,
// checked with the compiled validator, scored with the real scoring code (server/instruments/scoring.ts) and encoded
// into those arrays on the version's layout (getScoreLayout and encodeScores, as intake stores a response).
// PostgreSQL then writes every response by INSERT ... SELECT, picking for each one a template by a seeded hash
// (hashint8extended) near its school's need level and hotspot profile, and copies that template's answers and score
// arrays into the response's row. Each stored domain score is therefore the scoring model applied to the stored item
// scores, and every row is the same on every run with the same seed. The rollups are summed from the templates'
// rows times the plan's counts; the final checks compare them with a fresh aggregate of the views, and re-score a
// sample of the stored responses.
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import path from 'node:path'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { generateCode } from '../server/administrations/access-codes'
import { generateAnswers, realisticContexts } from '../server/demo/answers'
import { seededRandom } from '../server/demo/random'
import type { Database, Role } from '../server/db/schema'
import { migrateToLatest } from '../server/db/migrate'
import { readDomains } from '../server/instruments/domains'
import { latestPublishedVersions } from '../server/instruments/instruments.repository'
import { getCompiledVersion, getScoreLayout, syncSurveyLibrary, type CompiledVersion } from '../server/instruments/instruments.service'
import { encodeScores, type EncodedScores, type ScoreLayout } from '../server/instruments/layout'
import { readCheckedLibrary } from '../server/instruments/library'
import { scoreResponse } from '../server/instruments/scoring'
import { arrayLiteral } from '../server/intake/intake.repository'
import { rollupMismatches } from '../server/analytics/rollups.repository'
import { largeDatabase, recreateLargeDatabase } from './large-database'

const { values: options } = parseArgs({
  options: {
    seed: { type: 'string', default: '2026' },
    schools: { type: 'string', default: '1000' },
    responses: { type: 'string', default: '1000000' },
    'previous-responses': { type: 'string' },
    templates: { type: 'string', default: '4000' },
    database: { type: 'string' },
  },
})
const SEED = Number(options.seed)
const SCHOOLS = Number(options.schools)
const RESPONSES = Number(options.responses)
const PREVIOUS_RESPONSES = Number(options['previous-responses'] ?? Math.round(RESPONSES / 10))
const TEMPLATES = Number(options.templates)
/** Hotspot profiles: templates and schools share one; a school's respondents lean towards its hotspot domains. */
const PROFILES = 8
const CHUNK = 50_000
const SURVEYS_DIR = path.resolve(import.meta.dirname, '../surveys')
/** The responses and the layouts their arrays follow (response_items and the others are views of them). */
const RESPONSE_TABLES = ['responses', 'instrument_version_items', 'instrument_version_domains'] as const
const ROLLUP_TABLES = ['domain_rollups', 'domain_score_histogram', 'domain_item_sets', 'item_choice_rollups'] as const

for (const [name, value] of Object.entries({ seed: SEED, schools: SCHOOLS, responses: RESPONSES, 'previous-responses': PREVIOUS_RESPONSES, templates: TEMPLATES })) {
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number (got ${value})`)
}
if (TEMPLATES % PROFILES !== 0 || TEMPLATES === 0) throw new Error(`--templates must be a positive multiple of ${PROFILES}`)

const started = performance.now()
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`
const log = (message: string) => console.log(`[${elapsed().padStart(8)}] ${message}`)

/** About 4 GB for 1,100,000 responses (data, indexes and rollups; measured 4.0 GB), and as much again in WAL while loading. */
async function checkDisk() {
  const { rows } = await sql<{ dir: string }>`select current_setting('data_directory') as dir`.execute(db)
  const needed = ((RESPONSES + PREVIOUS_RESPONSES) / 1_100_000) * 8 * 2 ** 30
  try {
    const stats = fs.statfsSync(rows[0].dir)
    const free = stats.bavail * stats.bsize
    log(`${(free / 2 ** 30).toFixed(0)} GB free where PostgreSQL keeps its data; this seed needs about ${Math.ceil(needed / 2 ** 30)} GB`)
    if (free < needed) throw new Error(`Not enough disk for ${target.name}: ${(free / 2 ** 30).toFixed(0)} GB free, about ${Math.ceil(needed / 2 ** 30)} GB needed; pass a smaller --responses.`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EACCES' && (error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    log('the PostgreSQL data directory is not readable from here (another machine?): disk space not checked')
  }
}

/** Template respondents: real answers from the demo generator, validated, scored and encoded by the real code. */
async function createTemplates(versions: CompiledVersion[], layouts: Map<number, ScoreLayout>, domains: string[]) {
  await sql`
    create unlogged table seed_large.templates (
      version_id int, t int, answers jsonb, item_choices text[], item_scores float8[], domain_scores float8[], domain_items smallint[],
      domain_masks bigint[], context_kinds text[], context_values text[], primary key (version_id, t))`.execute(db)
  const random = seededRandom(SEED)
  const hotspots = Array.from({ length: PROFILES }, () => new Set(Array.from({ length: 3 }, () => domains[Math.floor(random() * domains.length)])))
  const perProfile = TEMPLATES / PROFILES
  for (const version of versions) {
    const batch: { t: number; answers: Record<string, unknown> }[] = []
    for (let t = 0; t < TEMPLATES; t++) {
      // Template t: hotspot profile t mod PROFILES, need level rising with t div PROFILES.
      const level = (Math.floor(t / PROFILES) + 0.5) / perProfile
      const leans = new Map<string, number>()
      const lean = (domain: string) => {
        if (!leans.has(domain)) {
          const hot = hotspots[t % PROFILES].has(domain) ? 0.2 : 0
          leans.set(domain, Math.min(0.98, Math.max(0.02, 0.1 + 0.7 * level + hot + 0.16 * (random() - 0.5))))
        }
        return leans.get(domain)!
      }
      const answers = realisticContexts(version.index, generateAnswers(version.index, random, lean), random)
      const problems = version.validate(answers)
      if (problems.length > 0) throw new Error(`A generated ${version.row.slug} response does not validate: ${JSON.stringify(problems[0])}`)
      batch.push({ t, answers })
      if (batch.length === 500 || t === TEMPLATES - 1) {
        await insertTemplates(version, layouts.get(version.row.id)!, batch)
        batch.length = 0
      }
    }
  }
  await sql`analyze seed_large.templates`.execute(db)
  log(`${TEMPLATES} template respondents per instrument, validated, scored and encoded`)
}

/** Each template's arrays travel as array literals (one per template and array), as intake sends a response's. */
async function insertTemplates(version: CompiledVersion, layout: ScoreLayout, batch: { t: number; answers: Record<string, unknown> }[]) {
  const encoded = batch.map((b) => encodeScores(layout, scoreResponse(version.index, b.answers)))
  const literals = (array: keyof EncodedScores) => encoded.map((e) => arrayLiteral(e[array]))
  await sql`
    insert into seed_large.templates
    select ${version.row.id}, u.t, u.answers, u.item_choices::text[], u.item_scores::float8[], u.domain_scores::float8[], u.domain_items::smallint[],
           u.domain_masks::bigint[], u.context_kinds::text[], u.context_values::text[]
    from unnest(${batch.map((b) => b.t)}::int[], ${batch.map((b) => JSON.stringify(b.answers))}::jsonb[], ${literals('item_choices')}::text[],
      ${literals('item_scores')}::text[], ${literals('domain_scores')}::text[], ${literals('domain_items')}::text[], ${literals('domain_masks')}::text[],
      ${literals('context_kinds')}::text[], ${literals('context_values')}::text[])
      as u(t, answers, item_choices, item_scores, domain_scores, domain_items, domain_masks, context_kinds, context_values)`.execute(db)
}

interface SeedSchool {
  id: number
  elementary: boolean
  /** Relative size of the school's response count. */
  weight: number
  /** 0 (little need) to 1 (high need), and the hotspot profile its respondents lean towards. */
  level: number
  profile: number
  shares: Record<Role, number>
}

const REGIONS = ['North', 'Northeast', 'East', 'Southeast', 'South', 'Harbor', 'West', 'Central']
const NAMES = ['Alder', 'Birch', 'Cedar', 'Cypress', 'Elm', 'Fig', 'Hawthorn', 'Juniper', 'Laurel', 'Magnolia', 'Maple', 'Oak', 'Olive', 'Palm', 'Pine', 'Redwood', 'Sequoia', 'Sycamore', 'Walnut', 'Willow']
const STREETS = ['Street', 'Avenue', 'Park', 'Heights', 'Valley']
const KINDS = [
  { grades: 'TK-5', label: 'Elementary', share: 0.5, students: [300, 700] },
  { grades: '6-8', label: 'Middle', share: 0.2, students: [500, 1100] },
  { grades: '9-12', label: 'High', share: 0.2, students: [900, 2200] },
  { grades: '6-12', label: 'Academy', share: 0.1, students: [600, 1500] },
]

async function createSchools(): Promise<SeedSchool[]> {
  const random = seededRandom(SEED + 1)
  const rows = Array.from({ length: SCHOOLS }, (_, i) => {
    let r = random()
    const kind = KINDS.find((k) => (r -= k.share) < 0) ?? KINDS[0]
    const students = Math.round(kind.students[0] + random() * (kind.students[1] - kind.students[0]))
    const name = `${NAMES[i % NAMES.length]} ${STREETS[Math.floor(i / NAMES.length) % STREETS.length]} ${kind.label}`
    return {
      code: `L-${String(i + 1).padStart(4, '0')}`,
      name: i < NAMES.length * STREETS.length ? name : `${name} ${Math.floor(i / (NAMES.length * STREETS.length)) + 1}`,
      region: REGIONS[Math.floor(random() * REGIONS.length)],
      cohort: random() < 0.1 ? null : `Cohort ${1 + Math.floor(random() * 4)}`,
      grades: kind.grades,
      enrollment_students: students,
      enrollment_families: Math.round(students * 0.8),
      enrollment_staff: Math.round(students / 14),
    }
  })
  const inserted = await db.insertInto('schools').values(rows).returning('id').execute()
  return inserted.map((s, i) => {
    // Most schools reach a good share of their community; a few barely started, so some cells fall under k.
    const participation = random() < 0.04 ? 0.02 + 0.03 * random() : 0.3 + 0.7 * random()
    const student = 0.45 + 0.2 * random()
    const family = 0.25 + 0.15 * random()
    return {
      id: s.id,
      elementary: rows[i].grades === 'TK-5',
      weight: rows[i].enrollment_students * participation,
      level: random(),
      profile: Math.floor(random() * PROFILES),
      shares: { student, family, staff: 1 - student - family },
    }
  })
}

interface SeedAdministration {
  id: number
  responses: number
  /** How far each school's need level moved since the previous administration. */
  drift: number
}

async function createAdministrations(schools: SeedSchool[], versions: CompiledVersion[]): Promise<SeedAdministration[]> {
  const random = seededRandom(SEED + 2)
  const day = 86_400_000
  const now = Date.now()
  const plans = [
    { name: 'Previous Needs and Assets Assessment', opens: new Date(now - 400 * day), closes: new Date(now - 310 * day), responses: PREVIOUS_RESPONSES, drift: 0.12 },
    { name: 'Current Needs and Assets Assessment', opens: new Date(now - 30 * day), closes: new Date(now + 60 * day), responses: RESPONSES, drift: 0 },
  ].filter((p) => p.responses > 0)
  const codes = new Set<string>()
  const result: SeedAdministration[] = []
  for (const plan of plans) {
    const administration = await db
      .insertInto('administrations')
      .values({ name: plan.name, opens_at: plan.opens, closes_at: plan.closes, mode: 'both', closed_at: plan.closes < new Date(now) ? plan.closes : null })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('administration_instruments')
      .values(versions.map((v) => ({ administration_id: administration.id, instrument_version_id: v.row.id, role: v.index.meta.role })))
      .execute()
    const rows = schools.map((s) => {
      let code = generateCode(random)
      while (codes.has(code)) code = generateCode(random)
      codes.add(code)
      return { code, administration_id: administration.id, school_id: s.id }
    })
    await db.insertInto('access_codes').values(rows).execute()
    // Staff read releases: the district's responses are all in its administration's first release, as if the
    // window had been released at once (a closed one's is final).
    await db.insertInto('releases').values({ administration_id: administration.id, number: 1, final: plan.closes < new Date(now), cut_by: null }).execute()
    result.push({ id: administration.id, responses: plan.responses, drift: plan.drift })
  }
  log(`${schools.length} schools, ${result.length} administrations, ${codes.size} access codes`)
  return result
}

/** Exact counts per school and role (largest remainder), so the totals are exactly what was asked. */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (total * w) / sum)
  const counts = exact.map(Math.floor)
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  const missing = total - counts.reduce((a, b) => a + b, 0)
  for (let i = 0; i < missing; i++) counts[order[i][1]] += 1
  return counts
}

/**
 * The plan: one row per response with its id, school, role, instrument version, template, and its place in the
 * load order (g), which interleaves schools as submissions over a survey window do.
 */
async function planResponses(schools: SeedSchool[], administrations: SeedAdministration[], versions: CompiledVersion[]) {
  const versionOf = (role: Role, elementary: boolean) =>
    versions.find((v) => v.index.meta.role === role && (role !== 'student' || v.row.slug.includes('elementary') === elementary))!.row.id
  await sql`
    create unlogged table seed_large.slots (administration_id int, school_id int, students int, families int, staff int,
      level float8, profile int, student_version int, family_version int, staff_version int);
    create unlogged table seed_large.plan (g int, id uuid, administration_id int, school_id int, role text, version_id int, t int)`.execute(db)
  let offset = 0
  for (const [a, administration] of administrations.entries()) {
    const random = seededRandom(SEED + 10 + a)
    const counts = apportion(administration.responses, schools.map((s) => s.weight))
    const slots = schools.map((s, i) => {
      const [students, families, staff] = apportion(counts[i], [s.shares.student, s.shares.family, s.shares.staff])
      const level = Math.min(1, Math.max(0, s.level + administration.drift * (random() - 0.5)))
      return { s, students, families, staff, level }
    })
    await sql`
      insert into seed_large.slots
      select ${administration.id}, u.*, ${versionOf('family', false)}, ${versionOf('staff', false)}
      from unnest(${slots.map((x) => x.s.id)}::int[], ${slots.map((x) => x.students)}::int[], ${slots.map((x) => x.families)}::int[],
        ${slots.map((x) => x.staff)}::int[], ${slots.map((x) => x.level)}::float8[], ${slots.map((x) => x.s.profile)}::int[],
        ${slots.map((x) => versionOf('student', x.s.elementary))}::int[]) as u`.execute(db)
    // u: a uniform number from a seeded hash of (school, k); a respondent's template sits near the school's level.
    const u = (purpose: number) => sql`((hashint8extended(s.school_id::bigint * 10000000 + k, ${SEED * 64 + a * 8 + purpose}) & 1099511627775)::float8 / 1099511627776)`
    await sql`
      insert into seed_large.plan
      select ${offset} - 1 + row_number() over (order by ${u(0)}, s.school_id, k),
             md5(${`${SEED}/${administration.id}/`} || s.school_id || '/' || k)::uuid,
             s.administration_id, s.school_id,
             case when k < s.students then 'student' when k < s.students + s.families then 'family' else 'staff' end,
             case when k < s.students then s.student_version when k < s.students + s.families then s.family_version else s.staff_version end,
             s.profile + ${PROFILES} * floor(${TEMPLATES / PROFILES} * least(0.999999, greatest(0, s.level + 0.2 * (${u(1)} - 0.5))))::int
      from seed_large.slots s, generate_series(0, s.students + s.families + s.staff - 1) as k
      where s.administration_id = ${administration.id}`.execute(db)
    offset += administration.responses
  }
  await sql`create index on seed_large.plan (g); analyze seed_large.plan`.execute(db)
  log(`planned ${offset.toLocaleString('en')} responses`)
}

/**
 * The rollups, from the plan's count of responses per school, role and template: a template's domain score x copied
 * c times adds c, c·x and c·x² (exact in numeric, the same sums intake would have added one response at a time).
 * The templates' arrays are read as rows first, through their version's layout as the views read a response's.
 */
async function rollupTasks() {
  await sql`
    create unlogged table seed_large.counts as
    select administration_id, school_id, role, version_id, t, count(*) as c from seed_large.plan group by 1, 2, 3, 4, 5;
    create unlogged table seed_large.template_items as
    select t.version_id, t.t, s.item_id, s.domain, s.measures, u.choice, u.score
    from seed_large.templates t
    cross join lateral unnest(t.item_choices, t.item_scores) with ordinality as u(choice, score, position)
    join instrument_version_items s on s.instrument_version_id = t.version_id and s.position = u.position
    where u.choice is not null;
    create unlogged table seed_large.template_domains as
    select t.version_id, t.t, s.domain, s.measures, u.score, u.items::int as items
    from seed_large.templates t
    cross join lateral unnest(t.domain_scores, t.domain_items) with ordinality as u(score, items, position)
    join instrument_version_domains s on s.instrument_version_id = t.version_id and s.position = u.position
    where u.score is not null;
    -- A respondent's category of each context kind, counted once, as the folds count it (context_categories).
    create unlogged table seed_large.template_contexts as
    select t.version_id, t.t, u.kind, u.value from seed_large.templates t cross join lateral context_categories(t.context_kinds, t.context_values) as u;
    create index on seed_large.template_items (version_id, t);
    create index on seed_large.template_domains (version_id, t);
    create index on seed_large.template_contexts (version_id, t);
    analyze seed_large.template_items; analyze seed_large.template_domains; analyze seed_large.template_contexts;
    create unlogged table seed_large.template_item_sets as
    select version_id, t, domain, measures, string_agg(item_id, ' ' order by item_id) as items
    from seed_large.template_items where measures in ('need', 'asset') and score is not null group by 1, 2, 3, 4`.execute(db)
  // The largest, by context answer, in two halves of the schools so that both connections share it.
  const byContext = (half: number) => sql`
      insert into domain_rollups (administration_id, context_kind, context_value, school_id, role, domain, measures, n, score_sum, score_squares)
      select k.administration_id, x.kind, x.value, k.school_id, k.role, d.domain, d.measures,
             sum(k.c), sum(k.c * d.score::numeric), sum(k.c * (d.score::numeric * d.score::numeric))
      from seed_large.counts k
      join seed_large.template_domains d on d.version_id = k.version_id and d.t = k.t
      join seed_large.template_contexts x on x.version_id = k.version_id and x.t = k.t
      where k.school_id % 2 = ${half}
      group by k.administration_id, x.kind, x.value, k.school_id, k.role, d.domain, d.measures`
  const statements = [
    byContext(0),
    byContext(1),
    sql`
      insert into item_choice_rollups (school_id, administration_id, item_id, domain, measures, role, choice, n, scored, score_sum, score_squares)
      select k.school_id, k.administration_id, i.item_id, i.domain, i.measures, k.role, i.choice,
             sum(k.c), coalesce(sum(k.c) filter (where i.score is not null), 0),
             coalesce(sum(k.c * i.score::numeric), 0), coalesce(sum(k.c * (i.score::numeric * i.score::numeric)), 0)
      from seed_large.counts k join seed_large.template_items i on i.version_id = k.version_id and i.t = k.t
      group by k.school_id, k.administration_id, i.item_id, i.domain, i.measures, k.role, i.choice`,
    sql`
      insert into domain_rollups (administration_id, context_kind, context_value, school_id, role, domain, measures, n, score_sum, score_squares)
      select k.administration_id, '', '', k.school_id, k.role, d.domain, d.measures,
             sum(k.c), sum(k.c * d.score::numeric), sum(k.c * (d.score::numeric * d.score::numeric))
      from seed_large.counts k join seed_large.template_domains d on d.version_id = k.version_id and d.t = k.t
      group by k.administration_id, k.school_id, k.role, d.domain, d.measures`,
    sql`
      insert into domain_score_histogram (school_id, administration_id, role, domain, measures, score_floor, n)
      select k.school_id, k.administration_id, k.role, d.domain, d.measures, floor(d.score)::smallint, sum(k.c)
      from seed_large.counts k join seed_large.template_domains d on d.version_id = k.version_id and d.t = k.t
      group by k.school_id, k.administration_id, k.role, d.domain, d.measures, floor(d.score)::smallint`,
    sql`
      insert into domain_item_sets (school_id, administration_id, role, domain, measures, items, n)
      select k.school_id, k.administration_id, k.role, s.domain, s.measures, s.items, sum(k.c)
      from seed_large.counts k join seed_large.template_item_sets s on s.version_id = k.version_id and s.t = k.t
      group by k.school_id, k.administration_id, k.role, s.domain, s.measures, s.items`,
  ]
  return statements.map((statement, i) => async () => {
    const t = performance.now()
    await statement.execute(db)
    log(`rollups ${i + 1} of ${statements.length} written (${((performance.now() - t) / 1000).toFixed(1)} s)`)
  })
}

/** Runs the tasks on both connections, each taking the next one: both cores busy. */
async function inParallel(tasks: (() => Promise<unknown>)[]) {
  const queue = [...tasks]
  const worker = async () => {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) await task()
  }
  await Promise.all([worker(), worker()])
}

/** Compares the rollups of a sample of schools with a fresh aggregate of their stored rows. */
async function verifyRollups() {
  const sample = await db.selectFrom('schools').select('id').orderBy(sql`hashint4extended(id, ${SEED})`).limit(20).execute()
  const mismatches = await rollupMismatches(db, sample.map((s) => s.id))
  if (Object.values(mismatches).some((n) => n !== 0)) throw new Error(`Rollups differ from the stored rows: ${JSON.stringify(mismatches)}`)
  log(`rollups of ${sample.length} sampled schools equal a fresh aggregate of their stored rows`)
}

/** The plan in chunks of 50,000 responses, on both connections. */
async function loadResponses() {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from seed_large.plan`.execute(db)
  const total = rows[0].n
  const chunks = Array.from({ length: Math.ceil(total / CHUNK) }, (_, i) => i * CHUNK)
  let done = 0
  const locales = weighted({ es: 45, en: 35, ko: 4, 'zh-Hant': 3, vi: 3, hy: 3, tl: 2, ru: 2, fa: 1.5, ar: 1.5 })
  const load = async (lo: number) => {
    const hi = lo + CHUNK
    // A response and its scores are one row: one statement writes a chunk, all or nothing.
    await sql`
      insert into responses (id, school_id, administration_id, instrument_version_id, role, locale, channel, started_at, submitted_at, received_at, answers, payload_hash,
                             item_choices, item_scores, domain_scores, domain_items, domain_masks, context_kinds, context_values, release_id)
      select p.id, p.school_id, p.administration_id, p.version_id, p.role,
             (${locales}::text[])[1 + (hashint8extended(p.g, ${SEED}) & 1023) % 200],
             case when hashint8extended(p.g, ${SEED + 1}) & 1023 < 410 then 'kiosk' else 'phone' end,
             w.start, w.start + w.minutes, w.start + w.minutes + interval '2 seconds',
             t.answers, encode(sha256(convert_to(p.id::text || t.t, 'UTF8')), 'hex'),
             t.item_choices, t.item_scores, t.domain_scores, t.domain_items, t.domain_masks, t.context_kinds, t.context_values, x.id
      from seed_large.plan p
      join seed_large.templates t on t.version_id = p.version_id and t.t = p.t
      join administrations a on a.id = p.administration_id
      join releases x on x.administration_id = a.id
      cross join lateral (
        select a.opens_at + least(a.closes_at - a.opens_at, interval '60 days') * ((hashint8extended(p.g, ${SEED + 2}) & 1048575)::float8 / 1048576) as start,
               interval '1 minute' * (6 + (hashint8extended(p.g, ${SEED + 3}) & 15)) as minutes
      ) w
      where p.g >= ${lo} and p.g < ${hi}`.execute(db)
    done += Math.min(CHUNK, total - lo)
    log(`responses ${done.toLocaleString('en')} / ${total.toLocaleString('en')} (${Math.round((100 * done) / total)}%)`)
  }
  await inParallel(chunks.map((lo) => () => load(lo)))
}

/** A 200-slot list where each value appears in proportion to its weight. */
function weighted(weights: Record<string, number>): string[] {
  const total = Object.values(weights).reduce((a, b) => a + b, 0)
  return Object.entries(weights).flatMap(([value, w]) => Array.from({ length: Math.round((200 * w) / total) }, () => value)).slice(0, 200)
}

/**
 * Re-scores a sample of stored responses with the real scoring code and compares the result with their stored arrays
 * and with their item and domain rows as the views read them.
 */
async function verifySample(versions: CompiledVersion[], layouts: Map<number, ScoreLayout>) {
  const sample = await db
    .selectFrom('responses')
    .select(['id', 'instrument_version_id', 'answers', 'item_choices', 'item_scores', 'domain_scores', 'domain_items', 'domain_masks', 'context_kinds', 'context_values'])
    .where(sql<boolean>`hashtextextended(id::text, ${SEED}) & 1023 = 0`)
    .limit(200)
    .execute()
  for (const { id, instrument_version_id, answers, ...arrays } of sample) {
    const version = versions.find((v) => v.row.id === instrument_version_id)!
    const problems = version.validate(answers)
    if (problems.length > 0) throw new Error(`Stored response ${id} does not validate: ${JSON.stringify(problems[0])}`)
    const expected = scoreResponse(version.index, answers)
    // bigint arrives as text; the masks are exact as numbers (bits stop at 52).
    const stored = { ...arrays, domain_masks: arrays.domain_masks.map((m) => (m === null ? null : Number(m))) }
    const items = await db.selectFrom('response_items').select(['item_id', 'choice', 'score']).where('response_id', '=', id).orderBy('item_id').execute()
    const domainRows = await db.selectFrom('response_domain_scores').select(['domain', 'measures', 'score', 'items']).where('response_id', '=', id).orderBy('domain').orderBy('measures').execute()
    const sortBy = <T>(list: T[], key: (x: T) => string) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
    const wantItems = sortBy(expected.items, (i) => i.itemId).map((i) => ({ item_id: i.itemId, choice: i.choice, score: i.score }))
    const wantDomains = sortBy(expected.domains, (d) => `${d.domain}\u0000${d.measures}`).map((d) => ({ domain: d.domain, measures: d.measures, score: d.score, items: d.items }))
    if (!same(stored, encodeScores(layouts.get(version.row.id)!, expected)) || !same(items, wantItems) || !same(domainRows, wantDomains)) {
      throw new Error(`Stored scores of response ${id} differ from the scoring code's`)
    }
  }
  log(`re-scored ${sample.length} sampled responses with server/instruments/scoring.ts: stored arrays, item and domain scores match`)
}

async function report() {
  const { rows } = await sql<{ table: string; rows: string; size: string }>`
    select c.relname as table, c.reltuples::bigint::text as rows, pg_size_pretty(pg_total_relation_size(c.oid)) as size
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' and c.relname not like 'kysely%'
    order by pg_total_relation_size(c.oid) desc`.execute(db)
  for (const r of rows) log(`${r.table.padEnd(26)} ${Number(r.rows).toLocaleString('en').padStart(12)} rows ${r.size.padStart(9)}`)
  const { rows: size } = await sql<{ size: string }>`select pg_size_pretty(pg_database_size(current_database())) as size`.execute(db)
  log(`done: ${target.name}, ${size[0].size}, in ${elapsed()}`)
}

const target = largeDatabase(options.database)
const pool = new pg.Pool({ connectionString: target.url, max: 2 })
pool.on('connect', (client) => {
  // Bulk-load settings for this script's sessions only. session_replication_role = replica skips the per-row
  // foreign-key triggers: every row is built from the plan, whose schools, administrations and versions exist first.
  void client.query(`set synchronous_commit = off; set work_mem = '256MB'; set maintenance_work_mem = '1GB'; set session_replication_role = replica`)
})
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })

await recreateLargeDatabase(target)
log(`database ${target.name} created on ${new URL(target.serverUrl).host}; seed ${SEED}, ${SCHOOLS} schools, ${RESPONSES.toLocaleString('en')} + ${PREVIOUS_RESPONSES.toLocaleString('en')} previous responses`)
try {
  await checkDisk()
  await migrateToLatest(db)
  await syncSurveyLibrary(db, readCheckedLibrary(SURVEYS_DIR).files)
  const versions = await Promise.all((await latestPublishedVersions(db)).map((v) => getCompiledVersion(db, v.id)))
  // Each version's layout, created as intake creates it when it first sees the version.
  const layouts = new Map<number, ScoreLayout>()
  for (const version of versions) layouts.set(version.row.id, await getScoreLayout(db, version))
  log(`migrated; instruments ${versions.map((v) => `${v.row.slug}/${v.row.version} (${layouts.get(v.row.id)!.itemCount} item slots)`).join(', ')}`)

  await sql`create schema seed_large`.execute(db)
  await createTemplates(versions, layouts, readDomains(SURVEYS_DIR).map((d) => d.id))
  const schools = await createSchools()
  const administrations = await createAdministrations(schools, versions)
  await planResponses(schools, administrations, versions)

  await loadResponses()
  await inParallel(await rollupTasks())
  for (const table of [...RESPONSE_TABLES, ...ROLLUP_TABLES, 'schools', 'access_codes']) await sql.raw(`vacuum (analyze) ${table}`).execute(db)
  log('vacuumed and analyzed')
  await verifySample(versions, layouts)
  await verifyRollups()
  await sql`drop schema seed_large cascade`.execute(db)
  await report()
} finally {
  await db.destroy()
}
