import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Access } from '../../../server/plugins/access'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, TEST_PASSWORD } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'
import { ALLOW_TABLE, ANALYSTS_READ, type Context } from './allow-table'

/** 'pending': an account made at a first sign-in with the district's accounts, before an admin gives it a role. */
type Actor = 'anonymous' | 'respondent' | 'pending' | 'teamOwnSchool' | 'teamOtherSchool' | 'analyst' | 'admin'
const ACTORS: Actor[] = ['anonymous', 'respondent', 'pending', 'teamOwnSchool', 'teamOtherSchool', 'analyst', 'admin']

const UNAUTHORIZED = { status: 401, body: { error: 'unauthorized', message: 'Sign in to continue.' } }
const forbidden = (message: string) => ({ status: 403, body: { error: 'forbidden', message } })
const ADMINS_ONLY = forbidden('Only a district admin can do this.')
const DISTRICT_ONLY = forbidden('Only district staff can see figures for every school.')
const OWN_SCHOOLS = forbidden('Your account can see only its own schools.')
const NO_ROLE = { status: 403, body: { error: 'no_role', message: 'Your account has no access yet: a district admin needs to give it a role.' } }

/** Who gets what at each access level; `ok` means the route's own success status. */
const MATRIX: Record<Access, Record<Actor, 'ok' | typeof UNAUTHORIZED>> = {
  public: { anonymous: 'ok', respondent: 'ok', pending: 'ok', teamOwnSchool: 'ok', teamOtherSchool: 'ok', analyst: 'ok', admin: 'ok' },
  account: { anonymous: UNAUTHORIZED, respondent: UNAUTHORIZED, pending: 'ok', teamOwnSchool: 'ok', teamOtherSchool: 'ok', analyst: 'ok', admin: 'ok' },
  staff: { anonymous: UNAUTHORIZED, respondent: UNAUTHORIZED, pending: NO_ROLE, teamOwnSchool: 'ok', teamOtherSchool: 'ok', analyst: 'ok', admin: 'ok' },
  school: { anonymous: UNAUTHORIZED, respondent: UNAUTHORIZED, pending: NO_ROLE, teamOwnSchool: 'ok', teamOtherSchool: OWN_SCHOOLS, analyst: 'ok', admin: 'ok' },
  district: { anonymous: UNAUTHORIZED, respondent: UNAUTHORIZED, pending: NO_ROLE, teamOwnSchool: DISTRICT_ONLY, teamOtherSchool: DISTRICT_ONLY, analyst: 'ok', admin: 'ok' },
  admin: { anonymous: UNAUTHORIZED, respondent: UNAUTHORIZED, pending: NO_ROLE, teamOwnSchool: ADMINS_ONLY, teamOtherSchool: ADMINS_ONLY, analyst: ADMINS_ONLY, admin: 'ok' },
}

let t: TestApp
let ctx: Context
let otherSchoolId: number

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { CLIENT_DIR: path.resolve(import.meta.dirname, '../../fixtures/client'), RATE_LIMIT_PER_MINUTE: '100000', CODE_RATE_LIMIT_PER_MINUTE: '100000' } })
  const admin = await openAdministration(t.app.db, { schools: 2, instruments: [{ slug: 'mini-ana', version: 1 }] })
  otherSchoolId = admin.schools[1].id
  const target = await signIn(t.app, 'district-analyst')
  const login = await signIn(t.app, 'district-analyst')
  const draft = await t.app.inject({ method: 'POST', url: `/api/designer/${admin.schools[0].id}/drafts`, headers: strip(await signIn(t.app, 'district-admin')), payload: { slug: 'mini-ana', version: 1 } })
  ctx = {
    schoolId: admin.schools[0].id,
    administrationId: admin.administrationId,
    code: admin.codes[0].code,
    targetUserId: target.id,
    signIn: { email: login.email, password: TEST_PASSWORD },
    scheduled: () => scheduledAdministration(admin.schools[0].id),
    draftId: draft.json().id,
  }
})
afterAll(() => t.close())

