import { randomUUID } from 'node:crypto'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

type Json = Record<string, any>

let t: TestApp
let admin: StaffHeaders & { email: string }
let analyst: StaffHeaders
let teamA: StaffHeaders & { email: string }
let teamAB: StaffHeaders
let A: number
let B: number
let C: number
/** Version 2 of mini-ana: school A's own, published in the designer. */
let ownVersionA: number
/** A district version of mini-ana after version 1. */
let districtVersion: number

const CODE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/
const ANALYST_REFUSAL = 'District analysts read results and change nothing; a district admin or a school team makes changes.'
const ANALYSTS_NEED_NO_CODES = 'District analysts read results; access codes and their QR codes are for those who run administrations.'
const OUTSIDE_SCHOOLS = 'This administration includes schools outside your account; a district admin runs it.'
const VERSIONS_FIXED =
  'Responses have already come in under these instrument versions, so they cannot change: everyone in one administration answers the same questions. Make a new administration, or publish a new version for the next one.'
const CLOSED_FOR_CHANGES = 'This administration is closed; it can no longer be changed. Make a new administration instead.'

// A window in autumn 2027, Los Angeles (PDT, UTC-7): 07:30 local is 14:30Z, 23:59 local is 06:59Z the next day.
const OPENS = '2027-09-08T07:30'
const CLOSES = '2027-10-02T23:59'

async function call(app: TestApp, h: StaffHeaders | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  const res = await app.app.inject({
    method,
    url,
    headers: h ? { cookie: h.cookie, 'x-csrf-token': h['x-csrf-token'] } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  })
  return { status: res.statusCode, body: (res.body ? res.json() : null) as Json }
}
const api = (h: StaffHeaders | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) => call(t, h, method, url, payload)

const input = (overrides: Json = {}) => ({
  name: '2027-28 fall ANA',
  opensAt: OPENS,
  closesAt: CLOSES,
  mode: 'both',
  instruments: [{ slug: 'mini-ana', version: 1 }],
  schoolIds: [A, B],
  ...overrides,
})

async function create(overrides: Json = {}, h: StaffHeaders = admin): Promise<Json> {
  const res = await api(h, 'POST', '/api/administrations', input(overrides))
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}

/** Created for a window in the future, then opened now. */
async function opened(overrides: Json = {}): Promise<Json> {
  const a = await create(overrides)
  const res = await api(admin, 'POST', `/api/administrations/${a.id}/open`)
  expect(res.status, JSON.stringify(res.body)).toBe(200)
  return res.body
}

const codeOf = (a: Json, schoolId: number): string => a.schools.find((s: Json) => s.id === schoolId).code

