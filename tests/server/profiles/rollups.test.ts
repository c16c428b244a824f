import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAnswers } from '../../../server/demo/answers'
import { seededRandom } from '../../../server/demo/random'
import { getCompiledVersion } from '../../../server/instruments/instruments.service'
import { createIntake } from '../../../server/intake/intake.service'
import { compareDistrict } from '../../../server/profiles/comparison.service'
import { schoolProfile } from '../../../server/profiles/profiles.service'
import { foldPendingResponses, rollupMismatches } from '../../../server/analytics/rollups.repository'
import { startTestApp, type TestApp } from '../../helpers/app'
import { openAdministration } from '../../helpers/fixtures'

const INSTRUMENTS = [
  { slug: 'family-ana', version: 1 },
  { slug: 'student-ana', version: 1 },
  { slug: 'staff-ana', version: 1 },
]

let t: TestApp
let admin: Awaited<ReturnType<typeof openAdministration>>
const random = seededRandom(7)

/** Realistic answers to one of the real instruments, leaning by school so schools differ. */
async function payload(code: string, slug: string, lean: number) {
  const version = await t.app.db.selectFrom('instrument_versions').select('id').where('slug', '=', slug).where('version', '=', 1).executeTakeFirstOrThrow()
  const { index } = await getCompiledVersion(t.app.db, version.id)
  const answers = generateAnswers(index, random, (domain) => Math.min(1, Math.max(0, lean + (domain.length % 5) / 10 - 0.2)))
  return { id: randomUUID(), code, slug, version: 1, locale: 'en', channel: 'kiosk', answers }
}

const post = (body: object) => t.app.inject({ method: 'POST', url: '/api/responses', payload: body })

/** Every rollup row, in key order: a snapshot to compare before and after. */
async function rollupRows() {
  const db = t.app.db
  return Promise.all([
    sql`select * from domain_rollups order by 1, 2, 3, 4, 5, 6, 7`.execute(db).then((r) => r.rows),
    sql`select * from domain_score_histogram order by 1, 2, 3, 4, 5, 6`.execute(db).then((r) => r.rows),
    sql`select * from item_choice_rollups order by 1, 2, 3, 4, 5, 6, 7`.execute(db).then((r) => r.rows),
  ])
}

const exact = { domain_rollups: 0, domain_score_histogram: 0, domain_item_sets: 0, item_choice_rollups: 0 }

beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } })
  admin = await openAdministration(t.app.db, { schools: 3, instruments: INSTRUMENTS })
})
afterAll(() => t.close())

