import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rollupMismatches } from '../../../server/analytics/rollups.repository'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

/**
 * Release cuts through POST /api/administrations/:id/releases (server/analytics/releases.service.ts, the rule in
 * server/disclosure/release-rule.ts), k = 10. Responses come in through POST /api/responses and have their
 * received_at spread 20 minutes apart, as a school's kiosk would see them over days, so no cut holds them for review
 * as a burst (tests/server/analytics/review-holds.test.ts tests that).
 */
const K = 10
const MINUTE = 60_000
const EXACT = { domain_rollups: 0, domain_score_histogram: 0, domain_item_sets: 0, item_choice_rollups: 0 }
const WITHHELD = { shown: false, reason: 'fewer-than-k', message: `Fewer than ${K} people answered, so this figure is withheld to protect their privacy.` }

let t: TestApp
let admin: StaffHeaders & { id: number }
let analyst: StaffHeaders
let team: StaffHeaders
let district: Awaited<ReturnType<typeof openAdministration>>
let clock = Date.now() - 20 * 86_400_000

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000' } })
  district = await openAdministration(t.app.db, { schools: 2, instruments: [{ slug: 'mini-ana', version: 1 }, { slug: 'mini-staff', version: 1 }], opensInDays: -30 })
  admin = await signIn(t.app, 'district-admin')
  analyst = await signIn(t.app, 'district-analyst')
  team = await signIn(t.app, 'school-team', [district.schools[0].id])
})
afterAll(() => t.close())

/** Sends one response, received 20 minutes after the one before; returns its id. */
async function send(code: string, slug: 'mini-ana' | 'mini-staff', answers: Record<string, unknown>): Promise<string> {
  const id = randomUUID()
  const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id, code, slug, version: 1, locale: 'en', channel: 'kiosk', answers } })
  expect(res.statusCode, res.body).toBe(201)
  clock += 20 * MINUTE
  await t.app.db.updateTable('responses').set({ received_at: new Date(clock) }).where('id', '=', id).execute()
  return id
}

async function sendMany(n: number, code: string, slug: 'mini-ana' | 'mini-staff', answers: (i: number) => Record<string, unknown>): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < n; i++) ids.push(await send(code, slug, answers(i)))
  return ids
}

const cut = (administrationId: number, headers: StaffHeaders = admin) => t.app.inject({ method: 'POST', url: `/api/administrations/${administrationId}/releases`, headers })

/**
 * A cut's answer with how many responses its release took in, counted in the database: the API says how many
 * schools' responses joined, never how many responses (a first release may take in fewer than k).
 */
async function withReleased(res: Awaited<ReturnType<typeof cut>>, administrationId = district.administrationId) {
  const body = res.json()
  const taken = body.release
    ? await t.app.db
        .selectFrom('responses as r')
        .innerJoin('releases as x', 'x.id', 'r.release_id')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('x.administration_id', '=', administrationId)
        .where('x.number', '=', body.release.number)
        .executeTakeFirstOrThrow()
    : { n: '0' }
  expect(body).not.toHaveProperty('released')
  return { ...body, released: Number(taken.n) }
}

async function releases(administrationId: number) {
  const res = await t.app.inject({ method: 'GET', url: `/api/administrations/${administrationId}/releases`, headers: analyst })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { number: number; cutAt: string; final: boolean }[]
}

async function profile(schoolId: number, administrationId = district.administrationId, headers: StaffHeaders = analyst) {
  const res = await t.app.inject({ method: 'GET', url: `/api/schools/${schoolId}/profile?administration=${administrationId}`, headers })
  expect(res.statusCode, res.body).toBe(200)
  return res
}

const foodNeed = (body: { domains: { domain: string; need: { roles: Record<string, unknown> } }[] }) => body.domains.find((d) => d.domain === 'food-security')!.need.roles

/** Every rollup row of one school (of one role, if given), in key order. */
async function rollupRows(schoolId: number, role?: string) {
  const rows = (table: string, order: string) =>
    sql`select * from ${sql.table(table)} where school_id = ${schoolId} and (${role ?? null}::text is null or role = ${role ?? null}) order by ${sql.raw(order)}`
      .execute(t.app.db)
      .then((r) => r.rows)
  return Promise.all([
    rows('domain_rollups', '1, 2, 3, 4, 5, 6, 7'),
    rows('domain_score_histogram', '1, 2, 3, 4, 5, 6'),
    rows('domain_item_sets', '1, 2, 3, 4, 5, 6'),
    rows('item_choice_rollups', '1, 2, 3, 4, 5, 6, 7'),
  ])
}

const waitingIds = async (ids: string[]) =>
  (await t.app.db.selectFrom('responses').select('id').where('id', 'in', ids).where('release_id', 'is', null).execute()).map((r) => r.id).sort()

