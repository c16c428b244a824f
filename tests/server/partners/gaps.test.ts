import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../../server/config'
import { domainGap } from '../../../server/partners/gaps'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'
import { exportDisposition } from '../../helpers/export-name'

/**
 * A district of five schools, families only (k = 10), food security need (food_worry: often 100, sometimes 50,
 * never 0) and asset (food_know_help: 1 → 0, 3 → 100), worked out by hand:
 * - A: 12 × often, 12 × know 1: need 100, asset 0, no service → gap; 4 of 12 did not know the dental service (33.3%);
 * - B: as A, with an active food service linked → served;
 * - C: 12 × sometimes: need 50 < 60 → none;
 * - D: 8 families: need and asset withheld → withheld, no flag either way;
 * - E: 6 × often + 4 × never = need 60, 4 × know 3 + 6 × know 1 = asset 40: on both thresholds → gap. Its
 *   food service ended last year, so it does not count.
 */
let t: TestApp
let staff: StaffHeaders
let district: Awaited<ReturnType<typeof openAdministration>>
let ids: Record<'A' | 'B' | 'C' | 'D' | 'E', number>

async function respond(code: string, answers: Record<string, unknown>) {
  const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code, slug: 'mini-ana', version: 1, locale: 'en', channel: 'kiosk', answers } })
  expect(res.statusCode).toBe(201)
}

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
  staff = await signIn(t.app, 'district-admin')
  district = await openAdministration(t.app.db, { schools: 5, instruments: [{ slug: 'mini-ana', version: 1 }] })
  const [a, b, c, d, e] = district.codes
  ids = { A: a.schoolId, B: b.schoolId, C: c.schoolId, D: d.schoolId, E: e.schoolId }
  for (let i = 0; i < 12; i++) await respond(a.code, { food_worry: 'often', food_know_help: 1, services: { dental: i < 4 ? 'didnt-know' : 'used' } })
  for (let i = 0; i < 12; i++) await respond(b.code, { food_worry: 'often', food_know_help: 1 })
  for (let i = 0; i < 12; i++) await respond(c.code, { food_worry: 'sometimes', food_know_help: 1 })
  for (let i = 0; i < 8; i++) await respond(d.code, { food_worry: 'often', food_know_help: 1 })
  for (let i = 0; i < 10; i++) await respond(e.code, { food_worry: i < 6 ? 'often' : 'never', food_know_help: i < 4 ? 3 : 1 })
  // Staff read releases: the district's first one takes in every school's responses.
  expect((await releaseNow(t, district.administrationId)).released).toBe(12 + 12 + 12 + 8 + 10)

  const add = (school: number, body: object) => t.app.inject({ method: 'POST', url: `/api/schools/${school}/services`, headers: staff, payload: body })
  const pantry = await add(ids.B, { organization: { name: 'Food Bank', type: 'nonprofit' }, name: 'Pantry', domains: ['food-security'], delivery: 'on-site' })
  expect(pantry.statusCode).toBe(201)
  const ended = await add(ids.E, { organizationId: pantry.json().organizationId, name: 'Old pantry', domains: ['food-security'], delivery: 'on-site', activeFrom: '2024-01-01', activeUntil: '2025-06-30' })
  expect(ended.statusCode).toBe(201)
})
afterAll(() => t.close())

