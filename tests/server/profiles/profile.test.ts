import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

let t: TestApp
let staff: StaffHeaders
let admin: Awaited<ReturnType<typeof openAdministration>>

async function respond(code: string, slug: string, answers: Record<string, unknown>) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/responses',
    payload: { id: randomUUID(), code, slug, version: 1, locale: 'en', channel: 'kiosk', answers },
  })
  expect(res.statusCode).toBe(201)
}

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
  staff = await signIn(t.app)
  admin = await openAdministration(t.app.db, {
    schools: 2,
    instruments: [
      { slug: 'mini-ana', version: 1 },
      { slug: 'mini-staff', version: 1 },
    ],
  })
  const [a, b] = admin.codes
  // School A: 12 families (six "often" = 100, six "never" = 0) and 10 staff (eight agree = 100, two disagree = 0).
  for (let i = 0; i < 12; i++) await respond(a.code, 'mini-ana', { food_worry: i < 6 ? 'often' : 'never' })
  for (let i = 0; i < 10; i++) await respond(a.code, 'mini-staff', { hunger_focus: i < 8 ? 1 : 0 })
  // School B: 12 families, but only 9 staff: the staff figure and its share of all voices are withheld.
  for (let i = 0; i < 12; i++) await respond(b.code, 'mini-ana', { food_worry: 'sometimes', food_know_help: 3 })
  for (let i = 0; i < 9; i++) await respond(b.code, 'mini-staff', { hunger_focus: 1 })
  // Staff read releases: the first one takes in both schools' responses, the 9 staff of B too.
  expect((await releaseNow(t, admin.administrationId)).released).toBe(12 + 10 + 12 + 9)
})
afterAll(() => t.close())

const profile = async (schoolId: number) => {
  const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/schools/${schoolId}/profile?administration=${admin.administrationId}` })
  expect(res.statusCode).toBe(200)
  return res.json()
}
const food = (p: { domains: { domain: string }[] }) => p.domains.find((d) => d.domain === 'food-security') as any

describe('GET /api/schools/:id/profile', () => {
  it('gives each role its mean, n, t interval and high-need share, and all voices as the equal-weight mean', async () => {
    const need = food(await profile(admin.schools[0].id)).need
    // Families: six 100s and six 0s: mean 50, s = 52.223, se = 15.076, t(0.975, 11) = 2.20099 → ±33.18.
    expect(need.roles.family).toEqual({ shown: true, index: 50, n: 12, interval: [16.8, 83.2], highShare: 50 })
    // Staff: eight 100s and two 0s: mean 80, s = 42.164, se = 13.333, t(0.975, 9) = 2.26216 → ±30.16.
    expect(need.roles.staff).toEqual({ shown: true, index: 80, n: 10, interval: [49.8, 100], highShare: 80 })
    expect(need.roles.student).toMatchObject({ shown: false, reason: 'fewer-than-k' })
    // All voices weighs families and staff equally: (50 + 80) / 2.
    expect(need.allVoices).toMatchObject({ shown: true, index: 65, n: 22 })
  })

  it('withholds a role under k and leaves it out of all voices, so it cannot be recovered by subtraction', async () => {
    const p = await profile(admin.schools[1].id)
    const need = food(p).need
    expect(need.roles.staff).toEqual({
      shown: false,
      reason: 'fewer-than-k',
      message: 'Fewer than 10 people answered, so this figure is withheld to protect their privacy.',
    })
    expect(need.roles.family).toMatchObject({ shown: true, index: 50, n: 12, interval: [50, 50] })
    expect(need.allVoices).toMatchObject({ shown: true, index: 50, n: 12 })
    expect(p.responses).toContainEqual({ role: 'staff', enrollment: 25, count: expect.objectContaining({ shown: false }) })
    // The 12 families are withheld beside the 9 staff, as in the response rates (one decision, disclosure/counts.ts):
    // the staff alone withheld would be the school's total minus the families. Students are not asked: their zero is shown.
    expect(p.responses).toContainEqual({ role: 'family', enrollment: 250, count: { shown: false, reason: 'fewer-than-k', message: 'Withheld so that the rest of the group (fewer than 10 people) cannot be worked out.' } })
    expect(p.responses).toContainEqual({ role: 'student', enrollment: 300, count: { shown: true, n: 0 } })
  })

  it('answers 404 for an unknown school and 400 for an unknown administration', async () => {
    const missing = await t.app.inject({ method: 'GET', headers: staff, url: '/api/schools/999999/profile' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toEqual({ error: 'not_found', message: 'There is no school 999999.' })
    const badAdmin = await t.app.inject({ method: 'GET', headers: staff, url: `/api/schools/${admin.schools[0].id}/profile?administration=999999` })
    expect(badAdmin.statusCode).toBe(400)
    expect(badAdmin.json()).toEqual({ error: 'bad_request', message: 'There is no administration 999999.' })
    const badId = await t.app.inject({ method: 'GET', headers: staff, url: '/api/schools/abc/profile' })
    expect(badId.statusCode).toBe(400)
    expect(badId.json()).toMatchObject({ error: 'bad_request', message: 'Invalid params: /id must be integer.' })
  })
})

describe('school profile details', () => {
  it('lists top needs and assets, and each item’s answer distribution by role, withheld under k', async () => {
    const a = await profile(admin.schools[0].id)
    expect(a.topNeeds).toEqual([{ domain: 'food-security', index: 65, n: 22 }])
    expect(a.topAssets).toEqual([])
    expect(a.items).toContainEqual({ itemId: 'food.worry', domain: 'food-security', measures: 'need', role: 'family', distribution: { shown: true, n: 12, shares: { often: 50, never: 50 } } })
    expect(a.items).toContainEqual({ itemId: 'food.staff-hunger-focus', domain: 'food-security', measures: 'need', role: 'staff', distribution: { shown: true, n: 10, shares: { '1': 80, '0': 20 } } })
    const b = await profile(admin.schools[1].id)
    expect(b.items.find((i: any) => i.role === 'staff').distribution).toMatchObject({ shown: false, reason: 'fewer-than-k' })
  })

  it('gives the service grid as unmet need, use and awareness gap per service', async () => {
    const grid = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
    const answers = ['used', 'used', 'used', 'used', 'couldnt-get', 'couldnt-get', 'couldnt-get', 'didnt-know', 'didnt-know', 'dont-need']
    for (const dental of answers) await respond(grid.codes[0].code, 'mini-ana', { food_worry: 'never', services: { dental } })
    expect((await releaseNow(t, grid.administrationId)).released).toBe(10)
    const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/schools/${grid.schools[0].id}/profile?administration=${grid.administrationId}` })
    expect(res.json().services).toEqual([{ itemId: 'services.dental', domain: 'dental-vision', figures: { shown: true, n: 10, unmetNeed: 30, use: 40, awarenessGap: 20 } }])
  })
})

