import { PROFILE_COLUMNS } from '../../../server/profiles/exports'
import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { complementSafe } from '../../../server/disclosure/categories'
import { districtContext, rankDescending, RoleFigures, schoolFigure } from '../../../server/profiles/comparison'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'
import { exportDisposition } from '../../helpers/export-name'

describe('comparison rules', () => {
  it('shows a subgroup only when the rest of its group is empty or at least k', () => {
    expect(complementSafe(20, 20, 10)).toBe(true)
    expect(complementSafe(20, 30, 10)).toBe(true)
    expect(complementSafe(20, 29, 10)).toBe(false)
    expect(complementSafe(20, 21, 10)).toBe(false)
  })

  it('never lets a shown subgroup and its group pin down fewer than k people (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 30 }), fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (k, sub, rest) => {
        if (sub >= k && complementSafe(sub, sub + rest, k)) expect(rest === 0 || rest >= k).toBe(true)
      }),
    )
  })

  it('keeps each cell\u2019s role summaries apart, and knows no role outside students, families and staff', () => {
    const figures = new RoleFigures(2)
    figures.set(0, 'staff', 12, 40, 9)
    figures.set(1, 'student', 30, 70, 16)
    figures.set(1, 'principal', 99, 1, 1)
    expect(figures.summary(0, 'staff')).toEqual({ n: 12, mean: 40, variance: 9 })
    expect(figures.summary(1, 'student')).toEqual({ n: 30, mean: 70, variance: 16 })
    // Cell 1's students sit right after cell 0's staff: a role that is not one of the three must not read them.
    expect(figures.summary(1, 'principal')).toBeUndefined()
    expect(figures.summary(0, 'family')).toBeUndefined()
    expect(figures.summary(1, 'staff')).toBeUndefined()
    expect(schoolFigure(figures, 1, 'principal', 10)).toMatchObject({ shown: false, reason: 'fewer-than-k' })
    expect(schoolFigure(figures, 0, undefined, 10)).toMatchObject({ shown: true, mean: 40, n: 12 })
  })

  it('builds district context from shown figures only', () => {
    const hidden = { shown: false as const, reason: 'fewer-than-k' as const, message: 'x' }
    const context = districtContext([
      { shown: true, mean: 40, n: 10, interval: [30, 50] },
      hidden,
      { shown: true, mean: 80, n: 12, interval: [70, 90] },
    ])
    expect(context.mean).toBe(60)
    expect(context.schools).toBe(2)
    expect(context.cells[1]).toBe(hidden)
    expect(context.cells[0]).toMatchObject({ percentile: 50, difference: -20, significant: true })
    expect(context.cells[2]).toMatchObject({ percentile: 100, difference: 20, significant: true })
  })

  it('ranks highest first, ties sharing the better rank, nulls unranked', () => {
    expect(rankDescending([10, null, 30, 10])).toEqual([2, null, 1, 2])
  })
})