describe('POST /api/administrations/:id/releases', () => {
  const families: string[] = []

  it('answers 404 for an unknown administration', async () => {
    const res = await cut(999999)
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: 'not_found', message: 'No administration with id 999999.' })
  })

  it('refuses an analyst and a school team with 403, and cuts nothing', async () => {
    await send(district.codes[0].code, 'mini-ana', { food_worry: 'often' })
    for (const headers of [analyst, team]) {
      const res = await cut(district.administrationId, headers)
      expect(res.statusCode).toBe(403)
      expect(res.json().error).toBe('forbidden')
    }
    expect(await releases(district.administrationId)).toEqual([])
    expect(await t.app.db.selectFrom('responses').select('id').where('release_id', 'is not', null).execute()).toEqual([])
  })

  it("takes in everything of each school's first release, groups under k too, and answers 201 with the release and its counts", async () => {
    const [a, b] = district.codes
    // School A: 12 families (the one above and 11 more) and 3 staff. School B: 10 families.
    families.push(...(await sendMany(11, a.code, 'mini-ana', (i) => ({ food_worry: i % 2 ? 'often' : 'never', food_know_help: 3 }))))
    await sendMany(3, a.code, 'mini-staff', () => ({ hunger_focus: 1 }))
    await sendMany(10, b.code, 'mini-ana', () => ({ food_worry: 'sometimes', food_know_help: 1 }))
    // Before any release every figure is withheld.
    const before = (await profile(a.schoolId)).json()
    expect(before.release).toMatchObject({ number: null, cutAt: null, final: false })
    expect(foodNeed(before).family).toEqual(WITHHELD)

    const started = Date.now()
    const res = await cut(district.administrationId)
    expect(res.statusCode, res.body).toBe(201)
    expect(await withReleased(res)).toMatchObject({ release: { number: 1, final: false, cutAt: expect.any(String) }, released: 12 + 3 + 10, schoolsWaiting: 0 })
    const cutAt = Date.parse(res.json().release.cutAt)
    expect(cutAt).toBeGreaterThanOrEqual(started - 5000)
    expect(cutAt).toBeLessThanOrEqual(Date.now() + 5000)
    expect(await releases(district.administrationId)).toEqual([{ number: 1, cutAt: res.json().release.cutAt, final: false }])
    const cutBy = await t.app.db.selectFrom('releases').select('cut_by').where('administration_id', '=', district.administrationId).execute()
    expect(cutBy).toEqual([{ cut_by: admin.id }])

    const after = (await profile(a.schoolId)).json()
    expect(after.release).toMatchObject({ number: 1, cutAt: res.json().release.cutAt, final: false })
    expect(foodNeed(after).family).toMatchObject({ shown: true, n: 12 })
    // The 3 staff are in the release, and so in every figure that pools them, but shown alone nowhere.
    expect(foodNeed(after).staff).toEqual(WITHHELD)
    expect(await t.app.db.selectFrom('responses').select('id').where('administration_id', '=', district.administrationId).where('release_id', 'is', null).execute()).toEqual([])
    expect(await rollupMismatches(t.app.db, null)).toEqual(EXACT)
  })

  it('answers 200 with no release when no waiting batch may join', async () => {
    const res = await cut(district.administrationId)
    expect(res.statusCode, res.body).toBe(200)
    expect(await withReleased(res)).toMatchObject({ release: null, released: 0, schoolsWaiting: 0 })
    expect((await releases(district.administrationId)).map((r) => r.number)).toEqual([1])
  })

  it('records every cut in the audit log: who, which administration, which release', async () => {
    const entries = await t.app.db
      .selectFrom('audit_log')
      .select(['actor_id', 'outcome', 'target', 'detail'])
      .where('action', '=', 'release.cut')
      .orderBy('id')
      .execute()
    expect(entries).toEqual([
      { actor_id: admin.id, outcome: 'success', target: `administration:${district.administrationId}`, detail: expect.objectContaining({ number: 1 }) },
      { actor_id: admin.id, outcome: 'success', target: `administration:${district.administrationId}`, detail: expect.objectContaining({ number: null }) },
    ])
  })

  it('leaves a later batch of fewer than k for one role waiting: the same profile, byte for byte, and the same rollups', async () => {
    const schoolId = district.schools[0].id
    const profileBefore = (await profile(schoolId)).body
    const teamBefore = (await profile(schoolId, district.administrationId, team)).body
    const rowsBefore = await rollupRows(schoolId)
    // Four more families at A, with the same answers.
    const late = await sendMany(4, district.codes[0].code, 'mini-ana', () => ({ food_worry: 'often', food_know_help: 1 }))
    families.push(...late)

    const res = await cut(district.administrationId)
    expect(res.statusCode, res.body).toBe(200)
    expect(await withReleased(res)).toMatchObject({ release: null, released: 0, schoolsWaiting: 1 })
    expect(await waitingIds(late)).toEqual([...late].sort())
    expect((await profile(schoolId)).body).toBe(profileBefore)
    expect((await profile(schoolId, district.administrationId, team)).body).toBe(teamBefore)
    expect(await rollupRows(schoolId)).toEqual(rowsBefore)
    expect((await releases(district.administrationId)).map((r) => r.number)).toEqual([1])
  })

  it("takes in another role's batch of k on its own while the small one keeps waiting", async () => {
    const schoolId = district.schools[0].id
    const familyBefore = foodNeed((await profile(schoolId)).json()).family
    const familyRows = await rollupRows(schoolId, 'family')
    await sendMany(10, district.codes[0].code, 'mini-staff', () => ({ hunger_focus: 0 }))

    const res = await cut(district.administrationId)
    expect(res.statusCode, res.body).toBe(201)
    expect(await withReleased(res)).toMatchObject({ release: { number: 2, final: false }, released: 10, schoolsWaiting: 1 })
    const after = (await profile(schoolId)).json()
    expect(foodNeed(after).staff).toMatchObject({ shown: true, n: 13 })
    expect(foodNeed(after).family).toEqual(familyBefore)
    expect(await rollupRows(schoolId, 'family')).toEqual(familyRows)
    expect(await waitingIds(families)).toHaveLength(4)
    expect(await rollupMismatches(t.app.db, null)).toEqual(EXACT)
  })

  it('takes the waiting batch in once it has k people in every figure it changes', async () => {
    const schoolId = district.schools[0].id
    const rowsBefore = await rollupRows(schoolId, 'family')
    families.push(...(await sendMany(6, district.codes[0].code, 'mini-ana', () => ({ food_worry: 'often', food_know_help: 1 }))))

    const res = await cut(district.administrationId)
    expect(res.statusCode, res.body).toBe(201)
    expect(await withReleased(res)).toMatchObject({ release: { number: 3, final: false }, released: 10, schoolsWaiting: 0 })
    expect(await waitingIds(families)).toEqual([])
    expect(foodNeed((await profile(schoolId)).json()).family).toMatchObject({ shown: true, n: 22 })
    expect(await rollupRows(schoolId, 'family')).not.toEqual(rowsBefore)
    expect(await rollupMismatches(t.app.db, null)).toEqual(EXACT)
    expect((await releases(district.administrationId)).map((r) => r.number)).toEqual([3, 2, 1])
  })

  it('leaves a batch of k people waiting when one figure it changes would gain fewer than k', async () => {
    const schoolId = district.schools[1].id
    const profileBefore = (await profile(schoolId)).body
    const rowsBefore = await rollupRows(schoolId)
    // Ten families, but only 9 answer the asset question: the asset figure would gain 9 people.
    const batch = await sendMany(10, district.codes[1].code, 'mini-ana', (i) => (i < 9 ? { food_worry: 'often', food_know_help: 3 } : { food_worry: 'often' }))

    const res = await cut(district.administrationId)
    expect(res.statusCode, res.body).toBe(200)
    expect(await withReleased(res)).toMatchObject({ release: null, released: 0, schoolsWaiting: 1 })
    expect(await waitingIds(batch)).toEqual([...batch].sort())
    expect((await profile(schoolId)).body).toBe(profileBefore)
    expect(await rollupRows(schoolId)).toEqual(rowsBefore)
  })
})

