import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'
import fp from 'fastify-plugin'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import auditReadsPlugin from '../../../server/audit/audit-reads'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

/**
 * Every read of figures and every export leaves one audit entry: who, what, the target and the filters, never a
 * figure, count or answer. A read refused by the access rules (403) leaves one too, outcome 'refused'.
 */
type Json = Record<string, any>

let t: TestApp
let admin: StaffHeaders & { email: string }
let analyst: StaffHeaders & { email: string }
let team: StaffHeaders & { email: string }
let district: Awaited<ReturnType<typeof openAdministration>>
let own: number
let other: number
let a: number

async function read(who: StaffHeaders | null, url: string) {
  const res = await t.app.inject({ method: 'GET', url, headers: who ?? {} })
  return res.statusCode
}

/** The audit entries written since `after` (an entry id), oldest first, as GET /api/audit shows them. */
async function entriesSince(after: number): Promise<Json[]> {
  const res = await t.app.inject({ method: 'GET', url: '/api/audit?limit=50', headers: admin })
  expect(res.statusCode).toBe(200)
  return (res.json().entries as Json[]).filter((e) => e.id > after).reverse()
}
async function lastId(): Promise<number> {
  const res = await t.app.inject({ method: 'GET', url: '/api/audit?limit=1', headers: admin })
  return (res.json().entries as Json[])[0]?.id ?? 0
}

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
  district = await openAdministration(t.app.db, { schools: 2, instruments: [{ slug: 'mini-ana', version: 1 }] })
  a = district.administrationId
  ;[own, other] = district.schools.map((s) => s.id)
  for (const { code } of district.codes) {
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/responses',
        payload: { id: randomUUID(), code, slug: 'mini-ana', version: 1, locale: 'en', channel: 'kiosk', answers: { food_worry: i < 7 ? 'often' : 'never', food_know_help: 1 } },
      })
      expect(res.statusCode).toBe(201)
    }
  }
  await releaseNow(t, a)
  admin = await signIn(t.app, 'district-admin')
  analyst = await signIn(t.app, 'district-analyst')
  team = await signIn(t.app, 'school-team', [own])
})
afterAll(() => t.close())

