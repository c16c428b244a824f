import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hideSmall } from '../../../server/disclosure/counts'
import { toLocalDateTime } from '../../../server/administrations/window'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

type Json = Record<string, any>
const K = 5
const LA = 'America/Los_Angeles'

describe('hideSmall', () => {
  it.each([
    [[], 5, false, []],
    [[12, 20], 5, false, [false, false]],
    [[5, 5], 5, false, [false, false]],
    // One small count would be the total minus the rest: its smallest neighbour goes with it.
    [[3, 20], 5, false, [true, true]],
    [[3, 20, 40], 5, false, [true, true, false]],
    // Two small ones holding at least k between them are enough.
    [[3, 4, 20], 5, false, [true, true, false]],
    // Two small ones holding fewer than k: one more.
    [[1, 2, 30, 40], 5, false, [true, true, true, false]],
    [[40, 2, 30, 1], 5, false, [false, true, true, true]],
    [[0, 7, 9], 5, false, [true, true, false]],
    [[0, 0, 0], 5, false, [true, true, true]],
    [[4], 5, false, [true]],
    // Forced: at least two hidden, holding at least k.
    [[10, 20, 30], 5, true, [true, true, false]],
    [[1, 20, 30], 5, true, [true, true, false]],
    [[14], 5, true, [true]],
    [[], 5, true, []],
  ] as [number[], number, boolean, boolean[]][])('hideSmall(%j, %i, %s) is %j', (counts, k, force, hidden) => {
    expect(hideSmall(counts, k, force)).toEqual(hidden)
  })

  it('never leaves a single hidden count to be read off the total, and hides at least k people or everything (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 5, max: 20 }), fc.boolean(), (counts, k, force) => {
        const hidden = hideSmall(counts, k, force)
        expect(hidden).toHaveLength(counts.length)
        const hiddenIdx = counts.flatMap((_, i) => (hidden[i] ? [i] : []))
        const shownSum = counts.reduce((sum, n, i) => sum + (hidden[i] ? 0 : n), 0)
        const total = counts.reduce((a, b) => a + b, 0)
        // Every count under k is hidden; forced, something is.
        counts.forEach((n, i) => n < k && expect(hidden[i]).toBe(true))
        if (force) expect(hiddenIdx.length).toBeGreaterThan(0)
        if (hiddenIdx.length === 0) return
        // Total minus the shown ones gives only the sum of the hidden ones: never one count alone, unless there is
        // only one count (then it is the total, and hidden only when the total is).
        if (counts.length > 1) expect(hiddenIdx.length).toBeGreaterThanOrEqual(2)
        expect(total - shownSum).toBe(hiddenIdx.reduce((sum, i) => sum + counts[i], 0))
        // The hidden ones hold at least k people, or all are hidden.
        if (hiddenIdx.length < counts.length) expect(total - shownSum).toBeGreaterThanOrEqual(k)
        // Only what is needed: the counts hidden besides the small ones are the smallest of the rest.
        const extra = hiddenIdx.filter((i) => counts[i] >= k)
        const shown = counts.filter((_, i) => !hidden[i])
        for (const i of extra) for (const n of shown) expect(counts[i]).toBeLessThanOrEqual(n)
      }),
      { numRuns: 3000, seed: 7 },
    )
  })
})

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
  /** Noon on 10 November in Los Angeles (PST): the day most responses are put on. */
  const BULK = '2026-11-10T20:00:00.000Z'

  const codes: Record<string, string> = {}
  const call = async (h: StaffHeaders, url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie: h.cookie, 'x-csrf-token': h['x-csrf-token'] } })
    return { status: res.statusCode, body: res.json() as Json }
  }
  const rates = async (h: StaffHeaders) => {
    const res = await call(h, `/api/administrations/${id}/rates`)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    return res.body
  }

  /** Responses through intake, then put on a chosen day with SQL. */
  async function answer(school: string, role: 'family' | 'staff', locale: string, count: number, times: { submitted?: string | null; received?: string } = {}) {
    for (let i = 0; i < count; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/responses',
        payload: {
          id: randomUUID(),
          code: codes[school],
          slug: role === 'family' ? 'mini-ana' : 'mini-staff',
          version: 1,
          locale,
          channel: 'phone',
          answers: role === 'family' ? { food_worry: 'sometimes', food_know_help: 2, basic_needs: { clothes: 'help' } } : { hunger_focus: 1 },
        },
      })
      expect(res.statusCode, res.body).toBe(201)
      await t.app.db
        .updateTable('responses')
        .set({ submitted_at: times.submitted ?? null, received_at: new Date(times.received ?? BULK) })
        .where('id', '=', res.json().id)
        .execute()
    }
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
  const CEDAR_DAYS = { '2026-10-28': 1, '2026-10-31': 1, '2026-11-01': 2, '2026-11-02': 1, '2026-11-03': 1, '2026-11-05': 1, '2026-11-10': 16 }

  beforeAll(async () => {
    t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { MIN_CELL_SIZE: String(K), RATE_LIMIT_PER_MINUTE: '100000' } })
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

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/administrations',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] },
      payload: {
        name: 'Fall 2026',
        opensAt: OPENS,
        closesAt: '2027-01-31T23:59',
        mode: 'both',
        instruments: [{ slug: 'mini-ana', version: 1 }, { slug: 'mini-staff', version: 1 }],
        schoolIds: Object.values(S),
      },
    })
    expect(created.statusCode, created.body).toBe(201)
    const detail = created.json()
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
  })
  afterAll(() => t.close())

  const n = (value: number) => ({ n: value })
  const under = { under: K }
  // A count of k or more hidden only beside a smaller one: no size given.
  const complement = { hidden: 'complement' }
  const role = (target: number | null, responses: Json, share: number | null) => ({ target, responses, share })

  it('gives a district admin exact counts per school, role and language, against the targets, lowest coverage first', async () => {
    const r = await rates(admin)
    expect(r.administration).toEqual({ id, name: 'Fall 2026', status: 'open', timeZone: LA })
    expect(r.minCellSize).toBe(K)
    expect(r.exact).toBe(true)
    expect(r.roles).toEqual(['family', 'staff'])
    expect(r.schools.map((s: Json) => [s.school.name, s.coverage])).toEqual([
      ['Alder', 2],
      ['Dogwood', 3],
      ['Birch', 6.8],
      ['Cedar', 8],
      ['Elm', null],
    ])
    const by = Object.fromEntries(r.schools.map((s: Json) => [s.school.name, s]))
    expect(by.Alder).toMatchObject({
      school: { id: S.Alder, name: 'Alder', region: expect.any(String), cohort: 'Cohort 1' },
      responses: n(14),
      coverage: 2,
      roles: { student: role(500, n(0), 0), family: role(400, n(8), 2), staff: role(30, n(6), 20) },
      languages: [
        { locale: 'en', responses: n(11) },
        { locale: 'es', responses: n(3) },
      ],
    })
    expect(by.Birch).toMatchObject({
      responses: n(19),
      roles: { student: role(300, n(0), 0), family: role(250, n(17), 6.8), staff: role(25, n(2), 8) },
      languages: [
        { locale: 'en', responses: n(12) },
        { locale: 'es', responses: n(6) },
        { locale: 'ko', responses: n(1) },
      ],
    })
    expect(by.Cedar).toMatchObject({
      responses: n(23),
      roles: { student: role(260, n(0), 0), family: role(200, n(16), 8), staff: role(20, n(7), 35) },
      languages: [
        { locale: 'en', responses: n(16) },
        { locale: 'es', responses: n(7) },
      ],
    })
    // No staff target: no share, and coverage is the family share alone.
    expect(by.Dogwood).toMatchObject({ responses: n(3), coverage: 3, roles: { student: role(null, n(0), null), family: role(100, n(3), 3), staff: role(null, n(0), null) } })
    expect(by.Elm).toMatchObject({ responses: n(0), coverage: null, languages: [], roles: { family: role(null, n(0), null), staff: role(null, n(0), null) } })
    expect(r.district).toMatchObject({ responses: 59, schools: 5, schoolsUnderK: 0 })
  })

  it("keeps running totals by day in the district's time zone, across the change from daylight saving", async () => {
    const r = await rates(admin)
    const days = expectedDays()
    expect(r.days).toEqual(days)
    expect(r.days.filter((d: string) => d === '2026-11-01')).toHaveLength(1)
    const by = Object.fromEntries(r.schools.map((s: Json) => [s.school.name, s]))
    const cedar = running(days, CEDAR_DAYS)
    expect(by.Cedar.trend).toEqual(cedar.map(n))
    expect(Object.fromEntries(days.slice(0, 11).map((d, i) => [d, cedar[i]]))).toEqual({
      '2026-10-28': 1,
      '2026-10-29': 1,
      '2026-10-30': 1,
      '2026-10-31': 2,
      '2026-11-01': 4,
      '2026-11-02': 5,
      '2026-11-03': 6,
      '2026-11-04': 6,
      '2026-11-05': 7,
      '2026-11-06': 7,
      '2026-11-07': 7,
    })
    expect(by.Alder.trend).toEqual(running(days, { '2026-11-10': 14 }).map(n))
    expect(by.Elm.trend).toEqual(days.map(() => n(0)))
    expect(r.district.trend).toEqual(days.map((d, i) => cedar[i] + (d >= '2026-11-10' ? 14 + 19 + 3 : 0)))
    expect(r.district.trend.at(-1)).toBe(59)
  })

  it("shows a district analyst '<k' for counts under k, hiding at least two holding at least k people in each partition", async () => {
    const r = await rates(analyst)
    expect(r.exact).toBe(false)
    const by = Object.fromEntries(r.schools.map((s: Json) => [s.school.name, s]))
    // Alder: Spanish (3) is under k, so English goes with it (no size given, being k or more); the roles then hide too, two of them.
    expect(by.Alder).toMatchObject({
      responses: n(14),
      coverage: 0,
      roles: { student: role(500, n(0), 0), family: role(400, complement, null), staff: role(30, complement, null) },
      languages: [
        { locale: 'en', responses: complement },
        { locale: 'es', responses: under },
      ],
    })
    // Birch: staff (2) is under k, so family goes with it; Korean (1) takes Spanish (6) along, English stays.
    expect(by.Birch).toMatchObject({
      responses: n(19),
      coverage: 0,
      roles: { family: role(250, complement, null), staff: role(25, under, null) },
      languages: [
        { locale: 'en', responses: n(12) },
        { locale: 'es', responses: complement },
        { locale: 'ko', responses: under },
      ],
    })
    // Cedar: nothing under k. The student role is not asked, so its zero is no secret and hides nothing.
    expect(by.Cedar).toMatchObject({
      responses: n(23),
      coverage: 8,
      roles: { student: role(260, n(0), 0), family: role(200, n(16), 8), staff: role(20, n(7), 35) },
      languages: [
        { locale: 'en', responses: n(16) },
        { locale: 'es', responses: n(7) },
      ],
    })
    // Dogwood and Elm: under k altogether.
    expect(by.Dogwood).toMatchObject({ responses: under, coverage: 0, roles: { family: role(100, under, null), staff: role(null, under, null) }, languages: [{ locale: 'es', responses: under }] })
    expect(by.Elm).toMatchObject({ responses: under, coverage: 0, languages: [] })
    // Hidden counts count as no coverage: they come first, by name.
    expect(r.schools.map((s: Json) => s.school.name)).toEqual(['Alder', 'Birch', 'Dogwood', 'Elm', 'Cedar'])
    expect(r.district).toMatchObject({ responses: 14 + 19 + 23, schools: 5, schoolsUnderK: 2 })

    // Running totals under k are '<k' too.
    const days = expectedDays()
    const cedar = running(days, CEDAR_DAYS)
    expect(by.Cedar.trend).toEqual(cedar.map((c) => (c < K ? under : n(c))))
    expect(by.Dogwood.trend).toEqual(days.map(() => under))
    expect(r.district.trend).toEqual(days.map((d, i) => (cedar[i] >= K ? cedar[i] : 0) + (d >= '2026-11-10' ? 14 + 19 : 0)))

    // In every school, a hidden role or language never stands alone and the hidden ones hold at least k people.
    const exact = Object.fromEntries((await rates(admin)).schools.map((s: Json) => [s.school.name, s]))
    for (const s of r.schools) {
      const name = s.school.name
      const partitions = [
        (['family', 'staff'] as const).map((x) => ({ shown: s.roles[x].responses, n: exact[name].roles[x].responses.n as number })),
        s.languages.map((l: Json, i: number) => ({ shown: l.responses, n: exact[name].languages[i].responses.n as number })),
      ]
      for (const partition of partitions) {
        const isHidden = (c: Json) => 'under' in c.shown || 'hidden' in c.shown
        const hidden = partition.filter(isHidden)
        if (hidden.length === 0) continue
        if (hidden.length < partition.length) {
          expect(hidden.length, name).toBeGreaterThanOrEqual(2)
          expect(hidden.reduce((sum: number, c: Json) => sum + c.n, 0), name).toBeGreaterThanOrEqual(K)
        }
        for (const c of partition) {
          if (!isHidden(c)) expect(c.shown.n).toBe(c.n)
          // '<k' only for a count under k; a larger count hidden beside it gives no size.
          else expect(c.shown, name).toEqual(c.n < K ? under : complement)
        }
      }
    }
  })

  it('shows a school team only its own schools, with counts under k hidden', async () => {
    const r = await rates(teamCD)
    expect(r.exact).toBe(false)
    expect(r.schools.map((s: Json) => s.school.name)).toEqual(['Dogwood', 'Cedar'])
    expect(r.schools[0]).toMatchObject({ responses: under, roles: { family: role(100, under, null) } })
    expect(r.schools[1]).toMatchObject({ responses: n(23), roles: { family: role(200, n(16), 8) } })
    expect(r.district).toMatchObject({ responses: 23, schools: 2, schoolsUnderK: 1 })

    const alder = await rates(teamA)
    expect(alder.schools.map((s: Json) => s.school.id)).toEqual([S.Alder])
    expect(alder.district).toMatchObject({ responses: 14, schools: 1, schoolsUnderK: 0 })
  })

  it('tells a school team nothing of an administration without its schools, and nobody of one that does not exist', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/administrations',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] },
      payload: { name: 'Birch only', opensAt: OPENS, closesAt: '2027-01-31T23:59', mode: 'both', instruments: [{ slug: 'mini-ana', version: 1 }], schoolIds: [S.Birch] },
    })
    const birchOnly = created.json().id
    expect(await call(teamA, `/api/administrations/${birchOnly}/rates`)).toEqual({ status: 404, body: { error: 'not_found', message: `No administration with id ${birchOnly}.` } })
    expect(await call(admin, '/api/administrations/999999/rates')).toEqual({ status: 404, body: { error: 'not_found', message: 'No administration with id 999999.' } })
    // The fixture's own administration has nothing yet.
    const empty = await rates(admin).then(() => call(admin, `/api/administrations/${other}/rates`))
    expect(empty.status).toBe(200)
    expect(empty.body.district.responses).toBe(0)
  })

  it('never hides the only role asked or the only language: it is the school total, which is shown', async () => {
    const make = async (name: string, instruments: { slug: string; version: number }[], school: number) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/administrations',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] },
        payload: { name, opensAt: OPENS, closesAt: '2027-01-31T23:59', mode: 'both', instruments, schoolIds: [school] },
      })
      expect(res.statusCode, res.body).toBe(201)
      return { id: res.json().id as number, code: res.json().schools[0].code as string }
    }
    const saved = { Alder: codes.Alder, Birch: codes.Birch }
    try {
      // Families only: Spanish (3) hides English with it, and the family count is the total.
      const familyOnly = await make('Families only', [{ slug: 'mini-ana', version: 1 }], S.Alder)
      codes.Alder = familyOnly.code
      await answer('Alder', 'family', 'en', 12)
      await answer('Alder', 'family', 'es', 3)
      const one = await call(analyst, `/api/administrations/${familyOnly.id}/rates`)
      expect(one.body.schools[0]).toMatchObject({
        responses: n(15),
        coverage: 3.8,
        roles: { student: role(500, n(0), 0), family: role(400, n(15), 3.8), staff: role(30, n(0), 0) },
        languages: [
          { locale: 'en', responses: complement },
          { locale: 'es', responses: under },
        ],
      })

      // One language: staff (2) hides family with it, and the English count is the total.
      const oneLanguage = await make('English only', [{ slug: 'mini-ana', version: 1 }, { slug: 'mini-staff', version: 1 }], S.Birch)
      codes.Birch = oneLanguage.code
      await answer('Birch', 'family', 'en', 12)
      await answer('Birch', 'staff', 'en', 2)
      const two = await call(analyst, `/api/administrations/${oneLanguage.id}/rates`)
      expect(two.body.schools[0]).toMatchObject({
        responses: n(14),
        coverage: 0,
        roles: { family: role(250, complement, null), staff: role(25, under, null) },
        languages: [{ locale: 'en', responses: n(14) }],
      })
    } finally {
      Object.assign(codes, saved)
    }
  })

  it('has no days before an administration opens', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/administrations',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] },
      payload: { name: 'Spring 2027', opensAt: '2027-03-01T08:00', closesAt: '2027-04-01T23:59', mode: 'both', instruments: [{ slug: 'mini-ana', version: 1 }], schoolIds: [S.Alder, S.Birch] },
    })
    const r = await call(admin, `/api/administrations/${created.json().id}/rates`)
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ administration: { status: 'scheduled' }, days: [], district: { responses: 0, schools: 2, schoolsUnderK: 0, trend: [] } })
    expect(r.body.schools.map((s: Json) => s.trend)).toEqual([[], []])
  })
})
