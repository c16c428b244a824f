import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

const K = 10

/**
 * Random small districts: for each school, how many families, staff and students (with their grade bands) answer.
 * Then every profile and every comparison view is read, and every shown figure is checked against what was
 * stored: it describes at least k people, and what a reader could subtract from it (the rest of a role group, the
 * rest of a school, all voices minus the shown roles) is either nobody or at least k people.
 */
const school = fc.record({
  families: fc.integer({ min: 0, max: 16 }),
  staff: fc.integer({ min: 0, max: 14 }),
  students68: fc.integer({ min: 0, max: 16 }),
  students912: fc.integer({ min: 0, max: 16 }),
})

let t: TestApp
let staff: StaffHeaders
beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000' } })
  staff = await signIn(t.app)
})
afterAll(() => t.close())

describe('suppression holds on random small districts (property)', () => {
  it('never shows a figure, or a difference of shown figures, that describes between 1 and k − 1 people', { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(school, { minLength: 2, maxLength: 4 }), fc.integer({ min: 0, max: 1000 }), async (schools, seed) => {
        const admin = await openAdministration(t.app.db, {
          schools: schools.length,
          // Middle and high school grades: the student survey asks 6-8 and 9-12.
          grades: '6-12',
          instruments: [
            { slug: 'mini-ana', version: 1 },
            { slug: 'mini-staff', version: 1 },
            { slug: 'mini-student', version: 1 },
          ],
        })
        const post = (code: string, slug: string, answers: Record<string, unknown>) =>
          t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code, slug, version: 1, locale: 'en', channel: 'kiosk', answers } })
        for (const [i, s] of schools.entries()) {
          const code = admin.codes[i].code
          const jobs = [
            ...Array.from({ length: s.families }, (_, j) => post(code, 'mini-ana', { food_worry: ['often', 'sometimes', 'never'][(j + seed) % 3] })),
            ...Array.from({ length: s.staff }, (_, j) => post(code, 'mini-staff', { hunger_focus: (j + seed) % 2 })),
            ...Array.from({ length: s.students68 }, (_, j) => post(code, 'mini-student', { grade_band: '6-8', hungry: (j + seed) % 3 })),
            ...Array.from({ length: s.students912 }, (_, j) => post(code, 'mini-student', { grade_band: '9-12', hungry: (j * 7 + seed) % 3 })),
          ]
          for (const res of await Promise.all(jobs)) expect(res.statusCode).toBe(201)
        }
        // Staff read releases: the administration's first one takes in every school's responses.
        const everyone = schools.reduce((sum, s) => sum + s.families + s.staff + s.students68 + s.students912, 0)
        expect((await releaseNow(t, admin.administrationId)).released).toBe(everyone)
        const truth = (i: number) => ({ family: schools[i].families, staff: schools[i].staff, student: schools[i].students68 + schools[i].students912 })
        const risky = (n: number) => n > 0 && n < K

        // School profiles.
        for (const [i, s] of admin.schools.entries()) {
          const p = (await t.app.inject({ method: 'GET', headers: staff, url: `/api/schools/${s.id}/profile?administration=${admin.administrationId}` })).json()
          const food = p.domains.find((d: any) => d.domain === 'food-security').need
          const n = truth(i)
          const shownRoles = (['student', 'family', 'staff'] as const).filter((r) => food.roles[r].shown)
          for (const r of ['student', 'family', 'staff'] as const) {
            expect(food.roles[r].shown).toBe(n[r] >= K)
            if (food.roles[r].shown) expect(food.roles[r].n).toBe(n[r])
          }
          if (food.allVoices.shown) expect(food.allVoices.n).toBe(shownRoles.reduce((sum, r) => sum + n[r], 0))
          for (const c of p.responses) if (c.count.shown) expect(c.count.n).toBeGreaterThanOrEqual(K)
          // Breakdowns by grade band: each shown group ≥ k, and the rest of the school (the roles shown, pooled as
          // breakdowns pool them) 0 or ≥ k.
          const pooled = shownRoles.reduce((sum, r) => sum + n[r], 0)
          for (const b of p.breakdowns.filter((x: any) => x.figure.shown && x.domain === 'food-security' && x.measures === 'need')) {
            expect(b.figure.n).toBeGreaterThanOrEqual(K)
            expect(risky(pooled - b.figure.n)).toBe(false)
            // Only students give a grade band here, so the student figure minus this one would be the other band.
            const inBand = b.value === '6-8' ? schools[i].students68 : schools[i].students912
            expect(b.figure.n).toBe(inBand)
            expect(risky(n.student - inBand)).toBe(false)
          }
        }

        // District comparison, as every filter a reader could combine.
        for (const query of ['', '&role=family', '&role=staff', '&role=student', '&gradeBand=6-8', '&gradeBand=9-12', '&gradeBand=6-8&role=student', '&region=North']) {
          const c = (await t.app.inject({ method: 'GET', headers: staff, url: `/api/district/compare?administration=${admin.administrationId}${query}` })).json()
          for (const row of c.schools) {
            const i = admin.schools.findIndex((s) => s.id === row.school.id)
            const cell = row.cells['food-security'].need
            if (!cell.shown) continue
            expect(cell.n).toBeGreaterThanOrEqual(K)
            if (query.includes('gradeBand')) {
              // The band's figure minus the school's unfiltered figure must not isolate fewer than k students.
              const band = query.includes('6-8') ? schools[i].students68 : schools[i].students912
              const other = query.includes('6-8') ? schools[i].students912 : schools[i].students68
              expect(band).toBeGreaterThanOrEqual(K)
              expect(risky(other)).toBe(false)
            }
          }
          const means = c.district['food-security'].need
          const shownCount = c.schools.filter((row: any) => row.cells['food-security'].need.shown).length
          expect(means.schools).toBe(shownCount)
        }
      }),
      { numRuns: 25, seed: 7 },
    )
  })
})