let scheduledCount = 0
/** An administration of one school that opens in five days, with a code for it, run by that school (so its team may change it). */
async function scheduledAdministration(schoolId: number) {
  const day = 86_400_000
  const db = t.app.db
  const row = await db
    .insertInto('administrations')
    .values({ name: `Scheduled ${++scheduledCount}`, opens_at: new Date(Date.now() + 5 * day), closes_at: new Date(Date.now() + 35 * day), mode: 'both', run_by: 'school' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const version = await db.selectFrom('instrument_versions').select('id').where('slug', '=', 'mini-ana').where('version', '=', 1).executeTakeFirstOrThrow()
  await db.insertInto('administration_instruments').values({ administration_id: row.id, instrument_version_id: version.id, role: 'family' }).execute()
  const code = `SCHED${scheduledCount}X${row.id}`
  await db.insertInto('access_codes').values({ code, administration_id: row.id, school_id: schoolId }).execute()
  return { id: row.id, code }
}

/** A fresh session per check: some routes (sign-out, end all sessions) end sessions. */
async function headersOf(actor: Actor): Promise<Record<string, string>> {
  switch (actor) {
    case 'anonymous':
      return {}
    case 'respondent':
      return { 'x-client-token': 'a-respondent-device' }
    case 'pending':
      return strip(await signIn(t.app, 'pending'))
    case 'teamOwnSchool':
      return strip(await signIn(t.app, 'school-team', [ctx.schoolId]))
    case 'teamOtherSchool':
      return strip(await signIn(t.app, 'school-team', [otherSchoolId]))
    case 'analyst':
      return strip(await signIn(t.app, 'district-analyst'))
    case 'admin':
      return strip(await signIn(t.app, 'district-admin'))
  }
}
const strip = ({ cookie, 'x-csrf-token': csrf }: { cookie: string; 'x-csrf-token': string }) => ({ cookie, 'x-csrf-token': csrf })

describe('the allow-table', () => {
  it('lists every registered route, with the access the route declares', () => {
    const registered = t.app.routeAccess
    const missing: string[] = []
    for (const route of registered) {
      const key = `${route.method} ${route.url}`
      const row = ALLOW_TABLE[key] ?? (route.method === 'HEAD' ? ALLOW_TABLE[`GET ${route.url}`] : undefined)
      if (!row) missing.push(key)
      else expect({ key, access: route.access }).toEqual({ key, access: row.access })
    }
    expect(missing, 'routes without a row in tests/server/auth/allow-table.ts').toEqual([])
    const keys = new Set(registered.map((r) => `${r.method} ${r.url}`))
    expect(Object.keys(ALLOW_TABLE).filter((k) => !keys.has(k)), 'rows for routes that no longer exist').toEqual([])
  })
})

describe.each(ACTORS)('as %s', (actor) => {
  it.each(Object.keys(ALLOW_TABLE))('%s', async (key) => {
    const row = ALLOW_TABLE[key]
    const [method] = key.split(' ')
    // Analysts change nothing but their own account: every change a staff member may make refuses them (the README's roles table).
    const analystChange = actor === 'analyst' && method !== 'GET' && ['staff', 'school', 'district'].includes(row.access) ? ANALYSTS_READ : undefined
    const refusal = actor === 'teamOwnSchool' || actor === 'teamOtherSchool' || actor === 'analyst' ? (row.refusals?.[actor] ?? analystChange) : undefined
    const expected = refusal ? { status: refusal.status, body: { error: expect.any(String), message: typeof refusal.message === 'string' ? refusal.message : expect.stringMatching(refusal.message) } } : MATRIX[row.access][actor]
    for (const m of method === 'GET' ? ['GET', 'HEAD'] : [method]) {
      const { url, payload } = await row.request(ctx)
      const res = await t.app.inject({ method: m as 'GET', url, headers: await headersOf(actor), ...(payload === undefined ? {} : { payload: payload as object }) })
      if (expected === 'ok') {
        expect({ key, method: m, status: res.statusCode }).toEqual({ key, method: m, status: row.ok })
      } else {
        expect({ key, method: m, status: res.statusCode }).toEqual({ key, method: m, status: expected.status })
        if (m !== 'HEAD') expect(res.json()).toEqual(expected.body)
      }
    }
  })
})

describe('object-level checks', () => {
  it("lists a school team's own schools only", async () => {
    const own = await t.app.inject({ method: 'GET', url: '/api/schools', headers: await headersOf('teamOwnSchool') })
    expect(own.json().schools.map((s: { id: number }) => s.id)).toEqual([ctx.schoolId])
    const district = await t.app.inject({ method: 'GET', url: '/api/schools', headers: await headersOf('analyst') })
    expect(district.json().schools.map((s: { id: number }) => s.id)).toEqual(expect.arrayContaining([ctx.schoolId, otherSchoolId]))
  })

  it("refuses a school team another school's profile and export with 403 and nothing else, whether or not the school exists", async () => {
    const headers = await headersOf('teamOwnSchool')
    for (const url of [`/api/schools/${otherSchoolId}/profile`, `/api/exports/schools/${otherSchoolId}/profile?format=csv`, '/api/schools/999999/profile', '/api/schools/abc/profile']) {
      const res = await t.app.inject({ method: 'GET', url, headers })
      expect({ url, status: res.statusCode, body: res.json() }).toEqual({ url, status: 403, body: OWN_SCHOOLS.body })
      expect(res.headers['content-disposition']).toBeUndefined()
    }
  })
})
