import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toLocalDateTime } from '../../../server/administrations/window'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'

/**
 * Baselines: the profile's default administration and the "previous" a change is measured against come only from
 * district-run administrations that have opened. The attack: a school team (which may run administrations for its
 * own schools) makes a back-dated one, with its own kiosk's answers, to become the district administration's
 * previous (flipping the change), and a future one to become the profile's default.
 *
 * Families only, food security need (food_worry: often 100, never 0), k = 10:
 * - A, district-run, opened 200 days ago: 5 often + 5 never → need 50;
 * - S, the team's, back-dated to 50 days ago: 10 often → need 100;
 * - B, district-run, opened 10 days ago: 6 often + 4 never → need 60. Its change is 60 − 50 = +10 (against S: −40);
 * - R, the team's, opened 2 days ago (after B), and F, the team's, opening in 10 days: neither is the default.
 */
const DAY = 86_400_000
type Json = Record<string, any>

let t: TestApp
let admin: StaffHeaders
let team: StaffHeaders
let schoolX: number
let schoolY: number
const ids: Record<'A' | 'B' | 'S' | 'R' | 'F', number> = { A: 0, B: 0, S: 0, R: 0, F: 0 }

const wall = (daysFromNow: number) => toLocalDateTime(new Date(Date.now() + daysFromNow * DAY), t.config.timeZone)

async function api(who: StaffHeaders, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const res = await t.app.inject({ method, url, headers: who, ...(payload ? { payload } : {}) })
  return { status: res.statusCode, body: res.json() as Json }
}

async function create(who: StaffHeaders, name: string, opensInDays: number, schoolIds: number[], closesInDays = 60) {
  const res = await api(who, 'POST', '/api/administrations', {
    name,
    opensAt: wall(opensInDays),
    closesAt: wall(closesInDays),
    mode: 'both',
    instruments: [{ slug: 'mini-ana', version: 1 }],
    schoolIds,
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}

async function answer(administration: Json, schoolId: number, worries: string[]) {
  const code = administration.schools.find((s: Json) => s.id === schoolId).code as string
  for (const food_worry of worries) {
    const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code, slug: 'mini-ana', version: 1, locale: 'en', channel: 'kiosk', answers: { food_worry } } })
    expect(res.statusCode).toBe(201)
  }
  await releaseNow(t, administration.id)
}

const times = (n: number, value: string) => Array.from({ length: n }, () => value)

async function profile(schoolId: number, administration?: number) {
  const res = await api(admin, 'GET', `/api/schools/${schoolId}/profile${administration ? `?administration=${administration}` : ''}`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}
const food = (p: Json) => p.domains.find((d: Json) => d.domain === 'food-security')

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
  const schools = await t.app.db
    .insertInto('schools')
    .values(['X', 'Y'].map((c) => ({ code: `BASE-${c}`, name: `Baseline ${c} Elementary`, region: 'North', cohort: null, grades: 'TK-5', enrollment_students: null, enrollment_families: 200, enrollment_staff: null })))
    .returning('id')
    .execute()
  ;[schoolX, schoolY] = schools.map((s) => s.id)
  admin = await signIn(t.app, 'district-admin')
  team = await signIn(t.app, 'school-team', [schoolX])

  const a = await create(admin, 'District, two hundred days ago', -200, [schoolX, schoolY])
  ids.A = a.id
  await answer(a, schoolX, [...times(5, 'often'), ...times(5, 'never')])
  const b = await create(admin, 'District, ten days ago', -10, [schoolX, schoolY])
  ids.B = b.id
  await answer(b, schoolX, [...times(6, 'often'), ...times(4, 'never')])

  // The attack, after the district's administrations exist.
  const s = await create(team, 'Back-dated by the team', -50, [schoolX])
  ids.S = s.id
  await answer(s, schoolX, times(10, 'often'))
  ids.R = (await create(team, 'Opened by the team after the district', -2, [schoolX])).id
  ids.F = (await create(team, 'Future, by the team', 10, [schoolX])).id
})
afterAll(() => t.close())