const schoolGaps = async (school: number, query = '') => {
  const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/schools/${school}/gaps?administration=${district.administrationId}${query}` })
  expect(res.statusCode).toBe(200)
  return res.json() as { thresholds: object; domains: { domain: string; status: string; highNeed: boolean | null; need: any; asset: any; services: { name: string }[]; awareness: object[] }[] }
}
const food = (g: Awaited<ReturnType<typeof schoolGaps>>) => g.domains.find((d) => d.domain === 'food-security')!

describe('gaps for one school', () => {
  it('flags high need and low asset with nothing in place, and only then', async () => {
    expect(food(await schoolGaps(ids.A))).toMatchObject({ status: 'gap', highNeed: true, need: { shown: true, index: 100, n: 12 }, asset: { shown: true, index: 0, n: 12 }, services: [] })
    expect(food(await schoolGaps(ids.B))).toMatchObject({ status: 'served', services: [{ name: 'Pantry' }] })
    expect(food(await schoolGaps(ids.C))).toMatchObject({ status: 'none', highNeed: false, need: { index: 50 } })
    expect(food(await schoolGaps(ids.E))).toMatchObject({ status: 'gap', need: { index: 60 }, asset: { index: 40 }, services: [] })
  })

  it('concludes nothing from a withheld figure', async () => {
    const d = food(await schoolGaps(ids.D))
    expect(d).toMatchObject({ status: 'withheld', highNeed: null, need: { shown: false, reason: 'fewer-than-k' }, asset: { shown: false } })
    expect(JSON.stringify(d)).not.toMatch(/"index"/)
  })

  it('flags an awareness problem from the service grid', async () => {
    const dental = (await schoolGaps(ids.A)).domains.find((d) => d.domain === 'dental-vision')!
    expect(dental.awareness).toEqual([{ itemId: 'services.dental', awarenessGap: 33.3, n: 12 }])
    expect((await schoolGaps(ids.A, '&awarenessAtLeast=34')).domains.find((d) => d.domain === 'dental-vision')!.awareness).toEqual([])
  })

  it('takes thresholds from the query, within 0 to 100, else from the configuration', async () => {
    expect((await schoolGaps(ids.E)).thresholds).toEqual({ needAtLeast: 60, assetAtMost: 40, awarenessAtLeast: 30 })
    expect(food(await schoolGaps(ids.E, '&needAtLeast=61')).status).toBe('none')
    expect(food(await schoolGaps(ids.E, '&assetAtMost=39')).status).toBe('none')
    const bad = await t.app.inject({ method: 'GET', headers: staff, url: `/api/schools/${ids.E}/gaps?needAtLeast=101` })
    expect({ status: bad.statusCode, message: bad.json().message }).toEqual({ status: 400, message: 'Invalid querystring: /needAtLeast must be <= 100.' })
  })
})

describe('the district view', () => {
  const districtGaps = async (query: string) => {
    const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/district/gaps?administration=${district.administrationId}${query}` })
    expect(res.statusCode).toBe(200)
    return res.json()
  }

  it('lists for a domain the schools with high unmet need and no partner', async () => {
    const gaps = await districtGaps('&domain=food-security')
    const status = Object.fromEntries(gaps.rows.map((r: { school: { id: number }; status: string }) => [r.school.id, r.status]))
    expect(status).toEqual({ [ids.A]: 'gap', [ids.B]: 'served', [ids.C]: 'none', [ids.D]: 'withheld', [ids.E]: 'gap' })
  })

  it("lists for a partner the high-need schools it does not reach yet", async () => {
    const inventory = (await t.app.inject({ method: 'GET', url: '/api/partners', headers: staff })).json()
    const foodBank = inventory.organizations.find((o: { name: string }) => o.name === 'Food Bank')
    const gaps = await districtGaps(`&organization=${foodBank.id}`)
    expect(gaps.organization).toEqual({ id: foodBank.id, name: 'Food Bank', domains: ['food-security'] })
    const unreached = gaps.rows.filter((r: { highNeed: boolean; reachedByOrganization: boolean }) => r.highNeed && !r.reachedByOrganization).map((r: { school: { id: number } }) => r.school.id)
    expect(unreached.sort()).toEqual([ids.A, ids.C, ids.E].filter((id) => id !== ids.C).sort())
  })

  it('exports the gaps as CSV for a planning meeting, withheld figures empty', async () => {
    const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/exports/gaps?administration=${district.administrationId}&domain=food-security` })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toMatch(exportDisposition('district', 'test-administration-\\d+', 'gaps', 'csv'))
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\n')
    expect(lines[0]).toBe('school,region,domain,need index,asset index,status,services in place,"awareness problem (didn’t know, %)",withheld because')
    expect(lines).toHaveLength(6)
    expect(lines.slice(1).find((l) => l.includes(',gap,'))).toMatch(/,Food security,100,0,gap,,,$/)
    expect(lines.slice(1).find((l) => l.includes(',withheld,'))).toMatch(/,Food security,,,withheld,,,"Fewer than 10 people answered/)
  })

  it('refuses an unknown domain or organization', async () => {
    for (const [query, message] of [
      ['&domain=teeth', 'There is no domain "teeth".'],
      ['&organization=999999', 'There is no organization 999999.'],
    ]) {
      const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/district/gaps?administration=${district.administrationId}${query}` })
      expect({ status: res.statusCode, message: res.json().message }).toEqual({ status: 400, message })
    }
  })
})

describe('domainGap', () => {
  const shown = (index: number) => ({ shown: true as const, index, n: 10 })
  const hidden = { shown: false as const, message: 'withheld' }
  const t0 = { needAtLeast: 60, assetAtMost: 40, awarenessAtLeast: 30 }
  it.each([
    [shown(60), shown(40), 0, 'gap'],
    [shown(59.9), shown(0), 0, 'none'],
    [shown(100), shown(40.1), 0, 'none'],
    [shown(80), shown(10), 2, 'served'],
    [hidden, shown(10), 0, 'withheld'],
    [shown(80), hidden, 0, 'withheld'],
  ] as const)('need %o, asset %o, %i services → %s', (need, asset, services, status) => {
    expect(domainGap(need, asset, services, [], t0).status).toBe(status)
  })
  it('never counts a withheld grid figure as an awareness problem', () => {
    expect(domainGap(shown(10), shown(10), 0, [{ itemId: 'x', figures: { shown: false } }, { itemId: 'y', figures: { shown: true, n: 10, awarenessGap: 30, unmetNeed: 0, use: 0 } }], t0).awareness).toEqual([{ itemId: 'y', awarenessGap: 30, n: 10 }])
  })
})

describe('gap thresholds in the configuration', () => {
  it('reads them from the environment, 0 to 100, and names every bad one', () => {
    expect(loadConfig({ GAP_NEED_AT_LEAST: '70', GAP_ASSET_AT_MOST: '35', AWARENESS_GAP_AT_LEAST: '25' })).toMatchObject({ gapNeedAtLeast: 70, gapAssetAtMost: 35, awarenessGapAtLeast: 25 })
    expect(loadConfig({})).toMatchObject({ gapNeedAtLeast: 60, gapAssetAtMost: 40, awarenessGapAtLeast: 30 })
    expect(() => loadConfig({ GAP_NEED_AT_LEAST: '101', GAP_ASSET_AT_MOST: 'low', AWARENESS_GAP_AT_LEAST: '-1' })).toThrow(
      [
        'Invalid configuration:',
        '  - GAP_NEED_AT_LEAST=101 must be a whole number from 0 to 100',
        '  - GAP_ASSET_AT_MOST=low must be a whole number from 0 to 100',
        '  - AWARENESS_GAP_AT_LEAST=-1 must be a whole number from 0 to 100',
      ].join('\n'),
    )
  })
})