describe('GET /api/district/compare (hand-computed)', () => {
  let t: TestApp
  let staff: StaffHeaders
  let admin: Awaited<ReturnType<typeof openAdministration>>
  const respond = async (code: string, slug: string, answers: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code, slug, version: 1, locale: 'en', channel: 'phone', answers } })
    expect(res.statusCode).toBe(201)
  }
  beforeAll(async () => {
    t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
    staff = await signIn(t.app)
    admin = await openAdministration(t.app.db, { schools: 3, instruments: [{ slug: 'mini-ana', version: 1 }, { slug: 'mini-staff', version: 1 }] })
    const [a, b, c] = admin.codes.map((x) => x.code)
    // A: families need 50 (five 100s, five 0s), asset 100; staff need 100. B: families need 100, asset 0. C: 4 families.
    for (let i = 0; i < 10; i++) await respond(a, 'mini-ana', { food_worry: i < 5 ? 'often' : 'never', food_know_help: 3 })
    for (let i = 0; i < 10; i++) await respond(a, 'mini-staff', { hunger_focus: 1 })
    for (let i = 0; i < 10; i++) await respond(b, 'mini-ana', { food_worry: 'often', food_know_help: 1 })
    for (let i = 0; i < 4; i++) await respond(c, 'mini-ana', { food_worry: 'often' })
    // Staff read releases: the first one takes in every school's responses, C's 4 families too.
    expect((await releaseNow(t, admin.administrationId)).released).toBe(10 + 10 + 10 + 4)
  })
  afterAll(() => t.close())

  const compare = async (query = '') => {
    const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/district/compare?administration=${admin.administrationId}${query}` })
    expect(res.statusCode).toBe(200)
    return res.json()
  }
  const row = (body: any, i: number) => body.schools.find((s: any) => s.school.id === admin.schools[i].id)

  it('gives all-voices cells with n, percentile, difference, significance and priority, from shown schools only', async () => {
    const body = await compare()
    // Need, all voices: A = (50 + 100) / 2 = 75 (n 20), B = 100 (n 10), C withheld. District mean (75 + 100) / 2.
    expect(body.district['food-security']).toEqual({ need: { mean: 87.5, schools: 2 }, asset: { mean: 50, schools: 2 } })
    // A's interval: Var = (2777.8/10 + 0/10) / 4 = 69.44, Welch df = 9, t = 2.2622 → 75 ± 18.85: includes 87.5.
    expect(row(body, 0).cells['food-security'].need).toEqual({ shown: true, index: 75, n: 20, interval: [56.1, 93.9], percentile: 50, difference: -12.5, significant: false })
    expect(row(body, 1).cells['food-security'].need).toEqual({ shown: true, index: 100, n: 10, interval: [100, 100], percentile: 100, difference: 12.5, significant: true })
    expect(row(body, 2).cells['food-security'].need).toMatchObject({ shown: false, reason: 'fewer-than-k' })
    // Priority = need − asset: B 100 − 0 = 100 (rank 1), A 75 − 100 = −25 (rank 2).
    expect(row(body, 1).cells['food-security'].priority).toEqual({ value: 100, rank: 1 })
    expect(row(body, 0).cells['food-security'].priority).toEqual({ value: -25, rank: 2 })
    expect(row(body, 1).overallPriority).toEqual({ value: 100, rank: 1 })
    expect(row(body, 2).overallPriority).toBeNull()
  })

  it('filters by role', async () => {
    const body = await compare('&role=family')
    expect(body.filters.role).toBe('family')
    expect(row(body, 0).cells['food-security'].need).toMatchObject({ index: 50, n: 10, percentile: 50, difference: -25 })
    expect(body.district['food-security'].need).toEqual({ mean: 75, schools: 2 })
    const staff = await compare('&role=staff')
    expect(row(staff, 1).cells['food-security'].need).toMatchObject({ shown: false })
  })

  it('filters by region, and refuses unknown filters with 400', async () => {
    const north = await compare('&region=North')
    expect(north.schools.map((s: any) => s.school.region)).toEqual(['North', 'North'])
    const bad = await t.app.inject({ method: 'GET', headers: staff, url: `/api/district/compare?administration=${admin.administrationId}&role=parent` })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toBe('Invalid querystring: /role must be equal to one of the allowed values.')
    const none = await t.app.inject({ method: 'GET', headers: staff, url: '/api/district/compare?administration=99999' })
    expect(none.statusCode).toBe(400)
    expect(none.json()).toEqual({ error: 'bad_request', message: 'There is no administration 99999.' })
  })
})

describe('exports', () => {
  let t: TestApp
  let staff: StaffHeaders
  let admin: Awaited<ReturnType<typeof openAdministration>>
  beforeAll(async () => {
    t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
    staff = await signIn(t.app)
    admin = await openAdministration(t.app.db, { schools: 2, instruments: [{ slug: 'mini-ana', version: 1 }] })
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code: admin.codes[0].code, slug: 'mini-ana', version: 1, locale: 'en', channel: 'kiosk', answers: { food_worry: i % 2 ? 'often' : 'never' } } })
      expect(res.statusCode).toBe(201)
    }
    expect((await releaseNow(t, admin.administrationId)).released).toBe(12)
  })
  afterAll(() => t.close())

  it('exports the comparison as CSV: withheld cells empty, the reason in its own column', async () => {
    const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/exports/district-comparison?administration=${admin.administrationId}&format=csv` })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.headers['content-disposition']).toMatch(exportDisposition('district', 'test-administration-\\d+', 'district-comparison', 'csv'))
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\n')
    expect(lines[0]).toMatch(/^school,region,cohort,domain,need index,need n,/)
    const shown = lines.find((l) => l.startsWith(`${admin.schools[0].name},`) && l.includes('Food security'))!
    expect(shown.split(',').slice(4, 6)).toEqual(['50', '12'])
    const withheld = lines.find((l) => l.startsWith(`${admin.schools[1].name},`) && l.includes('Food security'))!
    expect(withheld.split(',').slice(4, 6)).toEqual(['', ''])
    expect(withheld).toContain('need: Fewer than 10 people answered')
  })

  it('exports a school profile as XLSX', async () => {
    const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/exports/schools/${admin.schools[0].id}/profile?format=xlsx&administration=${admin.administrationId}` })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const ExcelJS = (await import('exceljs')).default
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]
    const header = (sheet.getRow(1).values as string[]).slice(1)
    expect(header).toEqual([...PROFILE_COLUMNS])
    const rows = (sheet.getSheetValues().slice(2) as unknown[][]).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i + 1] ?? null])))
    const school = admin.schools[0]
    expect(rows).toContainEqual(
      expect.objectContaining({ school: school.name, 'school id': school.id, 'administration id': admin.administrationId, section: 'domain', domain: 'Food security', 'domain id': 'food-security', measure: 'need', group: 'family', 'index (0–100)': 50, n: 12, 'interval low': 16.8, 'interval high': 83.2, 'share at high need (%)': 50, 'withheld because': null }),
    )
    expect(rows.find((r) => r.section === 'domain' && r.domain === 'Food security' && r.measure === 'need' && r.group === 'staff')!['withheld because']).toMatch(/^Fewer than 10 people answered/)
    // Every section the page shows is in the file: breakdowns, the services grid and each item's answers.
    const profile = (await t.app.inject({ method: 'GET', headers: staff, url: `/api/schools/${school.id}/profile?administration=${admin.administrationId}` })).json()
    expect(profile.services.length).toBeGreaterThan(0)
    expect(profile.items.length).toBeGreaterThan(0)
    const sections = ['domain', ...(profile.breakdowns.length > 0 ? ['breakdown'] : []), 'service', 'item']
    expect([...new Set(rows.map((r) => r.section))]).toEqual(sections)
    const item = profile.items.find((i: any) => i.distribution.shown)
    for (const [answer, share] of Object.entries(item.distribution.shares)) {
      expect(rows).toContainEqual(expect.objectContaining({ section: 'item', 'item id': item.itemId, group: item.role, answer, 'share (%)': share, n: item.distribution.n }))
    }
    expect(rows.filter((r) => r.section === 'breakdown')).toHaveLength(profile.breakdowns.length)
  })

  it('refuses an unknown format with 400', async () => {
    const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/exports/district-comparison?administration=${admin.administrationId}&format=pdf` })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toBe('Invalid querystring: /format must be equal to one of the allowed values.')
  })
})