const pending = async () => Number((await t.app.db.selectFrom('rollup_pending').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

describe('rollups kept by intake and folds', () => {
  const sent: object[] = []

  it('equal a fresh aggregate of the stored rows after many concurrent responses to one school and folds among them', { timeout: 300_000 }, async () => {
    const code = admin.codes[0].code
    for (let i = 0; i < 160; i++) sent.push(await payload(code, INSTRUMENTS[i % 3].slug, 0.3 + (i % 7) / 10))
    // Folds that wait run among the submissions (and the background folds they ask for): every response is folded once.
    const folds = Array.from({ length: 8 }, () => foldPendingResponses(t.app.db, { wait: true }))
    const statuses = (await Promise.all([...sent.map(post), ...folds])).slice(0, sent.length).map((r) => (r as { statusCode: number }).statusCode)
    expect(statuses).toEqual(sent.map(() => 201))
    await foldPendingResponses(t.app.db, { wait: true })
    expect(await pending()).toBe(0)
    expect(await rollupMismatches(t.app.db, null)).toEqual(exact)
    const { rows } = await sql<{ rollup: string; raw: string }>`
      select (select sum(n) from domain_rollups where context_kind = '') as rollup, (select count(*) from response_domain_scores) as raw`.execute(t.app.db)
    expect(Number(rows[0].rollup)).toBe(Number(rows[0].raw))
    expect(Number(rows[0].raw)).toBeGreaterThan(160 * 10)
  })

  it('stay unchanged when responses are replayed or refused for a changed payload with the same id', { timeout: 300_000 }, async () => {
    const before = await rollupRows()
    const replays = sent.slice(0, 40)
    const changed = sent.slice(40, 60).map((p) => ({ ...p, locale: 'es' }))
    const statuses = (await Promise.all([...replays, ...replays, ...changed].map(post))).map((r) => r.statusCode)
    expect(statuses).toEqual([...replays.map(() => 200), ...replays.map(() => 200), ...changed.map(() => 409)])
    expect(await pending()).toBe(0)
    await foldPendingResponses(t.app.db, { wait: true })
    expect(await rollupRows()).toEqual(before)
    expect(await rollupMismatches(t.app.db, null)).toEqual(exact)
  })

  it('are checked for real: one changed rollup row shows as a difference both ways', async () => {
    const touch = (delta: number) => sql`update item_choice_rollups set n = n + ${delta} where (school_id, item_id, role, choice) = (select school_id, item_id, role, choice from item_choice_rollups order by 1, 2, 3, 4 limit 1)`.execute(t.app.db)
    await touch(1)
    expect(await rollupMismatches(t.app.db, null)).toEqual({ ...exact, item_choice_rollups: 2 })
    await touch(-1)
    expect(await rollupMismatches(t.app.db, null)).toEqual(exact)
  })
})

describe('profiles and comparison from the rollups', () => {
  beforeAll(async () => {
    // A second school with enough respondents of each role and a third with few: shown and withheld figures.
    const more = []
    for (let i = 0; i < 90; i++) more.push(await payload(admin.codes[1].code, INSTRUMENTS[i % 3].slug, 0.6))
    for (let i = 0; i < 14; i++) more.push(await payload(admin.codes[2].code, INSTRUMENTS[i % 3].slug, 0.2))
    expect((await Promise.all(more.map(post))).every((r) => r.statusCode === 201)).toBe(true)
  }, 300_000)

  const options = (source: 'rollups' | 'full-scan', minCellSize = 10) => ({ minCellSize, highNeedThreshold: 67, domains: t.app.domains, source })

  it('are brought up to date by a read: a response still pending is in the next profile', async () => {
    // Stored without the fold that intake asks for afterwards, as when another process's fold is running; the folds
    // the submissions above asked for are done first, so nothing else is pending.
    await t.app.rollupFolds.settled()
    expect(await pending()).toBe(0)
    const version = await t.app.db.selectFrom('instrument_versions').select('id').where('slug', '=', 'staff-ana').executeTakeFirstOrThrow()
    const { index } = await getCompiledVersion(t.app.db, version.id)
    const answers = generateAnswers(index, random, () => 0.5)
    // An intake of its own: the app's route would ask for a fold.
    await createIntake(t.app.db).submit({ id: randomUUID(), code: admin.codes[2].code, slug: 'staff-ana', version: 1, locale: 'en', channel: 'kiosk', answers })
    expect(await pending()).toBe(1)
    const fast = await schoolProfile(t.app.db, admin.schools[2].id, admin.administrationId, options('rollups', 5))
    expect(await pending()).toBe(0)
    expect(fast).toEqual(await schoolProfile(t.app.db, admin.schools[2].id, admin.administrationId, options('full-scan', 5)))
  })

  it('give the same school profile, figure for figure, as the full scan', async () => {
    for (const school of admin.schools) {
      for (const k of [5, 10]) {
        const fast = await schoolProfile(t.app.db, school.id, admin.administrationId, options('rollups', k))
        const plain = await schoolProfile(t.app.db, school.id, admin.administrationId, options('full-scan', k))
        expect(fast).toEqual(plain)
        expect(JSON.stringify(fast)).toBe(JSON.stringify(plain))
      }
    }
  })

  it('give the same district comparison as the full scan, with and without filters', async () => {
    const filters = [{}, { role: 'family' as const }, { region: 'North' }, { gradeBand: '6-8' }, { gradeBand: '9-12', role: 'student' as const }, { cohort: 'Cohort 1', gradeBand: '9-12' }]
    for (const f of filters) {
      const fast = await compareDistrict(t.app.db, { administrationId: admin.administrationId, ...f }, options('rollups', 5))
      const plain = await compareDistrict(t.app.db, { administrationId: admin.administrationId, ...f }, options('full-scan', 5))
      expect(JSON.stringify(fast)).toBe(JSON.stringify(plain))
      expect(fast.schools.some((s) => Object.values(s.cells).some((c) => c.need.shown))).toBe(true)
    }
  })
})
