import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAnswers } from '../../../server/demo/answers'
import { seededRandom } from '../../../server/demo/random'
import { getCompiledVersion } from '../../../server/instruments/instruments.service'
import { compareDistrict } from '../../../server/profiles/comparison.service'
import { schoolProfile } from '../../../server/profiles/profiles.service'
import { foldPendingResponses, rollupMismatches } from '../../../server/analytics/rollups.repository'
import { releaseNow, startTestApp, type TestApp } from '../../helpers/app'
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
  t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000' } })
  admin = await openAdministration(t.app.db, { schools: 3, instruments: INSTRUMENTS, grades: 'TK-12' })
})
afterAll(() => t.close())

const pending = async () => Number((await t.app.db.selectFrom('rollup_pending').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

describe('rollups kept by intake and folds', () => {
  const sent: object[] = []

  it('equal a fresh aggregate of the stored rows after many concurrent responses to one school and folds among them', { timeout: 300_000 }, async () => {
    const code = admin.codes[0].code
    for (let i = 0; i < 160; i++) sent.push(await payload(code, INSTRUMENTS[i % 3].slug, 0.3 + (i % 7) / 10))
    // Folds that wait run among the submissions: they take in nothing, since no release has taken the responses in.
    const folds = Array.from({ length: 8 }, () => foldPendingResponses(t.app.db, { wait: true }))
    const results = await Promise.all([...sent.map(post), ...folds])
    expect(results.slice(0, sent.length).map((r) => (r as { statusCode: number }).statusCode)).toEqual(sent.map(() => 201))
    expect(results.slice(sent.length)).toEqual(folds.map(() => 0))
    expect(await pending()).toBe(160)
    expect(await rollupRows()).toEqual([[], [], []])
    // The school's first release takes every response in and folds it, with folds that wait running beside it: every
    // response is folded once.
    const [cut, ...more] = await Promise.all([releaseNow(t, admin.administrationId), ...Array.from({ length: 4 }, () => foldPendingResponses(t.app.db, { wait: true }))])
    expect(cut).toMatchObject({ release: { number: 1, final: false }, released: 160, schoolsWaiting: 0 })
    expect(more).toEqual([0, 0, 0, 0])
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
    // Nothing new waits, so a cut makes no release.
    expect(await releaseNow(t, admin.administrationId)).toMatchObject({ release: null, released: 0, schoolsWaiting: 0 })
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
    // The first release of both schools takes in all they have, the third school's few staff and students too.
    expect(await releaseNow(t, admin.administrationId)).toMatchObject({ release: { number: 2 }, released: 90 + 14, schoolsWaiting: 0 })
    expect(await pending()).toBe(0)
  }, 300_000)

  const options = (source: 'rollups' | 'full-scan', minCellSize = 10) => ({ minCellSize, highNeedThreshold: 67, domains: t.app.domains, source })

  it('count a response stored after a release in no figure and no rollup until a release takes it in; a read does not fold', async () => {
    const school = admin.schools[2].id
    const profile = (source: 'rollups' | 'full-scan') => schoolProfile(t.app.db, school, admin.administrationId, options(source, 5))
    const staffCount = async () => (await profile('rollups')).responses.find((r) => r.role === 'staff')!.count
    const before = await profile('rollups')
    const rowsBefore = await rollupRows()
    expect(await staffCount()).toEqual({ shown: false, reason: 'fewer-than-k', message: expect.any(String) })

    // One staff member answers at the third school, whose 4 staff are already released.
    const version = await t.app.db.selectFrom('instrument_versions').select('id').where('slug', '=', 'staff-ana').executeTakeFirstOrThrow()
    const { index } = await getCompiledVersion(t.app.db, version.id)
    const answers = generateAnswers(index, random, () => 0.5)
    const staffBody = () => ({ id: randomUUID(), code: admin.codes[2].code, slug: 'staff-ana', version: 1, locale: 'en', channel: 'kiosk', answers })
    expect((await post(staffBody())).statusCode).toBe(201)
    expect(await pending()).toBe(1)

    // Reads neither fold nor show it: the same profile, byte for byte, from the rollups and from the full scan.
    const fast = await profile('rollups')
    expect(JSON.stringify(fast)).toBe(JSON.stringify(before))
    expect(JSON.stringify(await profile('full-scan'))).toBe(JSON.stringify(before))
    expect(await compareDistrict(t.app.db, { administrationId: admin.administrationId }, options('rollups', 5))).toEqual(
      await compareDistrict(t.app.db, { administrationId: admin.administrationId }, options('full-scan', 5)),
    )
    expect(await pending()).toBe(1)
    expect(await foldPendingResponses(t.app.db, { wait: true })).toBe(0)
    expect(await rollupRows()).toEqual(rowsBefore)
    expect(await rollupMismatches(t.app.db, [school])).toEqual(exact)

    // One person is fewer than k: the cut leaves the batch waiting and the figures as they were.
    expect(await releaseNow(t, admin.administrationId)).toMatchObject({ release: null, released: 0, schoolsWaiting: 1 })
    expect(await pending()).toBe(1)
    expect(JSON.stringify(await profile('rollups'))).toBe(JSON.stringify(before))
    expect(await rollupRows()).toEqual(rowsBefore)

    // Nine more with the same answers make a batch of k in every cell it touches: the next release takes it in.
    expect((await Promise.all(Array.from({ length: 9 }, () => post(staffBody())))).map((r) => r.statusCode)).toEqual(Array(9).fill(201))
    expect(await releaseNow(t, admin.administrationId)).toMatchObject({ release: { number: 3 }, released: 10, schoolsWaiting: 0 })
    expect(await pending()).toBe(0)
    expect(await rollupMismatches(t.app.db, null)).toEqual(exact)
    expect(await rollupRows()).not.toEqual(rowsBefore)
    const after = await profile('rollups')
    expect(after).toEqual(await profile('full-scan'))
    expect(await staffCount()).toEqual({ shown: true, n: 14 })
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