describe('who runs an administration', () => {
  it("records it from the creator's role and shows it in the list and the detail", async () => {
    const list = (await api(admin, 'GET', '/api/administrations')).body.administrations as Json[]
    const runBy = Object.fromEntries(list.map((a) => [a.id, a.runBy]))
    expect([runBy[ids.A], runBy[ids.B], runBy[ids.S], runBy[ids.R], runBy[ids.F]]).toEqual(['district', 'district', 'school', 'school', 'school'])
    expect((await api(team, 'GET', `/api/administrations/${ids.S}`)).body).toMatchObject({ id: ids.S, runBy: 'school', mayChange: true })
    expect((await api(team, 'GET', `/api/administrations/${ids.B}`)).body).toMatchObject({ id: ids.B, runBy: 'district', mayChange: false })
  })

  it('takes district for rows written outside the app, and refuses any other value', async () => {
    const row = await t.app.db
      .insertInto('administrations')
      .values({ name: 'Seeded', opens_at: new Date(Date.now() + 400 * DAY), closes_at: new Date(Date.now() + 430 * DAY), mode: 'both' })
      .returning('run_by')
      .executeTakeFirstOrThrow()
    expect(row.run_by).toBe('district')
    await expect(
      t.app.db
        .insertInto('administrations')
        .values({ name: 'Bad', opens_at: new Date(), closes_at: new Date(Date.now() + DAY), mode: 'both', run_by: 'partner' as never })
        .execute(),
    ).rejects.toThrow(/check constraint/)
  })

  it("lets a school team change its own administration but not a district-run one's window, even when its school is all of it", async () => {
    const pilot = await create(admin, 'District pilot at X', 20, [schoolX], 50)
    const refusal = { status: 403, body: { error: 'forbidden', message: 'The district runs this administration; only a district admin can change it.' } }
    expect(await api(team, 'PATCH', `/api/administrations/${pilot.id}`, { opensAt: wall(-300) })).toEqual(refusal)
    expect(await api(team, 'POST', `/api/administrations/${pilot.id}/open`)).toEqual(refusal)
    expect(await api(team, 'POST', `/api/administrations/${pilot.id}/close`)).toEqual(refusal)
    expect((await api(admin, 'GET', `/api/administrations/${pilot.id}`)).body).toMatchObject({ status: 'scheduled', localOpensAt: wall(20) })
    expect((await api(team, 'PATCH', `/api/administrations/${ids.F}`, { name: 'Future, by the team' })).status).toBe(200)
  })
})

describe('baselines of a profile', () => {
  it("measures the district administration's change against the district one before it, not a school team's back-dated one", async () => {
    const p = await profile(schoolX, ids.B)
    expect(p.previousAdministration).toEqual({ id: ids.A, name: 'District, two hundred days ago' })
    expect(food(p).need.allVoices).toMatchObject({ shown: true, index: 60, n: 10 })
    expect(food(p).change.need).toMatchObject({ change: 10 })
  })

  it("defaults to the latest district-run administration that has opened, never a school team's (past or future)", async () => {
    const p = await profile(schoolX)
    expect(p.administration).toEqual({ id: ids.B, name: 'District, ten days ago' })
    expect(p.previousAdministration).toEqual({ id: ids.A, name: 'District, two hundred days ago' })
  })

  it("gives a school team's administration, asked for by name, its own figures and no previous", async () => {
    const p = await profile(schoolX, ids.S)
    expect(p.administration).toEqual({ id: ids.S, name: 'Back-dated by the team' })
    expect(p.previousAdministration).toBeNull()
    expect(food(p).need.allVoices).toMatchObject({ shown: true, index: 100, n: 10 })
    expect(food(p).change).toEqual({ need: null, asset: null, matchedItems: null })
  })

  it('gives the first district administration no previous', async () => {
    expect((await profile(schoolX, ids.A)).previousAdministration).toBeNull()
  })

  it('orders district administrations by when they really opened: a future one is not the default until staff open it', async () => {
    const later = await create(admin, 'District, planned in sixty days', 60, [schoolY], 90)
    const sooner = await create(admin, 'District, planned in thirty days', 30, [schoolY], 90)
    expect((await profile(schoolY)).administration.id).toBe(ids.B)
    // The one planned later opens first: it is the default, and its previous is the last one that opened before it.
    expect((await api(admin, 'POST', `/api/administrations/${later.id}/open`)).status).toBe(200)
    const opened = await profile(schoolY)
    expect([opened.administration.id, opened.previousAdministration?.id]).toEqual([later.id, ids.B])
    // The one planned sooner, opened after it, follows it, whatever the plans said.
    expect((await api(admin, 'POST', `/api/administrations/${sooner.id}/open`)).status).toBe(200)
    const next = await profile(schoolY)
    expect([next.administration.id, next.previousAdministration?.id]).toEqual([sooner.id, later.id])
    // A district administration still scheduled has the opened one before it as its previous.
    expect((await profile(schoolY, ids.B)).previousAdministration?.id).toBe(ids.A)
  })

  it('answers 404, saying why, for a school whose only administration is its own team\'s', async () => {
    const [z] = await t.app.db
      .insertInto('schools')
      .values({ code: 'BASE-Z', name: 'Baseline Z Elementary', region: 'South', cohort: null, grades: 'TK-5', enrollment_students: null, enrollment_families: 200, enrollment_staff: null })
      .returning('id')
      .execute()
    const own = await signIn(t.app, 'school-team', [z.id])
    await create(own, 'Only the team', -5, [z.id])
    expect(await api(admin, 'GET', `/api/schools/${z.id}/profile`)).toEqual({
      status: 404,
      body: { error: 'not_found', message: `School ${z.id} has not taken part in any district administration that has opened yet.` },
    })
  })
})
