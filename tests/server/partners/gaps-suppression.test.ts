import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

/**
 * The gap pages add no figure of their own: every need, asset and awareness figure they show is one the profile or
 * the district comparison shows (which the suppression property test holds to k), and a withheld one stays withheld.
 */
let t: TestApp
let staff: StaffHeaders
beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000' } })
  staff = await signIn(t.app)
})
afterAll(() => t.close())

const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', headers: staff, url })
  expect(res.statusCode).toBe(200)
  return res.json()
}
const strip = (f: { shown: boolean; index?: number; n?: number }) => (f.shown ? { shown: true, index: f.index, n: f.n } : { shown: false })

describe('gap figures on random small districts (property)', () => {
  it('are the profile and comparison figures, withheld where they are', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ families: fc.integer({ min: 0, max: 14 }), didntKnow: fc.integer({ min: 0, max: 14 }) }), { minLength: 2, maxLength: 3 }), async (schools) => {
        const admin = await openAdministration(t.app.db, { schools: schools.length, instruments: [{ slug: 'mini-ana', version: 1 }] })
        for (const [i, s] of schools.entries()) {
          for (let r = 0; r < s.families; r++) {
            const answers = { food_worry: r % 3 === 0 ? 'never' : 'often', food_know_help: 1 + (r % 3), services: { dental: r < s.didntKnow ? 'didnt-know' : 'used' } }
            const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code: admin.codes[i].code, slug: 'mini-ana', version: 1, locale: 'en', channel: 'kiosk', answers } })
            expect(res.statusCode).toBe(201)
          }
        }
        // Staff read releases: the administration's first one takes in every school's families.
        expect((await releaseNow(t, admin.administrationId)).released).toBe(schools.reduce((sum, s) => sum + s.families, 0))
        const district = await get(`/api/district/gaps?administration=${admin.administrationId}`)
        const compare = await get(`/api/district/compare?administration=${admin.administrationId}`)
        for (const school of admin.schools) {
          const profile = await get(`/api/schools/${school.id}/profile?administration=${admin.administrationId}`)
          const gaps = await get(`/api/schools/${school.id}/gaps?administration=${admin.administrationId}`)
          const cells = compare.schools.find((s: { school: { id: number } }) => s.school.id === school.id).cells
          for (const d of gaps.domains) {
            const p = profile.domains.find((x: { domain: string }) => x.domain === d.domain)
            expect(strip(d.need)).toEqual(strip(p.need.allVoices))
            expect(strip(d.asset)).toEqual(strip(p.asset.allVoices))
            const row = district.rows.find((r: { school: { id: number }; domain: string }) => r.school.id === school.id && r.domain === d.domain)
            expect(strip(row.need)).toEqual(strip(cells[d.domain].need))
            expect(strip(row.asset)).toEqual(strip(cells[d.domain].asset))
            if (!d.need.shown || !d.asset.shown) expect(d.status).toBe('withheld')
            for (const a of d.awareness) {
              const service = profile.services.find((s: { itemId: string }) => s.itemId === a.itemId)
              expect(service.figures).toMatchObject({ shown: true, n: a.n, awarenessGap: a.awarenessGap })
              expect(a.n).toBeGreaterThanOrEqual(10)
            }
          }
        }
      }),
      { numRuns: 8, seed: 20261125 },
    )
  })
})