describe('response-level export', () => {
  let t: TestApp
  let staff: StaffHeaders
  let admin: Awaited<ReturnType<typeof openAdministration>>
  beforeAll(async () => {
    t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
    staff = await signIn(t.app)
    admin = await openAdministration(t.app.db, { schools: 2, instruments: [{ slug: 'mini-ana', version: 1 }] })
    const send = (code: string, answers: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code, slug: 'mini-ana', version: 1, locale: 'es', channel: 'kiosk', answers } })
    for (let i = 0; i < 10; i++) await send(admin.codes[0].code, { food_worry: 'often', basic_needs: { clothes: 'help' }, days_missed: '1', absence_reasons: ['ride', 'sick'], comments: `nota ${i}` })
    await send(admin.codes[1].code, { food_worry: 'never', comments: 'una nota de una escuela pequeña' })
    await releaseNow(t, admin.administrationId)
  })
  afterAll(() => t.close())

  const lines = async (query: string) => {
    const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/exports/responses?administration=${admin.administrationId}&format=csv${query}` })
    expect(res.statusCode).toBe(200)
    return res.body.replace(/^\uFEFF/, '').trim().split('\n')
  }

  it('has no free text unless asked, no ids, no times, and flattens matrices and checkboxes', async () => {
    const body = await lines('')
    const [header, first] = body
    expect(header).toBe(
      'row,school,region,role,instrument,language,channel,day,mini-ana.food_worry,mini-ana.food_know_help,mini-ana.days_missed,mini-ana.absence_reasons.ride,mini-ana.absence_reasons.sick,mini-ana.basic_needs.clothes,mini-ana.basic_needs.supplies,mini-ana.services.dental',
    )
    expect(first).toMatch(/^1,Test School \d+-1,North,family,mini-ana,es,kiosk,\d{4}-\d{2}-\d{2},often,,1,1,1,help,,$/)
    // The one family of the second school is in no group of k: left out, not shown with its school or region.
    expect(body).toHaveLength(11)
    expect(body.join('\n')).not.toContain('never')
  })

  it('gives free text when asked, only in rows whose group has at least k people', async () => {
    const body = await lines('&includeText=true')
    expect(body[0].endsWith(',mini-ana.comments')).toBe(true)
    expect(body.filter((l) => l.includes('nota '))).toHaveLength(10)
    expect(body.join('\n')).not.toContain('una nota de una escuela pequeña')
  })
})