describe('reads of figures and exports in the audit log', () => {
  const cases = () =>
    [
      ['a school profile', `/api/schools/${own}/profile?administration=${a}`, 'read.profile', `school:${own}`, { administration: a }],
      ['the district comparison', `/api/district/compare?administration=${a}&role=family&region=North`, 'read.comparison', `administration:${a}`, { administration: a, role: 'family', region: 'North' }],
      ["an administration's response rates", `/api/administrations/${a}/rates`, 'read.response-rates', `administration:${a}`, {}],
      ['response rates of a cohort', `/api/administrations/${a}/rates?cohort=Cohort%201&region=North`, 'read.response-rates', `administration:${a}`, { cohort: 'Cohort 1', region: 'North' }],
      ["a school's gaps", `/api/schools/${own}/gaps?administration=${a}&needAtLeast=70`, 'read.gaps', `school:${own}`, { administration: a, needAtLeast: 70 }],
      ['the district gaps', `/api/district/gaps?administration=${a}&domain=food-security`, 'read.district-gaps', `administration:${a}`, { administration: a, domain: 'food-security' }],
      ['the gaps export', `/api/exports/gaps?administration=${a}&domain=food-security`, 'export.gaps', `administration:${a}`, { administration: a, domain: 'food-security' }],
      ['the comparison export', `/api/exports/district-comparison?administration=${a}&format=csv&role=family`, 'export.district-comparison', `administration:${a}`, { administration: a, format: 'csv', role: 'family' }],
      ['the responses export', `/api/exports/responses?administration=${a}&format=xlsx&includeText=false`, 'export.responses', `administration:${a}`, { administration: a, format: 'xlsx', includeText: false }],
      ['the school profile export', `/api/exports/schools/${own}/profile?administration=${a}&format=csv`, 'export.school-profile', `school:${own}`, { administration: a, format: 'csv' }],
      ['the partners export', '/api/exports/partners', 'export.partners', null, {}],
    ] as const

  it('records each read by an analyst exactly once: actor, action, target and the filters, and nothing else', async () => {
    for (const [what, url, action, target, detail] of cases()) {
      const before = await lastId()
      expect(await read(analyst, url), what).toBe(200)
      // The detail is exactly the query: no figure, count or answer beside it.
      expect(await entriesSince(before), what).toEqual([{ id: expect.any(Number), at: expect.any(String), actor: analyst.email, action, outcome: 'success', target, detail }])
    }
  })

  it('records a read refused by the access rules (403) as refused, with what was asked', async () => {
    const refused = [
      [`/api/district/compare?administration=${a}&role=family`, 'read.comparison', `administration:${a}`, { administration: String(a), role: 'family' }],
      [`/api/schools/${other}/profile?administration=${a}`, 'read.profile', `school:${other}`, { administration: String(a) }],
      [`/api/schools/${other}/gaps`, 'read.gaps', `school:${other}`, {}],
      [`/api/exports/responses?administration=${a}&format=csv`, 'export.responses', `administration:${a}`, { administration: String(a), format: 'csv' }],
      [`/api/exports/schools/${other}/profile?format=csv`, 'export.school-profile', `school:${other}`, { format: 'csv' }],
    ] as const
    for (const [url, action, target, detail] of refused) {
      const before = await lastId()
      expect(await read(team, url), url).toBe(403)
      expect(await entriesSince(before), url).toEqual([{ id: expect.any(Number), at: expect.any(String), actor: team.email, action, outcome: 'refused', target, detail }])
    }
  })

  it('records a read its service refuses (403) as refused, with the filters as checked', async () => {
    const before = await lastId()
    // Free text is for district admins only.
    expect(await read(analyst, `/api/exports/responses?administration=${a}&format=csv&includeText=true`)).toBe(403)
    expect(await entriesSince(before)).toEqual([
      { id: expect.any(Number), at: expect.any(String), actor: analyst.email, action: 'export.responses', outcome: 'refused', target: `administration:${a}`, detail: { administration: a, format: 'csv', includeText: true } },
    ])
  })

  it('keeps what a refused caller sent short', async () => {
    const before = await lastId()
    expect(await read(team, `/api/district/compare?administration=${a}&region=${'x'.repeat(5000)}`)).toBe(403)
    const [entry] = await entriesSince(before)
    expect(entry.detail).toEqual({ administration: String(a), region: 'x'.repeat(100) })
  })

  it('records nothing for a read that reads nothing: not signed in (401), bad filters (400), no such school (404)', async () => {
    const before = await lastId()
    expect(await read(null, `/api/schools/${own}/profile`)).toBe(401)
    expect(await read(analyst, `/api/district/compare?administration=${a}&role=teacher`)).toBe(400)
    expect(await read(analyst, '/api/exports/responses?administration=0&format=csv')).toBe(400)
    expect(await read(analyst, '/api/schools/999999/profile')).toBe(404)
    expect(await entriesSince(before)).toEqual([])
  })

  it('lets an admin list the reads apart from the rest', async () => {
    expect(await read(analyst, `/api/schools/${own}/profile?administration=${a}`)).toBe(200)
    const res = await t.app.inject({ method: 'GET', url: '/api/audit?action=read.', headers: admin })
    const entries = res.json().entries as Json[]
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.every((e) => e.action.startsWith('read.'))).toBe(true)
    // Reading the log is not itself a read of figures.
    expect((await t.app.inject({ method: 'GET', url: '/api/audit?action=audit', headers: admin })).json().entries).toEqual([])
  })

  it('refuses to start with an export that declares no audit entry', async () => {
    const app = Fastify()
    // Stand-ins for the plugins it depends on.
    await app.register(fp(async () => {}, { name: 'database' }))
    await app.register(fp(async () => {}, { name: 'access' }))
    await app.register(auditReadsPlugin)
    void app.register(async (routes) => {
      routes.get('/api/exports/everything', async () => 'all of it')
    })
    await expect(app.ready()).rejects.toThrow('Route GET /api/exports/everything is an export without config.audit; refusing to start.')
    await app.close().catch(() => {})
  })
})
