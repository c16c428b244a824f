import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

let t: TestApp
let admin: Awaited<ReturnType<typeof openAdministration>>

const WITHHELD = { shown: false, reason: 'fewer-than-k', message: 'Fewer than 10 people answered, so this figure is withheld to protect their privacy.' }

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { RATE_LIMIT_PER_MINUTE: '1000' } })
  admin = await openAdministration(t.app.db, { schools: 2, instruments: [{ slug: 'mini-ana', version: 1 }, { slug: 'mini-staff', version: 1 }] })
  const send = async (code: string, slug: string, answers: object) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code, slug, version: 1, locale: 'en', channel: 'kiosk', answers } })
    expect(res.statusCode).toBe(201)
  }
  // School 1 (enrollment: 250 families, 25 staff): 20 families, 12 staff. School 2: 11 families, 3 staff.
  for (let i = 0; i < 20; i++) await send(admin.codes[0].code, 'mini-ana', { food_worry: 'never' })
  for (let i = 0; i < 12; i++) await send(admin.codes[0].code, 'mini-staff', { hunger_focus: 1 })
  for (let i = 0; i < 11; i++) await send(admin.codes[1].code, 'mini-ana', { food_worry: 'never' })
  for (let i = 0; i < 3; i++) await send(admin.codes[1].code, 'mini-staff', { hunger_focus: 1 })
})
afterAll(() => t.close())

describe('GET /api/district/response-rates', () => {
  it('shows responses against enrollment, withholds counts under k, and lists the thinnest voice first', async () => {
    const analyst = await signIn(t.app, 'district-analyst')
    const res = await t.app.inject({ method: 'GET', url: `/api/district/response-rates?administration=${admin.administrationId}`, headers: analyst })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.minCellSize).toBe(10)
    expect(body.roles).toEqual(['family', 'staff'])
    // School 2 first: its staff count (3) is withheld, so its coverage counts as 0. Students are not asked here
    // (no student instrument), so their withheld zero does not count against either school.
    expect(body.schools.map((s: { school: { id: number } }) => s.school.id)).toEqual([admin.schools[1].id, admin.schools[0].id])
    expect(body.schools[0]).toEqual({
      school: { id: admin.schools[1].id, name: admin.schools[1].name, region: 'South', cohort: 'Cohort 1' },
      roles: {
        student: { enrollment: 300, responses: WITHHELD },
        family: { enrollment: 250, responses: { shown: true, n: 11, share: 4.4 } },
        staff: { enrollment: 25, responses: WITHHELD },
      },
      coverage: 0,
    })
    // School 1: 20 / 250 = 8.0 %, 12 / 25 = 48.0 %: coverage 8.
    expect(body.schools[1].coverage).toBe(8)
    expect(body.schools[1].roles).toEqual({
      student: { enrollment: 300, responses: WITHHELD },
      family: { enrollment: 250, responses: { shown: true, n: 20, share: 8 } },
      staff: { enrollment: 25, responses: { shown: true, n: 12, share: 48 } },
    })
    const north = await t.app.inject({ method: 'GET', url: `/api/district/response-rates?administration=${admin.administrationId}&region=North`, headers: analyst })
    expect(north.json().schools.map((s: { school: { id: number } }) => s.school.id)).toEqual([admin.schools[0].id])
  })

  it('answers an unknown administration with 404 and a bad one with 400', async () => {
    const analyst = await signIn(t.app, 'district-analyst')
    const missing = await t.app.inject({ method: 'GET', url: '/api/district/response-rates?administration=999999', headers: analyst })
    expect([missing.statusCode, missing.json().message]).toEqual([404, 'No administration with id 999999.'])
    const bad = await t.app.inject({ method: 'GET', url: '/api/district/response-rates?administration=0', headers: analyst })
    expect([bad.statusCode, bad.json().message]).toEqual([400, 'Invalid querystring: /administration must be >= 1.'])
  })
})

describe('GET /api/administrations', () => {
  it("lists every administration for district staff and only its schools' for a school team", async () => {
    const other = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
    const analyst = await signIn(t.app, 'district-analyst')
    const all = (await t.app.inject({ method: 'GET', url: '/api/administrations', headers: analyst })).json().administrations
    expect(all.map((a: { id: number }) => a.id)).toEqual(expect.arrayContaining([admin.administrationId, other.administrationId]))
    const team = await signIn(t.app, 'school-team', [other.schools[0].id])
    const own = (await t.app.inject({ method: 'GET', url: '/api/administrations', headers: team })).json().administrations
    expect(own).toEqual([
      {
        id: other.administrationId,
        name: expect.any(String),
        status: 'open',
        opensAt: expect.any(String),
        closesAt: expect.any(String),
        localOpensAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
        localClosesAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/),
        timeZone: 'America/Los_Angeles',
        mode: 'both',
        closed: false,
        schools: 1,
      },
    ])
  })
})
