import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoAccessCodes } from '../../../server/demo/demo-district'
import { startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'

let t: TestApp
let staff: StaffHeaders
beforeAll(async () => {
  t = await startTestApp({ demo: true })
  staff = await signIn(t.app)
}, 300_000) // the whole demo district goes in through intake
afterAll(() => t.close())

describe('demo district', () => {
  it('has at least 12 schools in at least 3 regions, one open administration and a code per school', async () => {
    const schools = await t.app.db.selectFrom('schools').select(['id', 'region']).execute()
    expect(schools.length).toBeGreaterThanOrEqual(12)
    expect(new Set(schools.map((s) => s.region)).size).toBeGreaterThanOrEqual(3)
    const codes = await t.app.db.selectFrom('access_codes').select(['code', 'school_id']).orderBy('school_id').execute()
    expect(codes.map((c) => c.code)).toEqual(demoAccessCodes().map((c) => c.code))
    const access = await t.app.inject({ method: 'GET', url: `/api/access/${codes[0].code.toLowerCase()}` })
    expect(access.statusCode).toBe(200)
    expect(access.json().instruments.map((i: { slug: string }) => i.slug)).toContain('family-ana')
  })

  it('has schools above and below the minimum cell size for families', async () => {
    const counts = await t.app.db
      .selectFrom('responses')
      .select((eb) => ['school_id', eb.fn.countAll<string>().as('n')])
      .where('role', '=', 'family')
      .groupBy('school_id')
      .execute()
    const n = counts.map((c) => Number(c.n))
    expect(n.filter((x) => x >= 10).length).toBeGreaterThanOrEqual(6)
    expect(n.filter((x) => x < 10).length + (15 - counts.length)).toBeGreaterThanOrEqual(3)
  })

  it('is deterministic: the same seed gives the same answers', async () => {
    const again = await startTestApp({ demo: true })
    try {
      // Timestamps follow the clock; ids, schools and answers follow the seed.
      const ids = (app: TestApp) => app.app.db.selectFrom('responses').select(['id', 'school_id', 'answers']).orderBy('id').execute()
      expect(await ids(again)).toEqual(await ids(t))
    } finally {
      await again.close()
    }
  }, 300_000)
})

describe('demo district comparison', () => {
  it('compares every school, stores context answers for breakdowns, and shows no cell under k, also by grade band', async () => {
    const contexts = await t.app.db.selectFrom('response_contexts').select('kind').distinct().orderBy('kind').execute()
    expect(contexts.map((c) => c.kind)).toEqual(expect.arrayContaining(['grade-band', 'home-language', 'time-at-school']))
    const administration = (await t.app.db.selectFrom('administrations').select('id').executeTakeFirstOrThrow()).id
    for (const query of ['', '&role=family', '&gradeBand=6-8', '&gradeBand=9-12&role=student', '&region=East']) {
      const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/district/compare?administration=${administration}${query}` })
      expect(res.statusCode).toBe(200)
      const cells = res.json().schools.flatMap((s: any) => Object.values(s.cells).flatMap((c: any) => [c.need, c.asset]))
      expect(cells.length).toBeGreaterThan(0)
      for (const cell of cells) if (cell.shown) expect(cell.n).toBeGreaterThanOrEqual(10)
    }
  })
})

describe('demo school profiles', () => {
  it('break down by grade band, home language and time at school without exposing any group under k, or the rest of a school', async () => {
    const schools = await t.app.db.selectFrom('schools').select('id').execute()
    let shown = 0
    for (const { id } of schools) {
      const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/schools/${id}/profile` })
      expect(res.statusCode).toBe(200)
      const byRole = await t.app.db
        .selectFrom('response_domain_scores')
        .select((eb) => ['role', 'domain', 'measures', eb.fn.countAll<string>().as('n')])
        .where('school_id', '=', id)
        .groupBy(['role', 'domain', 'measures'])
        .execute()
      for (const b of res.json().breakdowns) {
        if (!b.figure.shown) continue
        shown += 1
        // Breakdowns pool the roles whose own figure is shown (at least k), as all voices does.
        const total = byRole.filter((p) => p.domain === b.domain && p.measures === b.measures && Number(p.n) >= 10).reduce((sum, p) => sum + Number(p.n), 0)
        expect(b.figure.n).toBeGreaterThanOrEqual(10)
        expect(total - b.figure.n === 0 || total - b.figure.n >= 10).toBe(true)
      }
    }
    expect(shown).toBeGreaterThan(0)
  })
})
