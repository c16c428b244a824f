import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toLocalDateTime } from '../../../server/administrations/window'
import { LOCALES } from '../../../server/instruments/ana'
import { responsesByDay } from '../../../server/profiles/rates.queries'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { dayRanges, type Band } from '../../helpers/bands'
import { openAdministration } from '../../helpers/fixtures'

type Json = Record<string, any>
const K = 5
const LA = 'America/Los_Angeles'

describe('GET /api/administrations/:id/rates', () => {
  let t: TestApp
  let admin: StaffHeaders
  let analyst: StaffHeaders
  let teamCD: StaffHeaders
  let teamA: StaffHeaders
  let id: number
  let other: number
  const S: Record<string, number> = {}

  // Opens 08:00 on 28 October 2026 in Los Angeles (PDT): 15:00Z. Clocks fall back on 1 November.
  const OPENS = '2026-10-28T08:00'
  const OPENS_AT = '2026-10-28T15:00:00.000Z'
  const CLOSES = '2029-01-31T23:59'
  /** Noon on 10 November in Los Angeles (PST): the day most responses are put on. */
  const BULK = '2026-11-10T20:00:00.000Z'

  const codes: Record<string, string> = {}
  const call = async (h: StaffHeaders, url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie: h.cookie, 'x-csrf-token': h['x-csrf-token'] } })
    return { status: res.statusCode, body: res.json() as Json }
  }
  const rates = async (h: StaffHeaders, administration = id) => {
    const res = await call(h, `/api/administrations/${administration}/rates`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body
  }
  const bySchool = (r: Json) => Object.fromEntries(r.schools.map((s: Json) => [s.school.name, s]))

  const ANSWERS = {
    family: { slug: 'mini-ana', answers: { food_worry: 'sometimes', food_know_help: 2, basic_needs: { clothes: 'help' } } },
    staff: { slug: 'mini-staff', answers: { hunger_focus: 1 } },
    student: { slug: 'mini-student', answers: { hungry: 1, grade_band: '9-12' } },
  }

  /** Responses through intake, then put on a chosen day with SQL. */
  async function answer(school: string, role: 'family' | 'staff' | 'student', locale: string, count: number, times: { submitted?: string | null; received?: string } = {}) {
    for (let i = 0; i < count; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/responses',
        payload: { id: randomUUID(), code: codes[school], slug: ANSWERS[role].slug, version: 1, locale, channel: 'phone', answers: ANSWERS[role].answers },
      })
      expect(res.statusCode, res.body).toBe(201)
      await t.app.db
        .updateTable('responses')
        .set({ submitted_at: times.submitted ?? null, received_at: new Date(times.received ?? BULK) })
        .where('id', '=', res.json().id)
        .execute()
    }
  }

  async function create(name: string, instruments: string[], schoolIds: number[], opensAt = OPENS) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/administrations',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] },
      payload: { name, opensAt, closesAt: CLOSES, mode: 'both', instruments: instruments.map((slug) => ({ slug, version: 1 })), schoolIds },
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as { id: number; opensAt: string; schools: { id: number; name: string; code: string }[] }
  }

  /** The days from the opening to today, in Los Angeles. */
  function expectedDays(): string[] {
    const today = toLocalDateTime(new Date(), LA).slice(0, 10)
    const days: string[] = []
    for (let d = new Date('2026-10-28T12:00:00Z'); ; d = new Date(d.getTime() + 86_400_000)) {
      const day = d.toISOString().slice(0, 10)
      days.push(day)
      if (day >= today) return days
    }
  }
  /** Running totals over the days from responses per day. */
  const running = (days: string[], perDay: Record<string, number>) => {
    let sum = 0
    return days.map((d) => (sum += perDay[d] ?? 0))
  }
  const band = (n: number): Band => ({ from: Math.floor(n / K) * K, to: Math.floor(n / K) * K + K - 1 })
  const CEDAR_DAYS = { '2026-10-28': 1, '2026-10-31': 1, '2026-11-01': 2, '2026-11-02': 1, '2026-11-03': 1, '2026-11-05': 1, '2026-11-10': 16 }

  beforeAll(async () => {
    t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { MIN_CELL_SIZE: String(K), RATE_LIMIT_PER_MINUTE: '100000', CODE_RATE_LIMIT_PER_MINUTE: '100000' } })
    const fixture = await openAdministration(t.app.db, { schools: 5, instruments: [{ slug: 'mini-ana', version: 1 }] })
    other = fixture.administrationId
    const schools = [
      { name: 'Alder', students: 500, families: 400, staff: 30 },
      { name: 'Birch', students: 300, families: 250, staff: 25 },
      { name: 'Cedar', students: 260, families: 200, staff: 20 },
      { name: 'Dogwood', students: null, families: 100, staff: null },
      { name: 'Elm', students: null, families: null, staff: null },
    ]
    for (const [i, s] of schools.entries()) {
      S[s.name] = fixture.schools[i].id
      await t.app.db
        .updateTable('schools')
        .set({ name: s.name, enrollment_students: s.students, enrollment_families: s.families, enrollment_staff: s.staff })
        .where('id', '=', S[s.name])
        .execute()
    }
    admin = await signIn(t.app, 'district-admin')
    analyst = await signIn(t.app, 'district-analyst')
    teamCD = await signIn(t.app, 'school-team', [S.Cedar, S.Dogwood])
    teamA = await signIn(t.app, 'school-team', [S.Alder])

    const detail = await create('Fall 2026', ['mini-ana', 'mini-staff'], Object.values(S))
    id = detail.id
    expect(detail.opensAt).toBe(OPENS_AT)
    for (const s of detail.schools) codes[s.name] = s.code

    await answer('Alder', 'family', 'en', 5)
    await answer('Alder', 'family', 'es', 3)
    await answer('Alder', 'staff', 'en', 6)

    await answer('Birch', 'family', 'en', 10)
    await answer('Birch', 'family', 'es', 6)
    await answer('Birch', 'family', 'ko', 1)
    await answer('Birch', 'staff', 'en', 2)

    // Cedar's responses on chosen days, across the fall-back of 1 November:
    // submitted before the window opened (a kiosk's clock): the day it opened
    await answer('Cedar', 'family', 'en', 1, { submitted: '2026-10-20T12:00:00Z', received: '2026-10-29T12:00:00Z' })
    // 23:30 PDT on 31 October
    await answer('Cedar', 'family', 'en', 1, { submitted: '2026-11-01T06:30:00Z', received: '2026-11-01T06:31:00Z' })
    // 00:30 PDT on 1 November, and 23:30 PST the same day (a fixed offset of -7 would put it on the 2nd)
    await answer('Cedar', 'family', 'en', 1, { submitted: '2026-11-01T07:30:00Z', received: '2026-11-01T07:31:00Z' })
    await answer('Cedar', 'family', 'en', 1, { submitted: '2026-11-02T07:30:00Z', received: '2026-11-02T07:31:00Z' })
    // 00:30 PST on 2 November
    await answer('Cedar', 'family', 'en', 1, { submitted: '2026-11-02T08:30:00Z', received: '2026-11-02T08:31:00Z' })
    // not said when submitted: the day received
    await answer('Cedar', 'family', 'en', 1, { submitted: null, received: '2026-11-03T20:00:00Z' })
    // submitted "after" it was received (a clock ahead): the day received
    await answer('Cedar', 'family', 'en', 1, { submitted: '2026-11-10T12:00:00Z', received: '2026-11-05T12:00:00Z' })
    await answer('Cedar', 'family', 'en', 2)
    await answer('Cedar', 'family', 'es', 7)
    await answer('Cedar', 'staff', 'en', 7)

    await answer('Dogwood', 'family', 'es', 3)
    // Each school's first release takes everything it has.
    expect((await releaseNow(t, id)).released).toBe(59)
  })
  afterAll(() => t.close())

  const n = (value: number) => ({ n: value })
  const under = { under: K }
  // A count of k or more hidden only beside a smaller one: no size given.
  const complement = { hidden: 'complement' }
  const role = (offered: boolean, target: number | null, responses: Json, share: number | null) => ({ offered, target, responses, share })
  /** Every language of the runner, in its order: the given ones, and '<k' for the rest (zero included). */
  const languages = (given: Record<string, Json>) => LOCALES.map((locale) => ({ locale, responses: given[locale] ?? under }))

  it('gives every staff role the same released counts per school, role and language: no exact count under k for anyone, district admins included', async () => {
    const r = await rates(admin)
    expect(await rates(analyst)).toEqual(r)
    expect(r).not.toHaveProperty('exact')
    expect(r.administration).toEqual({ id, name: 'Fall 2026', status: 'open', timeZone: LA })
    expect(r.release).toMatchObject({ number: 1, final: false })
    expect(r.minCellSize).toBe(K)
    expect(r.roles).toEqual(['family', 'staff'])
    const by = bySchool(r)
    // Alder: every role k or more, so the total shows; Spanish (3) is under k and takes every other language with it
    // (the rest hold nobody, so English must go too for the hidden ones to hold k).
    expect(by.Alder).toMatchObject({
      school: { id: S.Alder, name: 'Alder', region: expect.any(String), cohort: 'Cohort 1', grades: 'TK-5' },
      responses: n(14),
      coverage: { status: 'known', share: 2 },
      roles: { student: role(false, 500, n(0), null), family: role(true, 400, n(8), 2), staff: role(true, 30, n(6), 20) },
      languages: languages({ en: complement, es: under }),
    })
    // Birch: staff (2) is under k, so family goes with it, and so does the total (the profile's food-security n for
    // families would otherwise give the 2 away); English stays, the hidden languages holding k.
    expect(by.Birch).toMatchObject({
      responses: complement,
      coverage: { status: 'unknown', share: null },
      roles: { student: role(false, 300, n(0), null), family: role(true, 250, complement, null), staff: role(true, 25, under, null) },
      languages: languages({ en: n(12), es: complement, ko: under }),
    })
    expect(by.Cedar).toMatchObject({
      responses: n(23),
      coverage: { status: 'known', share: 8 },
      roles: { student: role(false, 260, n(0), null), family: role(true, 200, n(16), 8), staff: role(true, 20, n(7), 35) },
      languages: languages({ en: n(16), es: complement }),
    })
    // Dogwood: under k altogether; its one target (families) is withheld, so its coverage is unknown, never 0.
    expect(by.Dogwood).toMatchObject({
      responses: under,
      coverage: { status: 'unknown', share: null },
      roles: { family: role(true, 100, under, null), staff: role(true, null, under, null) },
      languages: languages({}),
    })
    expect(by.Elm).toMatchObject({ responses: under, coverage: { status: 'no-target', share: null }, languages: languages({}) })
    // Lowest known coverage first, unknown coverage after (not first), nothing to measure last.
    expect(r.schools.map((s: Json) => s.school.name)).toEqual(['Alder', 'Cedar', 'Birch', 'Dogwood', 'Elm'])
    expect(r.district).toMatchObject({ schools: 5, responses: 14 + 23, schoolsWithheld: 3, live: band(59) })
  })

  it('in every school, hides a role or language never alone, the hidden ones holding at least k people, and says <k only of a count under k', async () => {
    const r = await rates(analyst)
    const rows = await t.app.db
      .selectFrom('responses')
      .select(['school_id', 'role', 'locale', (eb) => eb.fn.countAll<string>().as('n')])
      .where('administration_id', '=', id)
      .where('release_id', 'is not', null)
      .groupBy(['school_id', 'role', 'locale'])
      .execute()
    const count = (schoolId: number, where: (row: (typeof rows)[number]) => boolean) => rows.filter((x) => x.school_id === schoolId && where(x)).reduce((sum, x) => sum + Number(x.n), 0)
    for (const s of r.schools) {
      const name = s.school.name
      const partitions = [
        (['family', 'staff'] as const).map((x) => ({ shown: s.roles[x].responses, n: count(s.school.id, (row) => row.role === x) })),
        s.languages.map((l: Json) => ({ shown: l.responses, n: count(s.school.id, (row) => row.locale === l.locale) })),
      ]
      for (const partition of partitions) {
        const isHidden = (c: Json) => !('n' in c.shown)
        const hidden = partition.filter(isHidden)
        if (hidden.length > 0 && hidden.length < partition.length) {
          expect(hidden.length, name).toBeGreaterThanOrEqual(2)
          expect(hidden.reduce((sum: number, c: Json) => sum + c.n, 0), name).toBeGreaterThanOrEqual(K)
        }
        for (const c of partition) {
          if (!isHidden(c)) expect(c.shown.n).toBe(c.n)
          // '<k' only for a count under k; a larger count hidden beside it gives no size.
          else expect(c.shown, name).toEqual(c.n < K ? under : complement)
        }
      }
      const total = count(s.school.id, () => true)
      if ('n' in s.responses) expect(s.responses.n).toBe(total)
      else expect(s.responses, name).toEqual(total < K ? under : complement)
    }
  })

  it('decides the profile’s respondents per role with the same function on the same counts', async () => {
    for (const name of Object.keys(S)) {
      const profile = await call(analyst, `/api/schools/${S[name]}/profile?administration=${id}`)
      expect(profile.status).toBe(200)
      const r = bySchool(await rates(analyst))[name]
      for (const { role: roleName, count } of profile.body.responses) {
        const shown = r.roles[roleName].responses
        if ('n' in shown) expect(count).toEqual({ shown: true, n: shown.n })
        else expect(count).toMatchObject({ shown: false, reason: 'fewer-than-k' })
      }
    }
  })

  it("counts the days in the district's time zone, across the change from daylight saving", async () => {
    const row = await t.app.db.selectFrom('administrations').select(['id', 'opens_at', 'time_zone']).where('id', '=', id).executeTakeFirstOrThrow()
    const days = await responsesByDay(t.app.db, row, [S.Cedar])
    expect(Object.fromEntries(days.map((d) => [d.day, Number(d.n)]))).toEqual(CEDAR_DAYS)
  })

  it('shows live progress by day only as bands of width k, for the district as for each school', async () => {
    const r = await rates(analyst)
    const days = expectedDays()
    expect(r.days).toEqual(days)
    expect(r.days.filter((d: string) => d === '2026-11-01')).toHaveLength(1)
    const by = bySchool(r)
    const cedar = running(days, CEDAR_DAYS)
    expect(by.Cedar.trend).toEqual(cedar.map(band))
    expect(by.Cedar.trend.slice(0, 6)).toEqual([band(1), band(1), band(1), band(2), band(4), band(5)])
    expect(by.Cedar.live).toEqual(band(23))
    expect(by.Alder.trend).toEqual(running(days, { '2026-11-10': 14 }).map(band))
    expect(by.Elm.trend).toEqual(days.map(() => band(0)))
    expect(r.district.trend).toEqual(days.map((d, i) => band(cedar[i] + (d >= '2026-11-10' ? 14 + 19 + 3 : 0))))
    expect(r.district.trend.at(-1)).toEqual(band(59))
  })

  it("lets nobody read one day's count under k from the trend, even granted each released total as the live one", async () => {
    const r = await rates(analyst)
    const truth = await responsesByDay(t.app.db, { id, opens_at: new Date(OPENS_AT), time_zone: LA }, Object.values(S))
    const perDay = (schoolIds: number[]) => r.days.map((d: string) => truth.filter((x) => schoolIds.includes(x.school_id) && x.day === d).reduce((sum, x) => sum + Number(x.n), 0))
    const series = [
      ...r.schools.map((s: Json) => ({ name: s.school.name, trend: s.trend as Band[], total: 'n' in s.responses ? (s.responses.n as number) : null, days: perDay([s.school.id]) })),
      { name: 'district', trend: r.district.trend as Band[], total: r.district.schoolsWithheld === 0 ? (r.district.responses as number) : null, days: perDay(Object.values(S)) },
    ]
    let days = 0
    for (const s of series) {
      // Everything is released, so the shown released total is the live one at the last day: granted to the reader.
      const exact = new Map(s.total === null ? [] : [[s.trend.length - 1, s.total]])
      dayRanges(s.trend, exact).forEach((range, i) => {
        const count = s.days[i]
        expect(range.min <= count && count <= range.max, `${s.name} ${r.days[i]}`).toBe(true)
        if (count > 0 && count < K) {
          days += 1
          expect(range.max - range.min, `${s.name} ${r.days[i]}: ${count} pinned`).toBeGreaterThan(0)
        }
      })
    }
    // The check had days of 1 to k − 1 to look at.
    expect(days).toBeGreaterThan(5)
  })

  it('shows a school team only its own schools, with the same figures as district staff', async () => {
    const all = bySchool(await rates(analyst))
    const r = await rates(teamCD)
    expect(r.schools.map((s: Json) => s.school.name)).toEqual(['Cedar', 'Dogwood'])
    expect(r.schools).toEqual([all.Cedar, all.Dogwood])
    expect(r.district).toMatchObject({ schools: 2, responses: 23, schoolsWithheld: 1, live: band(26) })

    const alder = await rates(teamA)
    expect(alder.schools).toEqual([all.Alder])
    expect(alder.district).toMatchObject({ schools: 1, responses: 14, schoolsWithheld: 0 })
  })

  it('filters by region and cohort for the district view', async () => {
    const north = await call(analyst, `/api/administrations/${id}/rates?region=North`)
    expect(north.status).toBe(200)
    expect(north.body.schools.map((s: Json) => s.school.name).sort()).toEqual(['Alder', 'Cedar', 'Elm'])
    const none = await call(analyst, `/api/administrations/${id}/rates?cohort=Cohort%209`)
    expect(none.body).toMatchObject({ schools: [], district: { schools: 0, responses: 0, schoolsWithheld: 0, live: band(0) } })
  })

  it('tells a school team nothing of an administration without its schools, and nobody of one that does not exist; bad input is a 400', async () => {
    const birchOnly = (await create('Birch only', ['mini-ana'], [S.Birch])).id
    expect(await call(teamA, `/api/administrations/${birchOnly}/rates`)).toEqual({ status: 404, body: { error: 'not_found', message: `No administration with id ${birchOnly}.` } })
    expect(await call(admin, '/api/administrations/999999/rates')).toEqual({ status: 404, body: { error: 'not_found', message: 'No administration with id 999999.' } })
    const bad = async (url: string) => {
      const res = await call(admin, url)
      return [res.status, res.body.error, res.body.message]
    }
    expect(await bad('/api/administrations/0/rates')).toEqual([400, 'bad_request', 'Invalid params: /id must be >= 1.'])
    expect(await bad(`/api/administrations/${id}/rates?exact=true`)).toEqual([400, 'bad_request', 'Invalid querystring: / must NOT have additional properties.'])
    expect(await bad(`/api/administrations/${id}/rates?region=`)).toEqual([400, 'bad_request', 'Invalid querystring: /region must NOT have fewer than 1 characters.'])
    // The fixture's own administration has nothing yet.
    const empty = await rates(admin, other)
    expect(empty.district).toMatchObject({ responses: 0, live: band(0) })
    expect(empty.release).toMatchObject({ number: null })
  })

  it('shows the only role asked, which is the total; and hides the total and every language with it when a role hides', async () => {
    const saved = { Alder: codes.Alder, Birch: codes.Birch }
    try {
      // Families only: the family count is the total, shown; Spanish (3) hides every other language with it.
      const familyOnly = await create('Families only', ['mini-ana'], [S.Alder])
      codes.Alder = familyOnly.schools[0].code
      await answer('Alder', 'family', 'en', 12)
      await answer('Alder', 'family', 'es', 3)
      await releaseNow(t, familyOnly.id)
      const one = (await rates(analyst, familyOnly.id)).schools[0]
      expect(one).toMatchObject({
        responses: n(15),
        coverage: { status: 'known', share: 3.8 },
        roles: { student: role(false, 500, n(0), null), family: role(true, 400, n(15), 3.8), staff: role(false, 30, n(0), null) },
        languages: languages({ en: complement, es: under }),
      })

      // One language: staff (2) hides family with it and the total; the English count would be the total, so it goes too.
      const oneLanguage = await create('English only', ['mini-ana', 'mini-staff'], [S.Birch])
      codes.Birch = oneLanguage.schools[0].code
      await answer('Birch', 'family', 'en', 12)
      await answer('Birch', 'staff', 'en', 2)
      await releaseNow(t, oneLanguage.id)
      const two = (await rates(analyst, oneLanguage.id)).schools[0]
      expect(two).toMatchObject({
        responses: complement,
        coverage: { status: 'unknown', share: null },
        roles: { family: role(true, 250, complement, null), staff: role(true, 25, under, null) },
        languages: languages({ en: complement }),
      })
    } finally {
      Object.assign(codes, saved)
    }
  })

  it('measures coverage only from shown shares, and does not count a role against a school none of whose instruments its grades can answer', async () => {
    const schools = await t.app.db
      .insertInto('schools')
      .values([
        // The student survey asks grades 6-8 and 9-12: no offer to a TK-2 primary or a TK-5 elementary.
        { code: 'COV-1', name: 'Hundred Elementary', region: 'East', cohort: null, grades: 'TK-5', enrollment_students: 400, enrollment_families: 300, enrollment_staff: 30 },
        { code: 'COV-2', name: 'Ridge High', region: 'East', cohort: null, grades: '9-12', enrollment_students: 300, enrollment_families: 250, enrollment_staff: 25 },
        { code: 'COV-3', name: 'Little Primary', region: 'East', cohort: null, grades: 'TK-2', enrollment_students: 200, enrollment_families: 250, enrollment_staff: 25 },
      ])
      .returning(['id', 'name'])
      .execute()
    const coverage = await create('Coverage', ['mini-ana', 'mini-staff', 'mini-student'], schools.map((s) => s.id))
    const saved = { ...codes }
    try {
      for (const s of coverage.schools) codes[s.name] = s.code
      // 101 responses, one role withheld: coverage unknown, not 0 %, and after the schools whose coverage is known.
      await answer('Hundred Elementary', 'family', 'en', 98)
      await answer('Hundred Elementary', 'staff', 'en', 3)
      // Staff (3) hides the families (12) with it; the students' share is shown: coverage is at most that.
      await answer('Ridge High', 'student', 'en', 20)
      await answer('Ridge High', 'family', 'en', 12)
      await answer('Ridge High', 'staff', 'en', 3)
      // No student instrument for TK-2: the students' enrollment does not count, and their zero is no secret.
      await answer('Little Primary', 'family', 'en', 30)
      await answer('Little Primary', 'staff', 'en', 10)
      await releaseNow(t, coverage.id)
      const r = await rates(analyst, coverage.id)
      expect(r.roles).toEqual(['student', 'family', 'staff'])
      expect(r.schools.map((s: Json) => [s.school.name, s.coverage])).toEqual([
        ['Ridge High', { status: 'partial', share: 6.7 }],
        ['Little Primary', { status: 'known', share: 12 }],
        ['Hundred Elementary', { status: 'unknown', share: null }],
      ])
      const by = bySchool(r)
      expect(by['Hundred Elementary']).toMatchObject({
        responses: complement,
        roles: { student: role(false, 400, n(0), null), family: role(true, 300, complement, null), staff: role(true, 30, under, null) },
      })
      expect(by['Ridge High']).toMatchObject({
        responses: complement,
        roles: { student: role(true, 300, n(20), 6.7), family: role(true, 250, complement, null), staff: role(true, 25, under, null) },
      })
      expect(by['Little Primary']).toMatchObject({
        responses: n(40),
        roles: { student: role(false, 200, n(0), null), family: role(true, 250, n(30), 12), staff: role(true, 25, n(10), 40) },
      })
    } finally {
      Object.assign(codes, saved)
    }
  })

  it('counts only released responses; those still waiting show in the live band alone', async () => {
    const before = bySchool(await rates(analyst))
    // Two more families at Alder: a batch under k, so the next release leaves it waiting.
    await answer('Alder', 'family', 'en', 2)
    expect((await releaseNow(t, id)).released).toBe(0)
    const after = bySchool(await rates(analyst))
    expect(after.Alder).toEqual({ ...before.Alder, live: band(16), trend: after.Alder.trend })
    expect(after.Alder.trend.at(-1)).toEqual(band(16))
    expect(after.Alder.responses).toEqual(n(14))
  })

  it('has no days before an administration opens', async () => {
    const spring = await create('Spring 2027', ['mini-ana'], [S.Alder, S.Birch], '2027-03-01T08:00')
    const r = await rates(admin, spring.id)
    expect(r).toMatchObject({ administration: { status: 'scheduled' }, days: [], district: { responses: 0, schools: 2, schoolsWithheld: 2, trend: [] } })
    expect(r.schools.map((s: Json) => s.trend)).toEqual([[], []])
  })
})
