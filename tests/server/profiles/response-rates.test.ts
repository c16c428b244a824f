import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LOCALES } from '../../../server/instruments/ana'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'
import { integerRange, linear, type IntegerProgram, type Linear } from '../../helpers/integer-bounds'

type Json = Record<string, any>
const K = 10
const ROLES = ['student', 'family', 'staff'] as const

let t: TestApp
let admin: Awaited<ReturnType<typeof openAdministration>>
/** What each school's released respondents are, by role and language: the truth the readers must not pin. */
const truth = new Map<number, Record<string, Record<string, number>>>()

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { RATE_LIMIT_PER_MINUTE: '1000', CODE_RATE_LIMIT_PER_MINUTE: '1000' } })
  admin = await openAdministration(t.app.db, { schools: 3, instruments: [{ slug: 'mini-ana', version: 1 }, { slug: 'mini-staff', version: 1 }] })
  const send = async (school: number, role: 'family' | 'staff', locale: string, count: number) => {
    const [slug, answers] = role === 'family' ? ['mini-ana', { food_worry: 'never' }] : ['mini-staff', { hunger_focus: 1 }]
    for (let i = 0; i < count; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code: admin.codes[school].code, slug, version: 1, locale, channel: 'kiosk', answers } })
      expect(res.statusCode).toBe(201)
    }
    const id = admin.schools[school].id
    const cells = truth.get(id) ?? { student: {}, family: {}, staff: {} }
    cells[role][locale] = (cells[role][locale] ?? 0) + count
    truth.set(id, cells)
  }
  // School 1 (North; 250 families, 25 staff): 20 families, 12 staff. School 2 (South): 11 families and 3 staff, the
  // attack's "3". School 3 (North): 9 families, its "9", and 30 staff.
  await send(0, 'family', 'en', 14)
  await send(0, 'family', 'es', 6)
  await send(0, 'staff', 'en', 12)
  await send(1, 'family', 'en', 8)
  await send(1, 'family', 'es', 3)
  await send(1, 'staff', 'en', 3)
  await send(2, 'family', 'es', 9)
  await send(2, 'staff', 'en', 30)
  await releaseNow(t, admin.administrationId)
})
afterAll(() => t.close())

const get = async (h: StaffHeaders, url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: h })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as Json
}

describe('response rates in the district view (GET /api/administrations/:id/rates, with filters)', () => {
  it('shows released responses against enrollment, withholds counts under k, and lists the thinnest known voice first', async () => {
    const analyst = await signIn(t.app, 'district-analyst')
    const body = await get(analyst, `/api/administrations/${admin.administrationId}/rates`)
    expect(body.minCellSize).toBe(10)
    expect(body.roles).toEqual(['family', 'staff'])
    const [one, two, three] = admin.schools.map((s) => s.id)
    // School 1: 20 / 250 = 8.0 %, 12 / 25 = 48.0 %: coverage 8. Schools 2 and 3 each have a role under k, so both
    // roles are withheld and their coverage is unknown: after school 1, never first as "0 %". Students are not
    // asked here (no student instrument), so their zero is shown and takes no part.
    expect(body.schools.map((s: Json) => [s.school.id, s.coverage])).toEqual([
      [one, { status: 'known', share: 8 }],
      [two, { status: 'unknown', share: null }],
      [three, { status: 'unknown', share: null }],
    ])
    expect(body.schools[0]).toMatchObject({
      school: { id: one, name: admin.schools[0].name, region: 'North', cohort: 'Cohort 1' },
      responses: { n: 32 },
      roles: {
        student: { offered: false, target: 300, responses: { n: 0 }, share: null },
        family: { offered: true, target: 250, responses: { n: 20 }, share: 8 },
        staff: { offered: true, target: 25, responses: { n: 12 }, share: 48 },
      },
    })
    expect(body.schools[1]).toMatchObject({
      school: { id: two, region: 'South' },
      responses: { hidden: 'complement' },
      roles: { family: { responses: { hidden: 'complement' }, share: null }, staff: { responses: { under: 10 }, share: null } },
    })
    const north = await get(analyst, `/api/administrations/${admin.administrationId}/rates?region=North`)
    expect(north.schools.map((s: Json) => s.school.id)).toEqual([one, three])
  })

  it('answers an unknown administration with 404 and a bad one with 400; the old district URL is gone', async () => {
    const analyst = await signIn(t.app, 'district-analyst')
    const missing = await t.app.inject({ method: 'GET', url: '/api/administrations/999999/rates', headers: analyst })
    expect([missing.statusCode, missing.json().message]).toEqual([404, 'No administration with id 999999.'])
    const bad = await t.app.inject({ method: 'GET', url: '/api/administrations/0/rates', headers: analyst })
    expect([bad.statusCode, bad.json().message]).toEqual([400, 'Invalid params: /id must be >= 1.'])
    const old = await t.app.inject({ method: 'GET', url: `/api/district/response-rates?administration=${admin.administrationId}`, headers: analyst })
    expect(old.statusCode).toBe(404)
  })
})