describe('change since the previous administration', () => {
  it('gives the change in all voices with its interval, only where both administrations are shown', async () => {
    const schoolId = admin.schools[0].id
    const day = 86_400_000
    const previous = await t.app.db
      .insertInto('administrations')
      .values({ name: 'Last year', opens_at: new Date(Date.now() - 400 * day), closes_at: new Date(Date.now() + 30 * day), mode: 'both' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const version = await t.app.db.selectFrom('instrument_versions').select('id').where('slug', '=', 'mini-ana').executeTakeFirstOrThrow()
    await t.app.db.insertInto('administration_instruments').values({ administration_id: previous.id, instrument_version_id: version.id, role: 'family' }).execute()
    await t.app.db.insertInto('access_codes').values({ code: 'LASTYEAR22', administration_id: previous.id, school_id: schoolId }).execute()
    // Last year: 10 families, all "never" (need 0). This year (above): families 50, staff 80 → all voices 65.
    for (let i = 0; i < 10; i++) await respond('LASTYEAR22', 'mini-ana', { food_worry: 'never' })
    expect((await releaseNow(t, previous.id)).released).toBe(10)

    const p = await profile(schoolId)
    expect(p.previousAdministration).toEqual({ id: previous.id, name: 'Last year' })
    const food = p.domains.find((d: any) => d.domain === 'food-security')
    // Last year offered no staff survey, so no staff item is asked by both: the change compares families with
    // families (all voices now would mix in staff, 65). Now: six 100s and six 0s, mean 50, s² = 30000 / 11 = 2727.3,
    // s²/n = 227.27, df 11; before: 0 with variance 0. Change 50, Welch df 11, t(0.975, 11) = 2.20099 → ± 33.18.
    expect(food.change.need).toEqual({ change: 50, interval: [16.8, 83.2], significant: true })
    expect(food.change.matchedItems.need).toEqual({ matched: 1, current: 2, previous: 1 })
    expect(food.change.asset).toBeNull()
  })
})