const access = async (code: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/access/${encodeURIComponent(code)}` })
  return { status: res.statusCode, body: res.json() as Json }
}

const respond = async (code: string, overrides: Json = {}) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/responses',
    payload: {
      id: randomUUID(),
      code,
      slug: 'mini-ana',
      version: 1,
      locale: 'en',
      channel: 'phone',
      answers: { food_worry: 'often', food_know_help: 1, basic_needs: { clothes: 'help' } },
      ...overrides,
    },
  })
  return { status: res.statusCode, body: res.json() as Json }
}

/** Everything a refused change could have touched. */
async function snapshot(id: number) {
  const db = t.app.db
  return {
    row: await db.selectFrom('administrations').selectAll().where('id', '=', id).executeTakeFirst(),
    codes: await db.selectFrom('access_codes').selectAll().where('administration_id', '=', id).orderBy('code').execute(),
    instruments: await db.selectFrom('administration_instruments').selectAll().where('administration_id', '=', id).orderBy('instrument_version_id').execute(),
    own: await db.selectFrom('administration_school_instruments').selectAll().where('administration_id', '=', id).orderBy('school_id').orderBy('role').execute(),
    audit: await db.selectFrom('audit_log').select(['id', 'action', 'outcome']).where('target', '=', `administration:${id}`).orderBy('id').execute(),
  }
}

async function administrationCount() {
  const { n } = await t.app.db.selectFrom('administrations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
  return Number(n)
}

async function publishVersion(h: StaffHeaders, owner: number | 'district'): Promise<number> {
  const draft = await api(h, 'POST', `/api/designer/${owner}/drafts`, { slug: 'mini-ana', version: 1 })
  expect(draft.status, JSON.stringify(draft.body)).toBe(201)
  const published = await api(h, 'POST', `/api/designer/${owner}/drafts/${draft.body.id}/publish`, { revision: draft.body.revision })
  expect(published.status, JSON.stringify(published.body)).toBe(201)
  return published.body.version
}

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
  // Three schools (from the fixture, whose own administration stays aside).
  const fixture = await openAdministration(t.app.db, { schools: 3, instruments: [{ slug: 'mini-ana', version: 1 }] })
  ;[A, B, C] = fixture.schools.map((s) => s.id)
  admin = await signIn(t.app, 'district-admin')
  analyst = await signIn(t.app, 'district-analyst')
  teamA = await signIn(t.app, 'school-team', [A])
  teamAB = await signIn(t.app, 'school-team', [A, B])
  ownVersionA = await publishVersion(teamA, A)
  districtVersion = await publishVersion(admin, 'district')
})
afterAll(() => t.close())

describe('create', () => {
  it('answers 201 with the administration, a live code per school, and audits it', async () => {
    const res = await api(admin, 'POST', '/api/administrations', input({ name: '  2027-28 fall ANA  ' }))
    expect(res.status).toBe(201)
    const a = res.body
    expect(a).toEqual({
      id: expect.any(Number),
      name: '2027-28 fall ANA',
      status: 'scheduled',
      opensAt: '2027-09-08T14:30:00.000Z',
      closesAt: '2027-10-03T06:59:00.000Z',
      localOpensAt: OPENS,
      localClosesAt: CLOSES,
      timeZone: 'America/Los_Angeles',
      mode: 'both',
      runBy: 'district',
      closed: false,
      hasResponses: false,
      mayChange: true,
      instruments: [{ slug: 'mini-ana', version: 1, role: 'family', title: { default: 'Mini survey', es: 'Mini encuesta' }, minutes: 3 }],
      schools: expect.any(Array),
      // Tests leave PUBLIC_URL unset: the links open only on this computer, and the page says so.
      localLinks: true,
    })
    expect(a.schools).toHaveLength(2)
    for (const [i, s] of a.schools.entries()) {
      expect(s).toEqual({
        id: [A, B][i],
        name: expect.any(String),
        schoolCode: expect.any(String),
        region: expect.any(String),
        code: expect.stringMatching(CODE),
        grades: expect.any(String),
        revokedCodes: [],
        versions: [],
        offered: [{ role: 'family', slug: 'mini-ana', version: 1, grades: null }],
        links: { phone: `${t.config.publicUrl.replace(/\/$/, '')}/s/${s.code}`, kiosk: `${t.config.publicUrl.replace(/\/$/, '')}/k/${s.code}` },
      })
    }
    expect(a.schools[0].code).not.toBe(a.schools[1].code)

    // Stored: the window as instants, the zone it was entered in, one live code per school.
    const row = await t.app.db.selectFrom('administrations').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ name: '2027-28 fall ANA', mode: 'both', time_zone: 'America/Los_Angeles', closed_at: null })
    expect(row.opens_at.toISOString()).toBe('2027-09-08T14:30:00.000Z')
    expect(row.closes_at.toISOString()).toBe('2027-10-03T06:59:00.000Z')
    const codes = await t.app.db.selectFrom('access_codes').select(['school_id', 'code', 'revoked_at']).where('administration_id', '=', a.id).orderBy('school_id').execute()
    expect(codes).toEqual([
      { school_id: A, code: codeOf(a, A), revoked_at: null },
      { school_id: B, code: codeOf(a, B), revoked_at: null },
    ])

    const audit = await api(admin, 'GET', '/api/audit?action=administration.create')
    expect(audit.status).toBe(200)
    expect(audit.body.entries.find((e: Json) => e.target === `administration:${a.id}`)).toEqual({
      id: expect.any(Number),
      at: expect.any(String),
      actor: admin.email,
      action: 'administration.create',
      outcome: 'success',
      target: `administration:${a.id}`,
      detail: {
        name: '2027-28 fall ANA',
        runBy: 'district',
        opensAt: OPENS,
        closesAt: CLOSES,
        timeZone: 'America/Los_Angeles',
        mode: 'both',
        instruments: [{ slug: 'mini-ana', version: 1 }],
        schools: [A, B],
      },
    })
    // The codes open the survey: never in the log.
    expect(JSON.stringify(audit.body)).not.toContain(codeOf(a, A))
  })

  it('lists it, and shows it as scheduled with its code not yet open', async () => {
    const a = await create()
    const list = await api(admin, 'GET', '/api/administrations')
    expect(list.status).toBe(200)
    expect(list.body.timeZone).toBe('America/Los_Angeles')
    expect(list.body.administrations.find((x: Json) => x.id === a.id)).toMatchObject({ id: a.id, status: 'scheduled', schools: 2, localOpensAt: OPENS })
    expect(await access(codeOf(a, A))).toEqual({
      status: 410,
      body: { error: 'gone', message: 'This survey opens on 2027-09-08.', details: { reason: 'not-yet-open' } },
    })
  })

  it("names the opening day in the district's time zone, not in UTC", async () => {
    // 20:00 in Los Angeles on 8 September is 03:00 UTC on the 9th; a family reading the poster expects the 8th.
    const a = await create({ opensAt: '2027-09-08T20:00' })
    expect(a.opensAt).toBe('2027-09-09T03:00:00.000Z')
    const res = await access(codeOf(a, A))
    expect(res).toEqual({ status: 410, body: { error: 'gone', message: 'This survey opens on 2027-09-08.', details: { reason: 'not-yet-open' } } })
    // And through intake.
    expect(await respond(codeOf(a, A))).toEqual(res)
  })

  it.each([
    // Winter (PST, UTC-8)
    ['2027-01-15T08:00', '2027-01-15T16:00:00.000Z'],
    // The spring-forward gap: 02:30 on 14 March 2027 does not exist; it means 03:30 PDT.
    ['2027-03-14T02:30', '2027-03-14T10:30:00.000Z'],
    // The fall-back repeat: 01:30 on 7 November 2027 happens twice; the first (PDT) is meant.
    ['2027-11-07T01:30', '2027-11-07T08:30:00.000Z'],
  ])('stores %s Los Angeles time as %s', async (opensAt, instant) => {
    const a = await create({ opensAt, closesAt: '2027-12-31T23:59' })
    expect(a.opensAt).toBe(instant)
    const row = await t.app.db.selectFrom('administrations').select('opens_at').where('id', '=', a.id).executeTakeFirstOrThrow()
    expect(row.opens_at.toISOString()).toBe(instant)
  })

  it('lets a school team create one for its own schools, and no others', async () => {
    const own = await create({ schoolIds: [A] }, teamA)
    expect(own.mayChange).toBe(true)
    expect(own.schools.map((s: Json) => s.id)).toEqual([A])
    const before = await administrationCount()
    expect(await api(teamA, 'POST', '/api/administrations', input({ schoolIds: [A, B] }))).toEqual({
      status: 403,
      body: { error: 'forbidden', message: 'Your account can run administrations only for its own schools.' },
    })
    expect(await administrationCount()).toBe(before)
  })

  it('refuses a district analyst', async () => {
    const before = await administrationCount()
    expect(await api(analyst, 'POST', '/api/administrations', input())).toEqual({ status: 403, body: { error: 'forbidden', message: ANALYST_REFUSAL } })
    expect(await administrationCount()).toBe(before)
  })

  it.each([
    ['a window that closes before it opens', { opensAt: '2027-10-02T23:59', closesAt: '2027-09-08T07:30' }, 'The window must close after it opens.'],
    ['a window that closes as it opens', { closesAt: OPENS }, 'The window must close after it opens.'],
    ['a window that closed already', { opensAt: '2026-01-05T08:00', closesAt: '2026-02-01T08:00' }, 'The window must close in the future.'],
    ['a date that does not exist', { opensAt: '2027-02-30T10:00' }, 'opensAt must be a date and time such as 2026-09-08T07:30 (got 2027-02-30T10:00).'],
    ['a time that does not exist', { closesAt: '2027-10-02T24:00' }, 'closesAt must be a date and time such as 2026-09-08T07:30 (got 2027-10-02T24:00).'],
    ['an unknown school', { schoolIds: [999999] }, 'There is no school 999999.'],
    ['an unknown instrument', { instruments: [{ slug: 'no-such-survey', version: 1 }] }, 'There is no published version 1 of no-such-survey.'],
    ['an unknown version', { instruments: [{ slug: 'mini-ana', version: 99 }] }, 'There is no published version 99 of mini-ana.'],
    ['two versions of one instrument', { instruments: [{ slug: 'mini-ana', version: 1 }, { slug: 'mini-ana', version: 99 }] }, 'Offer one version of mini-ana, not several.'],
    ['a blank name', { name: '   ' }, 'Give the administration a name, such as 2026-27 fall ANA.'],
  ])('refuses %s with 400 and stores nothing', async (_, overrides, message) => {
    const before = await administrationCount()
    expect(await api(admin, 'POST', '/api/administrations', input(overrides))).toEqual({ status: 400, body: { error: 'bad_request', message } })
    expect(await administrationCount()).toBe(before)
  })

  it('refuses a version that is not published (a retired one) with 400', async () => {
    const base = await t.app.db.selectFrom('instrument_versions').selectAll().where('slug', '=', 'mini-ana').where('version', '=', 1).executeTakeFirstOrThrow()
    await t.app.db
      .insertInto('instrument_versions')
      .values({ slug: 'mini-ana', version: 90, status: 'retired', definition: JSON.stringify(base.definition), content_hash: `retired-${base.content_hash}`, translations: JSON.stringify(base.translations), published_at: null })
      .execute()
    const before = await administrationCount()
    expect(await api(admin, 'POST', '/api/administrations', input({ instruments: [{ slug: 'mini-ana', version: 90 }] }))).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'There is no published version 90 of mini-ana.' },
    })
    expect(await administrationCount()).toBe(before)
  })

  it("refuses a school's own version as the administration's, pointing to the school's choice", async () => {
    expect(await api(admin, 'POST', '/api/administrations', input({ instruments: [{ slug: 'mini-ana', version: ownVersionA }] }))).toEqual({
      status: 400,
      body: {
        error: 'bad_request',
        message: `Version ${ownVersionA} of mini-ana is one school's own; offer a district version here and choose the school's own for that school.`,
      },
    })
  })

  it.each([
    ['opensAt', { opensAt: '2027-09-08 07:30' }],
    ['opensAt', { opensAt: '8 September 2027' }],
    ['closesAt', { closesAt: '2027-10-02T23:59:00Z' }],
    ['closesAt', { closesAt: '2027-10-02' }],
  ])('refuses a badly written %s with 400 from the schema, naming the field', async (field, overrides) => {
    const before = await administrationCount()
    const res = await api(admin, 'POST', '/api/administrations', input(overrides))
    expect(res.status).toBe(400)
    expect(res.body.error).toBe('bad_request')
    expect(res.body.message).toMatch(new RegExp(`^Invalid body: /${field} must match pattern`))
    expect(await administrationCount()).toBe(before)
  })

  it('refuses an unknown mode and an empty list of schools from the schema', async () => {
    const mode = await api(admin, 'POST', '/api/administrations', input({ mode: 'fax' }))
    expect(mode.status).toBe(400)
    expect(mode.body.message).toMatch(/^Invalid body: \/mode /)
    const schools = await api(admin, 'POST', '/api/administrations', input({ schoolIds: [] }))
    expect(schools.status).toBe(400)
    expect(schools.body.message).toMatch(/^Invalid body: \/schoolIds /)
  })
})

describe("the district's time zone", () => {
  let seoul: TestApp
  let seoulAdmin: StaffHeaders
  let school: number

  beforeAll(async () => {
    seoul = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { DISTRICT_TIME_ZONE: 'Asia/Seoul' } })
    school = (await openAdministration(seoul.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })).schools[0].id
    seoulAdmin = await signIn(seoul.app, 'district-admin')
  })
  afterAll(() => seoul.close())

  it('reads the window in DISTRICT_TIME_ZONE (Seoul, UTC+9) and keeps the zone with the administration', async () => {
    const res = await call(seoul, seoulAdmin, 'POST', '/api/administrations', input({ schoolIds: [school] }))
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      opensAt: '2027-09-07T22:30:00.000Z',
      closesAt: '2027-10-02T14:59:00.000Z',
      localOpensAt: OPENS,
      localClosesAt: CLOSES,
      timeZone: 'Asia/Seoul',
    })
    const row = await seoul.app.db.selectFrom('administrations').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow()
    expect(row.time_zone).toBe('Asia/Seoul')
    expect(row.opens_at.toISOString()).toBe('2027-09-07T22:30:00.000Z')
    const list = await call(seoul, seoulAdmin, 'GET', '/api/administrations')
    expect(list.body.timeZone).toBe('Asia/Seoul')
    // Extending reads the new close in the same zone.
    const extended = await call(seoul, seoulAdmin, 'POST', `/api/administrations/${res.body.id}/extend`, { closesAt: '2027-10-09T08:00' })
    expect(extended.status).toBe(200)
    expect(extended.body).toMatchObject({ closesAt: '2027-10-08T23:00:00.000Z', localClosesAt: '2027-10-09T08:00' })
  })

  it('names the opening day in Seoul', async () => {
    // 07:30 in Seoul on 8 September is still the 7th in UTC.
    const res = await call(seoul, seoulAdmin, 'POST', '/api/administrations', input({ schoolIds: [school] }))
    const code = res.body.schools[0].code
    const gone = await seoul.app.inject({ method: 'GET', url: `/api/access/${code}` })
    expect(gone.statusCode).toBe(410)
    expect(gone.json()).toEqual({ error: 'gone', message: 'This survey opens on 2027-09-08.', details: { reason: 'not-yet-open' } })
  })
})

describe('edit before opening', () => {
  it('changes the name, mode, window, versions and schools, and audits the fields', async () => {
    const a = await create()
    const res = await api(admin, 'PATCH', `/api/administrations/${a.id}`, {
      name: 'Renamed',
      mode: 'kiosk',
      opensAt: '2027-09-15T08:00',
      instruments: [{ slug: 'mini-ana', version: districtVersion }, { slug: 'mini-staff', version: 1 }],
      schoolIds: [B, C],
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      name: 'Renamed',
      mode: 'kiosk',
      status: 'scheduled',
      opensAt: '2027-09-15T15:00:00.000Z',
      closesAt: '2027-10-03T06:59:00.000Z',
      localOpensAt: '2027-09-15T08:00',
      localClosesAt: CLOSES,
    })
    expect(res.body.instruments.map((i: Json) => [i.slug, i.version, i.role])).toEqual([
      ['mini-ana', districtVersion, 'family'],
      ['mini-staff', 1, 'staff'],
    ])
    // A left (its code with it); B kept its code; C got one.
    expect(res.body.schools.map((s: Json) => s.id)).toEqual([B, C])
    expect(codeOf(res.body, B)).toBe(codeOf(a, B))
    expect(codeOf(res.body, C)).toMatch(CODE)
    expect(await access(codeOf(a, A))).toMatchObject({ status: 404 })
    const log = await t.app.db.selectFrom('audit_log').selectAll().where('target', '=', `administration:${a.id}`).where('action', '=', 'administration.update').executeTakeFirstOrThrow()
    expect(log.detail).toMatchObject({ fields: ['name', 'mode', 'window', 'instruments', 'schools'] })
  })

  it('moves the close alone, keeping the opening', async () => {
    const a = await create()
    const res = await api(admin, 'PATCH', `/api/administrations/${a.id}`, { closesAt: '2027-10-09T23:59' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ opensAt: '2027-09-08T14:30:00.000Z', closesAt: '2027-10-10T06:59:00.000Z' })
  })

  it.each([
    ['a close before the opening', () => ({ closesAt: '2027-09-01T00:00' }), 'The window must close after it opens.'],
    ['a date that does not exist', () => ({ opensAt: '2027-02-29T08:00' }), 'opensAt must be a date and time such as 2026-09-08T07:30 (got 2027-02-29T08:00).'],
    ['a window in the past', () => ({ opensAt: '2025-01-01T00:00', closesAt: '2026-01-01T00:00' }), 'The window must close in the future.'],
    ['an unknown school', () => ({ schoolIds: [A, 999999] }), 'There is no school 999999.'],
    ['an unknown version', () => ({ instruments: [{ slug: 'mini-ana', version: 99 }] }), 'There is no published version 99 of mini-ana.'],
    ['two versions of one instrument', () => ({ instruments: [{ slug: 'mini-ana', version: 1 }, { slug: 'mini-ana', version: districtVersion }] }), 'Offer one version of mini-ana, not several.'],
    ['nothing', () => ({}), 'Nothing to change: send at least one of name, opensAt, closesAt, mode, instruments, schoolIds.'],
    ['a good name with a bad window', () => ({ name: 'Fine', closesAt: '2027-09-01T00:00' }), 'The window must close after it opens.'],
  ])('refuses %s with 400 and changes nothing', async (_, change, message) => {
    const a = await create()
    const before = await snapshot(a.id)
    expect(await api(admin, 'PATCH', `/api/administrations/${a.id}`, change())).toEqual({ status: 400, body: { error: 'bad_request', message } })
    expect(await snapshot(a.id)).toEqual(before)
  })

  it('refuses an unknown administration with 404', async () => {
    expect(await api(admin, 'PATCH', '/api/administrations/999999', { name: 'x' })).toEqual({ status: 404, body: { error: 'not_found', message: 'No administration with id 999999.' } })
  })
})

describe('open early', () => {
  it('opens now: the code works and responses are accepted', async () => {
    const a = await create()
    const before = Date.now()
    const res = await api(admin, 'POST', `/api/administrations/${a.id}/open`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'open', closed: false, closesAt: '2027-10-03T06:59:00.000Z' })
    expect(Date.parse(res.body.opensAt)).toBeGreaterThanOrEqual(before - 1000)
    expect(Date.parse(res.body.opensAt)).toBeLessThanOrEqual(Date.now())

    const code = codeOf(res.body, A)
    const offered = await access(code)
    expect(offered.status).toBe(200)
    expect(offered.body).toMatchObject({
      code,
      school: { id: A },
      administration: { id: a.id, name: '2027-28 fall ANA', closesAt: '2027-10-03T06:59:00.000Z', mode: 'both' },
      instruments: [{ slug: 'mini-ana', version: 1, role: 'family', minutes: 3, languages: ['en', 'es'] }],
    })
    expect((await respond(code)).status).toBe(201)
    expect((await api(admin, 'GET', `/api/administrations/${a.id}`)).body.hasResponses).toBe(true)
    const log = await t.app.db.selectFrom('audit_log').select(['action', 'outcome']).where('target', '=', `administration:${a.id}`).orderBy('id').execute()
    expect(log).toEqual([
      { action: 'administration.create', outcome: 'success' },
      { action: 'administration.open', outcome: 'success' },
    ])
  })

  it('refuses to open twice (409)', async () => {
    const a = await opened()
    const before = await snapshot(a.id)
    expect(await api(admin, 'POST', `/api/administrations/${a.id}/open`)).toEqual({ status: 409, body: { error: 'conflict', message: 'This administration is already open.' } })
    expect(await snapshot(a.id)).toEqual(before)
  })

  it('refuses to reopen a closed one (409)', async () => {
    const a = await opened()
    expect((await api(admin, 'POST', `/api/administrations/${a.id}/close`)).status).toBe(200)
    expect(await api(admin, 'POST', `/api/administrations/${a.id}/open`)).toEqual({
      status: 409,
      body: { error: 'conflict', message: 'This administration is closed; it cannot be reopened. Make a new administration instead.' },
    })
  })
})

describe('once open', () => {
  it('refuses a window edit with 409 and changes nothing', async () => {
    const a = await opened()
    for (const change of [{ opensAt: '2027-09-20T08:00' }, { closesAt: '2027-12-01T08:00' }, { name: 'Renamed too', closesAt: '2027-12-01T08:00' }]) {
      const before = await snapshot(a.id)
      expect(await api(admin, 'PATCH', `/api/administrations/${a.id}`, change)).toEqual({
        status: 409,
        body: { error: 'conflict', message: 'This administration is open: its window can only be extended or closed, not edited.' },
      })
      expect(await snapshot(a.id)).toEqual(before)
    }
  })

  it('still takes a new name, a mode and a school joining', async () => {
    const a = await opened()
    const res = await api(admin, 'PATCH', `/api/administrations/${a.id}`, { name: 'Open and renamed', mode: 'phone', schoolIds: [A, B, C] })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ name: 'Open and renamed', mode: 'phone', status: 'open' })
    expect((await access(codeOf(res.body, C))).status).toBe(200)
  })

  it('changes versions until the first response, then refuses with 409 and the explanation', async () => {
    const a = await opened()
    const changed = await api(admin, 'PATCH', `/api/administrations/${a.id}`, { instruments: [{ slug: 'mini-ana', version: districtVersion }] })
    expect(changed.status).toBe(200)
    expect((await respond(codeOf(a, A), { version: districtVersion })).status).toBe(201)
    const before = await snapshot(a.id)
    for (const instruments of [[{ slug: 'mini-ana', version: 1 }], [{ slug: 'mini-ana', version: districtVersion }, { slug: 'mini-staff', version: 1 }]]) {
      expect(await api(admin, 'PATCH', `/api/administrations/${a.id}`, { instruments })).toEqual({ status: 409, body: { error: 'conflict', message: VERSIONS_FIXED } })
      expect(await snapshot(a.id)).toEqual(before)
    }
  })

  it('refuses to let a school with responses leave (409), but lets one without leave', async () => {
    const a = await opened({ schoolIds: [A, B, C] })
    expect((await respond(codeOf(a, A))).status).toBe(201)
    const before = await snapshot(a.id)
    expect(await api(admin, 'PATCH', `/api/administrations/${a.id}`, { schoolIds: [B, C] })).toEqual({
      status: 409,
      body: { error: 'conflict', message: 'A school that has responses cannot leave the administration; revoke its code to stop new responses instead.' },
    })
    expect(await snapshot(a.id)).toEqual(before)
    const left = await api(admin, 'PATCH', `/api/administrations/${a.id}`, { schoolIds: [A, B] })
    expect(left.status).toBe(200)
    expect(left.body.schools.map((s: Json) => s.id)).toEqual([A, B])
    expect(await access(codeOf(a, C))).toMatchObject({ status: 404 })
  })
})

describe('extend', () => {
  it('moves the close later and audits from and to', async () => {
    const a = await opened()
    const res = await api(admin, 'POST', `/api/administrations/${a.id}/extend`, { closesAt: '2027-10-16T23:59' })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'open', closesAt: '2027-10-17T06:59:00.000Z', localClosesAt: '2027-10-16T23:59' })
    const log = await t.app.db.selectFrom('audit_log').selectAll().where('target', '=', `administration:${a.id}`).where('action', '=', 'administration.extend').executeTakeFirstOrThrow()
    expect(log.detail).toEqual({ from: CLOSES, to: '2027-10-16T23:59' })
  })

  it.each([
    ['2027-09-30T23:59', 400, `Extending moves the close later than it is now (${CLOSES}).`],
    [CLOSES, 400, `Extending moves the close later than it is now (${CLOSES}).`],
    ['2027-02-30T23:59', 400, 'closesAt must be a date and time such as 2026-10-02T23:59 (got 2027-02-30T23:59).'],
  ])('refuses %s with %i and changes nothing', async (closesAt, status, message) => {
    const a = await opened()
    const before = await snapshot(a.id)
    expect(await api(admin, 'POST', `/api/administrations/${a.id}/extend`, { closesAt })).toEqual({ status, body: { error: 'bad_request', message } })
    expect(await snapshot(a.id)).toEqual(before)
  })

  it('refuses a badly written close from the schema, naming the field', async () => {
    const a = await opened()
    const res = await api(admin, 'POST', `/api/administrations/${a.id}/extend`, { closesAt: 'next Friday' })
    expect(res.status).toBe(400)
    expect(res.body.message).toMatch(/^Invalid body: \/closesAt must match pattern/)
  })

  it('extends a window that ran out, and its code works again', async () => {
    const a = await opened()
    const hour = 3_600_000
    await t.app.db
      .updateTable('administrations')
      .set({ opens_at: new Date(Date.now() - 48 * hour), closes_at: new Date(Date.now() - hour) })
      .where('id', '=', a.id)
      .execute()
    const code = codeOf(a, A)
    expect(await access(code)).toEqual({ status: 410, body: { error: 'gone', message: 'This survey is closed. Thank you for your interest.', details: { reason: 'closed' } } })
    expect((await api(admin, 'GET', `/api/administrations/${a.id}`)).body.status).toBe('closed')
    // Still in the past: refused.
    const past = await api(admin, 'POST', `/api/administrations/${a.id}/extend`, { closesAt: '2026-01-01T00:00' })
    expect(past.status).toBe(400)
    const res = await api(admin, 'POST', `/api/administrations/${a.id}/extend`, { closesAt: CLOSES })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'open', closesAt: '2027-10-03T06:59:00.000Z' })
    expect((await access(code)).status).toBe(200)
    expect((await respond(code)).status).toBe(201)
  })

  it('points to extending, not to a new administration, when a window that ran out is opened or changed', async () => {
    const a = await opened()
    const hour = 3_600_000
    await t.app.db.updateTable('administrations').set({ opens_at: new Date(Date.now() - 48 * hour), closes_at: new Date(Date.now() - hour) }).where('id', '=', a.id).execute()
    const lapsed = "This administration's window has ended; extend it to open it again."
    const before = await snapshot(a.id)
    expect(await api(admin, 'POST', `/api/administrations/${a.id}/open`)).toEqual({ status: 409, body: { error: 'conflict', message: lapsed } })
    expect(await api(admin, 'PATCH', `/api/administrations/${a.id}`, { name: 'Later' })).toEqual({ status: 409, body: { error: 'conflict', message: lapsed } })
    expect(await api(admin, 'PUT', `/api/administrations/${a.id}/schools/${A}/instruments/family`, { slug: 'mini-ana', version: districtVersion })).toEqual({
      status: 409,
      body: { error: 'conflict', message: lapsed },
    })
    expect(await snapshot(a.id)).toEqual(before)
    expect((await api(admin, 'POST', `/api/administrations/${a.id}/extend`, { closesAt: CLOSES })).status).toBe(200)
    expect((await api(admin, 'PATCH', `/api/administrations/${a.id}`, { name: 'Later' })).status).toBe(200)
  })

  it('refuses one closed by staff with 409 and changes nothing', async () => {
    const a = await opened()
    expect((await api(admin, 'POST', `/api/administrations/${a.id}/close`)).status).toBe(200)
    const before = await snapshot(a.id)
    expect(await api(admin, 'POST', `/api/administrations/${a.id}/extend`, { closesAt: '2027-12-01T00:00' })).toEqual({
      status: 409,
      body: { error: 'conflict', message: 'This administration was closed by staff; it cannot be reopened. Make a new administration instead.' },
    })
    expect(await snapshot(a.id)).toEqual(before)
  })
})

describe('close', () => {
  it('closes now: the code answers 410 closed, intake refuses, and nothing more can change', async () => {
    const a = await opened()
    const code = codeOf(a, A)
    expect((await respond(code)).status).toBe(201)
    const res = await api(admin, 'POST', `/api/administrations/${a.id}/close`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'closed', closed: true })
    expect(Date.parse(res.body.closesAt)).toBeLessThanOrEqual(Date.now())
    const closed = { status: 410, body: { error: 'gone', message: 'This survey is closed. Thank you for your interest.', details: { reason: 'closed' } } }
    expect(await access(code)).toEqual(closed)
    expect(await respond(code)).toEqual(closed)

    const before = await snapshot(a.id)
    expect(await api(admin, 'POST', `/api/administrations/${a.id}/close`)).toEqual({ status: 409, body: { error: 'conflict', message: 'This administration is already closed.' } })
    expect(await api(admin, 'PATCH', `/api/administrations/${a.id}`, { name: 'Too late' })).toEqual({ status: 409, body: { error: 'conflict', message: CLOSED_FOR_CHANGES } })
    expect(await api(admin, 'PUT', `/api/administrations/${a.id}/schools/${B}/instruments/family`, { slug: 'mini-ana', version: districtVersion })).toEqual({
      status: 409,
      body: { error: 'conflict', message: CLOSED_FOR_CHANGES },
    })
    expect(await snapshot(a.id)).toEqual(before)
  })

  it('closes one that has not opened yet', async () => {
    const a = await create()
    const res = await api(admin, 'POST', `/api/administrations/${a.id}/close`)
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('closed')
    expect(await access(codeOf(a, A))).toMatchObject({ status: 410, body: { details: { reason: 'closed' } } })
  })
})

describe('access codes', () => {
  const revoked = { status: 410, body: { error: 'gone', message: 'This access code is no longer in use. Ask the school for a new one.', details: { reason: 'revoked' } } }

  it("revokes a school's code: the runner hears it is no longer in use; the other school's code still works", async () => {
    const a = await opened()
    const code = codeOf(a, A)
    const res = await t.app.inject({ method: 'POST', url: `/api/administrations/${a.id}/schools/${A}/codes/${code}/revoke`, headers: { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] } })
    expect(res.statusCode).toBe(204)
    expect(await access(code)).toEqual(revoked)
    expect(await respond(code)).toEqual(revoked)
    expect((await access(codeOf(a, B))).status).toBe(200)
    const detail = await api(admin, 'GET', `/api/administrations/${a.id}`)
    expect(detail.body.schools.find((s: Json) => s.id === A)).toMatchObject({ code: null, revokedCodes: [code] })
    const log = await t.app.db.selectFrom('audit_log').selectAll().where('target', '=', `administration:${a.id}`).where('action', '=', 'access-code.revoke').executeTakeFirstOrThrow()
    expect(log.detail).toEqual({ school: A })

    expect(await api(admin, 'POST', `/api/administrations/${a.id}/schools/${A}/codes/${code}/revoke`)).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'This school has no code in use with that value in this administration.' },
    })
    // B's code is not A's to revoke.
    expect(await api(admin, 'POST', `/api/administrations/${a.id}/schools/${A}/codes/${codeOf(a, B)}/revoke`)).toMatchObject({ status: 404 })
    expect((await access(codeOf(a, B))).status).toBe(200)
  })

  it('replaces a code: the old one is revoked, the new one works, and the log never names either', async () => {
    const a = await opened()
    const old = codeOf(a, A)
    const res = await api(admin, 'POST', `/api/administrations/${a.id}/schools/${A}/codes`)
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ code: expect.stringMatching(CODE), createdAt: expect.any(String) })
    const fresh = res.body.code
    expect(fresh).not.toBe(old)
    expect(await access(old)).toEqual(revoked)
    expect(await access(fresh)).toMatchObject({ status: 200, body: { code: fresh, school: { id: A } } })
    expect((await respond(fresh)).status).toBe(201)
    const detail = await api(admin, 'GET', `/api/administrations/${a.id}`)
    expect(detail.body.schools.find((s: Json) => s.id === A)).toMatchObject({ code: fresh, revokedCodes: [old] })
    const log = await t.app.db.selectFrom('audit_log').selectAll().where('target', '=', `administration:${a.id}`).where('action', '=', 'access-code.replace').executeTakeFirstOrThrow()
    expect(log.detail).toEqual({ school: A, revoked: 1 })
    expect(JSON.stringify(log)).not.toContain(old)
    expect(JSON.stringify(log)).not.toContain(fresh)
    // A school whose code was revoked gets a new one with nothing to revoke.
    await api(admin, 'POST', `/api/administrations/${a.id}/schools/${A}/codes/${fresh}/revoke`)
    const again = await api(admin, 'POST', `/api/administrations/${a.id}/schools/${A}/codes`)
    expect(again.status).toBe(201)
    expect((await access(again.body.code)).status).toBe(200)
  })

  it('replaces a code many times at once: each request succeeds, and one code stays in use', async () => {
    const a = await opened()
    const headers = { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] }
    const results = await Promise.all(Array.from({ length: 6 }, () => t.app.inject({ method: 'POST', url: `/api/administrations/${a.id}/schools/${A}/codes`, headers })))
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201])
    const codes = await t.app.db.selectFrom('access_codes').select(['code', 'revoked_at']).where('administration_id', '=', a.id).where('school_id', '=', A).execute()
    expect(codes).toHaveLength(7)
    const live = codes.filter((c) => c.revoked_at === null)
    expect(live).toHaveLength(1)
    expect(results.map((r) => r.json().code)).toContain(live[0].code)
    expect((await access(live[0].code)).status).toBe(200)
  })

  it("lets a school team manage its own school's code in a district-wide administration, and no other school's", async () => {
    const a = await opened()
    expect((await api(teamA, 'POST', `/api/administrations/${a.id}/schools/${A}/codes`)).status).toBe(201)
    const before = await snapshot(a.id)
    expect(await api(teamA, 'POST', `/api/administrations/${a.id}/schools/${B}/codes`)).toEqual({ status: 403, body: { error: 'forbidden', message: 'Your account can see only its own schools.' } })
    expect(await api(teamA, 'POST', `/api/administrations/${a.id}/schools/${B}/codes/${codeOf(a, B)}/revoke`)).toEqual({
      status: 403,
      body: { error: 'forbidden', message: 'Your account can see only its own schools.' },
    })
    expect(await api(admin, 'POST', `/api/administrations/${a.id}/schools/${C}/codes`)).toEqual({
      status: 404,
      body: { error: 'not_found', message: `School ${C} does not take part in this administration.` },
    })
    expect(await snapshot(a.id)).toEqual(before)
  })
})

describe('QR codes', () => {
  const qr = (h: StaffHeaders, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: h.cookie, 'x-csrf-token': h['x-csrf-token'] } })

  it("holds the school's survey link, made here; the kiosk one for /k/", async () => {
    const a = await opened()
    const code = codeOf(a, A)
    const base = t.config.publicUrl.replace(/\/$/, '')
    for (const [query, link] of [
      ['format=png', `${base}/s/${code}`],
      ['for=kiosk&format=png', `${base}/k/${code}`],
    ]) {
      const res = await qr(teamA, `/api/administrations/${a.id}/schools/${A}/qr?${query}`)
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('image/png')
      expect(res.headers['cache-control']).toBe('private, no-store')
      const png = PNG.sync.read(res.rawPayload)
      expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(link)
    }
    const svg = await qr(admin, `/api/administrations/${a.id}/schools/${A}/qr`)
    expect(svg.statusCode).toBe(200)
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/)
    expect(svg.body).toMatch(/^<svg /)
  })

  it('refuses an analyst, another school, a school outside it, and a school without a code in use', async () => {
    const a = await opened()
    const url = (school: number) => `/api/administrations/${a.id}/schools/${school}/qr`
    const refused = async (h: StaffHeaders, school: number) => {
      const res = await qr(h, url(school))
      return { status: res.statusCode, body: res.json() }
    }
    expect(await refused(analyst, A)).toEqual({ status: 403, body: { error: 'forbidden', message: ANALYSTS_NEED_NO_CODES } })
    expect(await refused(teamA, B)).toEqual({ status: 403, body: { error: 'forbidden', message: 'Your account can see only its own schools.' } })
    const outside = await qr(admin, url(C))
    expect(outside.statusCode).toBe(404)
    expect(outside.json()).toEqual({ error: 'not_found', message: `School ${C} does not take part in administration ${a.id}.` })
    await api(admin, 'POST', `/api/administrations/${a.id}/schools/${A}/codes/${codeOf(a, A)}/revoke`)
    const revoked = await qr(admin, url(A))
    expect(revoked.statusCode).toBe(404)
    expect(revoked.json()).toEqual({ error: 'not_found', message: 'This school has no code in use; make a new one first.' })
  })
})

describe("a school's own version", () => {
  it('is offered at that school in place of the administration\'s, and fixed from its first response for that role', async () => {
    const a = await opened()
    const put = await api(teamA, 'PUT', `/api/administrations/${a.id}/schools/${A}/instruments/family`, { slug: 'mini-ana', version: ownVersionA })
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    expect(put.body.schools.find((s: Json) => s.id === A).versions).toEqual([{ role: 'family', slug: 'mini-ana', version: ownVersionA }])
    const log = await t.app.db.selectFrom('audit_log').selectAll().where('target', '=', `administration:${a.id}`).where('action', '=', 'administration.school-version').executeTakeFirstOrThrow()
    expect(log.detail).toEqual({ school: A, role: 'family', choice: { slug: 'mini-ana', version: ownVersionA } })

    const atA = await access(codeOf(a, A))
    expect(atA.status).toBe(200)
    expect(atA.body.instruments.map((i: Json) => [i.slug, i.version, i.role])).toEqual([['mini-ana', ownVersionA, 'family']])
    const atB = await access(codeOf(a, B))
    expect(atB.body.instruments.map((i: Json) => [i.slug, i.version, i.role])).toEqual([['mini-ana', 1, 'family']])

    // Intake: A answers its own version only; B the administration's only.
    expect(await respond(codeOf(a, A), { version: 1 })).toEqual({ status: 400, body: { error: 'bad_request', message: 'This survey does not offer mini-ana version 1.' } })
    expect(await respond(codeOf(a, B), { version: ownVersionA })).toEqual({
      status: 400,
      body: { error: 'bad_request', message: `This survey does not offer mini-ana version ${ownVersionA}.` },
    })
    expect((await respond(codeOf(a, B), { version: 1 })).status).toBe(201)
    const first = await respond(codeOf(a, A), { version: ownVersionA })
    expect(first.status).toBe(201)
    const stored = await t.app.db
      .selectFrom('responses as r')
      .innerJoin('instrument_versions as v', 'v.id', 'r.instrument_version_id')
      .select(['v.version', 'r.school_id', 'r.role'])
      .where('r.id', '=', first.body.id)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ version: ownVersionA, school_id: A, role: 'family' })

    // From A's first family response, its version is fixed.
    const fixed = `This school already has family responses under the current version, so it cannot change: everyone at a school answers the same questions within one administration.`
    const before = await snapshot(a.id)
    expect(await api(teamA, 'PUT', `/api/administrations/${a.id}/schools/${A}/instruments/family`, { slug: 'mini-ana', version: districtVersion })).toEqual({
      status: 409,
      body: { error: 'conflict', message: fixed },
    })
    expect(await api(admin, 'DELETE', `/api/administrations/${a.id}/schools/${A}/instruments/family`)).toEqual({ status: 409, body: { error: 'conflict', message: fixed } })
    expect(await snapshot(a.id)).toEqual(before)
  })

  it('can be another district version, and can go back to the administration\'s', async () => {
    const a = await opened()
    const put = await api(admin, 'PUT', `/api/administrations/${a.id}/schools/${B}/instruments/family`, { slug: 'mini-ana', version: districtVersion })
    expect(put.status).toBe(200)
    expect((await access(codeOf(a, B))).body.instruments.map((i: Json) => i.version)).toEqual([districtVersion])
    const back = await api(admin, 'DELETE', `/api/administrations/${a.id}/schools/${B}/instruments/family`)
    expect(back.status).toBe(200)
    expect(back.body.schools.find((s: Json) => s.id === B).versions).toEqual([])
    expect((await access(codeOf(a, B))).body.instruments.map((i: Json) => i.version)).toEqual([1])
  })

  it('goes with its role when the administration stops asking that role (before any response)', async () => {
    const a = await opened({ instruments: [{ slug: 'mini-ana', version: 1 }, { slug: 'mini-staff', version: 1 }] })
    expect((await api(teamA, 'PUT', `/api/administrations/${a.id}/schools/${A}/instruments/family`, { slug: 'mini-ana', version: ownVersionA })).status).toBe(200)
    const res = await api(admin, 'PATCH', `/api/administrations/${a.id}`, { instruments: [{ slug: 'mini-staff', version: 1 }] })
    expect(res.status).toBe(200)
    expect(res.body.schools.find((s: Json) => s.id === A).versions).toEqual([])
    expect((await access(codeOf(a, A))).body.instruments.map((i: Json) => [i.slug, i.role])).toEqual([['mini-staff', 'staff']])
    expect(await respond(codeOf(a, A), { version: ownVersionA })).toEqual({
      status: 400,
      body: { error: 'bad_request', message: `This survey does not offer mini-ana version ${ownVersionA}.` },
    })
  })

  it.each([
    ['another school\'s version', () => [B, 'family', { slug: 'mini-ana', version: ownVersionA }], 403, 'forbidden', "This version belongs to another school; a school answers only the district's versions or its own."],
    ['an instrument of another role', () => [A, 'staff', { slug: 'mini-ana', version: 1 }], 400, 'bad_request', 'mini-ana is a family instrument, not a staff one.'],
    ['an unknown version', () => [A, 'family', { slug: 'mini-ana', version: 99 }], 400, 'bad_request', 'There is no published version 99 of mini-ana.'],
    ['a role the administration does not ask', () => [A, 'student', { slug: 'mini-student', version: 1 }], 400, 'bad_request', "This administration does not ask the student role; a school's own version can only stand in for a role it asks."],
    ['a school that does not take part', () => [C, 'family', { slug: 'mini-ana', version: 1 }], 404, 'not_found', 'School {C} does not take part in this administration.'],
  ] as const)('refuses %s and changes nothing', async (_, args, status, error, message) => {
    const a = await opened()
    const [schoolId, role, body] = args()
    const before = await snapshot(a.id)
    expect(await api(admin, 'PUT', `/api/administrations/${a.id}/schools/${schoolId}/instruments/${role}`, body)).toEqual({
      status,
      body: { error, message: message.replace('{C}', String(C)) },
    })
    expect(await snapshot(a.id)).toEqual(before)
  })
})

describe('who may change what', () => {
  it('a school team cannot change a district-wide administration (403), and changes nothing', async () => {
    const a = await create()
    const requests: [method: 'PATCH' | 'POST', url: string, payload?: unknown][] = [
      ['PATCH', `/api/administrations/${a.id}`, { name: 'Mine now' }],
      ['PATCH', `/api/administrations/${a.id}`, { schoolIds: [A] }],
      ['POST', `/api/administrations/${a.id}/open`],
      ['POST', `/api/administrations/${a.id}/extend`, { closesAt: '2027-12-01T00:00' }],
      ['POST', `/api/administrations/${a.id}/close`],
    ]
    for (const [method, url, payload] of requests) {
      const before = await snapshot(a.id)
      expect(await api(teamA, method, url, payload), `${method} ${url}`).toEqual({ status: 403, body: { error: 'forbidden', message: OUTSIDE_SCHOOLS } })
      expect(await snapshot(a.id)).toEqual(before)
    }
    // It sees its own school only, and is told it may not change the rest.
    const detail = await api(teamA, 'GET', `/api/administrations/${a.id}`)
    expect(detail.status).toBe(200)
    expect(detail.body.mayChange).toBe(false)
    expect(detail.body.schools.map((s: Json) => s.id)).toEqual([A])
  })

  it('a team whose schools are all of it runs it; it cannot add a school outside its account', async () => {
    const a = await create({ schoolIds: [A, B] }, teamAB)
    expect(a.mayChange).toBe(true)
    expect((await api(teamAB, 'PATCH', `/api/administrations/${a.id}`, { name: 'Ours' })).status).toBe(200)
    const before = await snapshot(a.id)
    expect(await api(teamAB, 'PATCH', `/api/administrations/${a.id}`, { schoolIds: [A, B, C] })).toEqual({
      status: 403,
      body: { error: 'forbidden', message: 'Your account can run administrations only for its own schools.' },
    })
    expect(await snapshot(a.id)).toEqual(before)
    expect((await api(teamAB, 'POST', `/api/administrations/${a.id}/open`)).status).toBe(200)
    expect((await api(teamAB, 'POST', `/api/administrations/${a.id}/close`)).status).toBe(200)
  })

  it('a team sees nothing of an administration without its schools (404)', async () => {
    const a = await create({ schoolIds: [B, C] })
    const notFound = { status: 404, body: { error: 'not_found', message: `No administration with id ${a.id}.` } }
    expect(await api(teamA, 'GET', `/api/administrations/${a.id}`)).toEqual(notFound)
    expect(await api(teamA, 'PATCH', `/api/administrations/${a.id}`, { name: 'x' })).toEqual(notFound)
    expect((await api(teamA, 'GET', '/api/administrations')).body.administrations.map((x: Json) => x.id)).not.toContain(a.id)
  })

  it('a district analyst reads but is refused every change (403), and changes nothing', async () => {
    const a = await opened()
    const requests: [method: 'PATCH' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown][] = [
      ['PATCH', `/api/administrations/${a.id}`, { name: 'Analysed' }],
      ['POST', `/api/administrations/${a.id}/open`],
      ['POST', `/api/administrations/${a.id}/extend`, { closesAt: '2027-12-01T00:00' }],
      ['POST', `/api/administrations/${a.id}/close`],
      ['POST', `/api/administrations/${a.id}/schools/${A}/codes`],
      ['POST', `/api/administrations/${a.id}/schools/${A}/codes/${codeOf(a, A)}/revoke`],
      ['PUT', `/api/administrations/${a.id}/schools/${A}/instruments/family`, { slug: 'mini-ana', version: districtVersion }],
      ['DELETE', `/api/administrations/${a.id}/schools/${A}/instruments/family`],
    ]
    for (const [method, url, payload] of requests) {
      const before = await snapshot(a.id)
      expect(await api(analyst, method, url, payload), `${method} ${url}`).toEqual({ status: 403, body: { error: 'forbidden', message: ANALYST_REFUSAL } })
      expect(await snapshot(a.id)).toEqual(before)
    }
    // It reads the administration, without the codes.
    const detail = await api(analyst, 'GET', `/api/administrations/${a.id}`)
    expect(detail.status).toBe(200)
    expect(detail.body.mayChange).toBe(false)
    expect(detail.body.schools.map((s: Json) => [s.code, s.revokedCodes])).toEqual([
      [null, []],
      [null, []],
    ])
  })

  it('nobody signed out does anything (401)', async () => {
    const a = await create()
    const before = await snapshot(a.id)
    expect((await api(null, 'POST', '/api/administrations', input())).status).toBe(401)
    expect((await api(null, 'POST', `/api/administrations/${a.id}/close`)).status).toBe(401)
    expect((await api(null, 'GET', `/api/administrations/${a.id}`)).status).toBe(401)
    expect(await snapshot(a.id)).toEqual(before)
  })
})