describe('the scheduled cut at the end of a window', () => {
  it('cuts a final release once for an administration whose window has ended, and not again on the next run', async () => {
    const ending = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }], opensInDays: -30 })
    const [{ code, schoolId }] = ending.codes
    await sendMany(12, code, 'mini-ana', () => ({ food_worry: 'never', food_know_help: 3 }))
    expect(await t.app.releases.runOnce()).toBe(0)
    expect(await withReleased(await cut(ending.administrationId), ending.administrationId)).toMatchObject({ release: { number: 1, final: false }, released: 12 })
    // Three late families: too few to join, even at the end.
    const late = await sendMany(3, code, 'mini-ana', () => ({ food_worry: 'often' }))
    expect(await t.app.releases.runOnce()).toBe(0)
    const before = (await profile(schoolId, ending.administrationId)).json()

    // The window ends now, after release 1.
    await new Promise((resolve) => setTimeout(resolve, 20))
    await t.app.db.updateTable('administrations').set({ closes_at: new Date() }).where('id', '=', ending.administrationId).execute()
    expect(await t.app.releases.runOnce()).toBe(1)
    const list = await releases(ending.administrationId)
    expect(list.map(({ number, final }) => ({ number, final }))).toEqual([
      { number: 2, final: true },
      { number: 1, final: false },
    ])
    expect(await t.app.db.selectFrom('releases').select('cut_by').where('administration_id', '=', ending.administrationId).where('number', '=', 2).executeTakeFirst()).toEqual({ cut_by: null })
    expect(await waitingIds(late)).toEqual([...late].sort())
    const after = (await profile(schoolId, ending.administrationId)).json()
    expect(after.release).toMatchObject({ number: 2, final: true, nextAt: null })
    expect(after.domains).toEqual(before.domains)
    expect(after.responses).toEqual(before.responses)

    expect(await t.app.releases.runOnce()).toBe(0)
    expect(await t.app.releases.runOnce(new Date(Date.now() + 86_400_000))).toBe(0)
    expect((await releases(ending.administrationId)).map((r) => r.number)).toEqual([2, 1])
    // The other administration's window is open: no scheduled cut touched it.
    expect((await releases(district.administrationId)).map((r) => r.number)).toEqual([3, 2, 1])
  })
})