describe('counts across endpoints', () => {
  /** Everything one reader reads of the schools they see: the rates report and each school's profile. */
  async function readAll(h: StaffHeaders) {
    const rates = await get(h, `/api/administrations/${admin.administrationId}/rates`)
    const profiles = new Map<number, Json>()
    for (const s of rates.schools) profiles.set(s.school.id, await get(h, `/api/schools/${s.school.id}/profile?administration=${admin.administrationId}`))
    return { rates, profiles }
  }
  const readers = async () => [
    ['district admin', await signIn(t.app, 'district-admin')],
    ['district analyst', await signIn(t.app, 'district-analyst')],
    ...admin.schools.map((s, i) => [`school team ${i + 1}`, (async () => signIn(t.app, 'school-team', [s.id]))()] as const),
  ] as [string, StaffHeaders | Promise<StaffHeaders>][]

  it("never lets a school's total minus the role counts of the profile and the rates report give a role under k", async () => {
    for (const [who, pending] of await readers()) {
      const { rates, profiles } = await readAll(await pending)
      for (const s of rates.schools) {
        const profile = profiles.get(s.school.id)!
        // The two decide every role alike.
        for (const { role, count } of profile.responses) {
          const shown = s.roles[role].responses
          expect('n' in shown ? { shown: true, n: shown.n } : { shown: false }, `${who}: ${role} at ${s.school.name}`).toEqual(count.shown ? count : { shown: false })
        }
        if (!('n' in s.responses)) continue
        const shownRoles = ROLES.flatMap((role) => {
          const fromProfile = profile.responses.find((r: Json) => r.role === role).count
          const fromRates = s.roles[role].responses
          return fromProfile.shown ? [fromProfile.n] : 'n' in fromRates ? [fromRates.n] : []
        })
        const rest = s.responses.n - shownRoles.reduce((a: number, b: number) => a + b, 0)
        expect(rest === 0 || rest >= K, `${who}: ${s.school.name} total minus shown roles is ${rest}`).toBe(true)
      }
    }
  })

  it('pins no role, language or total of 1 to k − 1 people from everything a reader sees, each role counted by its domain figures (exact solver)', async () => {
    let checked = 0
    for (const [who, pending] of await readers()) {
      const { rates, profiles } = await readAll(await pending)
      for (const s of rates.schools) {
        const cells = truth.get(s.school.id)!
        const x = (role: string, locale: string) => `x_${role}_${locale.replace('-', '_')}`
        const program: IntegerProgram = { variables: new Map(), constraints: [] }
        for (const role of ROLES) for (const locale of LOCALES) program.variables.set(x(role, locale), 500)
        const roleSum = (role: string) => linear(LOCALES.map((l) => [x(role, l), 1]))
        const localeSum = (locale: string) => linear(ROLES.map((r) => [x(r, locale), 1]))
        const all = linear(ROLES.flatMap((r) => LOCALES.map((l): [string, number] => [x(r, l), 1])))
        const count = (expression: Linear, c: Json, label: string) => {
          if ('n' in c) program.constraints.push({ expression, lower: c.n, upper: c.n, label })
          else if ('under' in c) program.constraints.push({ expression, lower: 0, upper: K - 1, label })
          else program.constraints.push({ expression, lower: K, upper: Infinity, label })
        }
        count(all, s.responses, 'total')
        for (const role of ROLES) count(roleSum(role), s.roles[role].responses, role)
        for (const l of s.languages) count(localeSum(l.locale), l.responses, l.locale)
        // Everything is released: the live band holds the released total, and the reader is granted it.
        program.constraints.push({ expression: all, lower: s.live.from, upper: s.live.to, label: 'live band' })
        const profile = profiles.get(s.school.id)!
        for (const r of profile.responses) if (r.count.shown) count(roleSum(r.role), { n: r.count.n }, `profile ${r.role}`)
        // A domain figure's n counts the role's respondents with a score there: here every one of them, and the
        // reader is granted that it is the role's count.
        for (const d of profile.domains) {
          for (const measure of ['need', 'asset'] as const) {
            for (const role of ROLES) {
              const figure = d[measure].roles[role]
              const n = Object.values(cells[role]).reduce((a, b) => a + b, 0)
              if (figure.shown && figure.n === n) count(roleSum(role), { n }, `${d.domain} ${measure} ${role}`)
            }
          }
        }
        const truths: [string, Linear, number][] = [
          ['total', all, ROLES.reduce((sum, r) => sum + Object.values(cells[r]).reduce((a, b) => a + b, 0), 0)],
          ...ROLES.map((r): [string, Linear, number] => [r, roleSum(r), Object.values(cells[r]).reduce((a, b) => a + b, 0)]),
          ...LOCALES.map((l): [string, Linear, number] => [l, localeSum(l), ROLES.reduce((sum, r) => sum + (cells[r][l] ?? 0), 0)]),
        ]
        for (const [name, expression, value] of truths) {
          if (value < 1 || value >= K) continue
          checked += 1
          const range = integerRange(program, expression)
          expect(range.min <= value && value <= range.max).toBe(true)
          expect(range.max - range.min, `${who}: ${name} (${value}) at ${s.school.name} pinned`).toBeGreaterThan(0)
        }
      }
    }
    // Counts of 1 to k − 1: school 1's 6 Spanish-speaking families; school 2's 3 staff and 3 Spanish-speaking
    // families; school 3's 9 families, all in Spanish. District staff see all five; each school team its own.
    expect(checked).toBe(5 + 5 + 1 + 2 + 2)
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
        runBy: 'district',
        closed: false,
        schools: 1,
      },
    ])
  })
})
