import path from 'node:path'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { domainFigures } from '../../../server/profiles/profiles.queries'
import { changeInterval, equalWeightVariance, round1 } from '../../../server/profiles/statistics'
import { releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'

/**
 * The change since the previous administration when the instrument changed in between. tests/fixtures/surveys-reworded:
 * mini-ana version 1 asks food.worry and food.skipped (need) and food.know-help (asset); version 2 keeps food.worry,
 * rewords the skipped-meals question (a new itemId, food.skipped-week), drops food.know-help and adds
 * food.school-meals (asset). Only food.worry is asked by both.
 */
const LIBRARY = path.resolve(import.meta.dirname, '../../fixtures/surveys-reworded')
const DAY = 86_400_000

let t: TestApp
let staff: StaffHeaders
let schoolId: number
const administrations: Record<'first' | 'second' | 'third', number> = { first: 0, second: 0, third: 0 }

async function administration(name: string, version: number, opensDaysAgo: number, code: string) {
  const db = t.app.db
  const row = await db
    .insertInto('administrations')
    .values({ name, opens_at: new Date(Date.now() - opensDaysAgo * DAY), closes_at: new Date(Date.now() + 30 * DAY), mode: 'both' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const v = await db.selectFrom('instrument_versions').select('id').where('slug', '=', 'mini-ana').where('version', '=', version).executeTakeFirstOrThrow()
  await db.insertInto('administration_instruments').values({ administration_id: row.id, instrument_version_id: v.id, role: 'family' }).execute()
  await db.insertInto('access_codes').values({ code, administration_id: row.id, school_id: schoolId }).execute()
  return row.id
}

async function respond(code: string, version: number, answers: Record<string, unknown>, times: number) {
  for (let i = 0; i < times; i++) {
    const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code, slug: 'mini-ana', version, locale: 'en', channel: 'kiosk', answers } })
    expect(res.statusCode).toBe(201)
  }
}

const food = async (administrationId: number) => {
  const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/schools/${schoolId}/profile?administration=${administrationId}` })
  expect(res.statusCode).toBe(200)
  return res.json().domains.find((d: { domain: string }) => d.domain === 'food-security')
}

beforeAll(async () => {
  t = await startTestApp({ surveysDir: LIBRARY })
  staff = await signIn(t.app)
  const school = await t.app.db
    .insertInto('schools')
    .values({ code: 'RW-1', name: 'Reworded Elementary', region: 'North', cohort: null, grades: 'TK-5', enrollment_students: null, enrollment_families: 200, enrollment_staff: null })
    .returning('id')
    .executeTakeFirstOrThrow()
  schoolId = school.id
  administrations.first = await administration('Two years ago', 1, 400, 'REWORD1')
  administrations.second = await administration('Last year', 2, 200, 'REWORD2')
  administrations.third = await administration('This year', 2, 1, 'REWORD3')

  // Two years ago (version 1), 10 families. Need: food.worry and food.skipped; asset: food.know-help.
  await respond('REWORD1', 1, { food_worry: 'often', food_skipped: 'yes', food_know_help: 3 }, 5) // need (100 + 100) / 2 = 100
  await respond('REWORD1', 1, { food_worry: 'never', food_skipped: 'yes', food_know_help: 3 }, 5) // need (0 + 100) / 2 = 50
  // Last year (version 2), 20 families. Need: food.worry and food.skipped-week; asset: food.school-meals.
  await respond('REWORD2', 2, { food_worry: 'often', food_skipped_week: 'no', food_school_meals: 'yes' }, 2) // need (100 + 0) / 2 = 50
  await respond('REWORD2', 2, { food_worry: 'sometimes', food_skipped_week: 'no', food_school_meals: 'yes' }, 8) // need (50 + 0) / 2 = 25
  await respond('REWORD2', 2, { food_worry: 'pns', food_skipped_week: 'yes', food_school_meals: 'yes' }, 10) // need 100 (food.worry null)
  // This year (version 2 again), 10 families.
  await respond('REWORD3', 2, { food_worry: 'often', food_skipped_week: 'yes' }, 5) // need 100
  await respond('REWORD3', 2, { food_worry: 'never', food_skipped_week: 'no' }, 5) // need 0
  // Staff read releases: each administration's first one takes in its school's responses.
  expect((await releaseNow(t, administrations.first)).released).toBe(10)
  expect((await releaseNow(t, administrations.second)).released).toBe(20)
  expect((await releaseNow(t, administrations.third)).released).toBe(10)
})
afterAll(() => t.close())

describe('change since the previous administration across instrument versions', () => {
  it('compares only the items both versions ask, matched by itemId', async () => {
    const figures = await food(administrations.second)
    // The domain figures themselves use every item of each version: last year 20 families,
    // (2 × 50 + 8 × 25 + 10 × 100) / 20 = 1300 / 20 = 65.
    expect(figures.need.roles.family).toMatchObject({ shown: true, index: 65, n: 20 })
    // Subtracting the domain figures (65 − 75 = −10) would count the reworded item as a change, with the wrong sign.
    // Matched on food.worry alone:
    //   last year: the 10 "pns" families have no score on it and drop out: n = 10, two 100s and eight 50s,
    //     mean 600 / 10 = 60, squares 2 × 40² + 8 × 10² = 4000, s² = 4000 / 9, s²/n = 400 / 9 = 44.444;
    //   two years ago: n = 10, five 100s and five 0s, mean 50, squares 10 × 50² = 25000, s² = 25000 / 9,
    //     s²/n = 2500 / 9 = 277.778.
    //   change 60 − 50 = 10; variance 2900 / 9 = 322.222, se = 17.9505; Welch df = (2900/9)² /
    //     ((400/9)² / 9 + (2500/9)² / 9) = 8,410,000 × 9 / 6,410,000 = 11.808; t(0.975, 11.808) = 2.1827
    //     (between t₁₁ = 2.2010 and t₁₂ = 2.1788) → ± 39.18 → [−29.18, 49.18].
    expect(figures.change.need).toEqual({ change: 10, interval: [-29.2, 49.2], significant: false })
    expect(figures.change.matchedItems.need).toEqual({ matched: 1, current: 2, previous: 2 })
    // The asset items do not overlap (food.know-help dropped, food.school-meals new): no change is given.
    expect(figures.change.asset).toBeNull()
    expect(figures.change.matchedItems.asset).toEqual({ matched: 0, current: 1, previous: 1 })
  })

  it('equals the change of the domain figures when both administrations ask the same version', async () => {
    const figures = await food(administrations.third)
    expect(figures.change.matchedItems.need).toEqual({ matched: 2, current: 2, previous: 2 })
    // By hand: this year five 100s and five 0s: mean 50, s²/n = (25000 / 9) / 10 = 277.778, df 9; last year 65
    // with squares 2 × 15² + 8 × 40² + 10 × 35² = 450 + 12800 + 12250 = 25500, s² = 25500 / 19 = 1342.11,
    // s²/n = 67.105, df 19. Change −15; variance 344.883, se 18.571; Welch df = 344.883² / (277.778² / 9 +
    // 67.105² / 19) = 118944.3 / (8573.4 + 237.0) = 13.500; t(0.975, 13.5) = 2.1523 → ± 39.97 → [−54.97, 24.97].
    expect(figures.change.need).toEqual({ change: -15, interval: [-55, 25], significant: false })
    // And it is exactly what the domain-level figures of the two administrations give.
    const summaries = async (administrationId: number) =>
      (await domainFigures(t.app.db, schoolId, administrationId, 67))
        .filter((r) => r.domain === 'food-security' && r.measures === 'need')
        .map((r) => ({ n: Number(r.n), mean: Number(r.mean), variance: Number(r.variance ?? 0) }))
    const { change, interval } = changeInterval(equalWeightVariance(await summaries(administrations.third))!, equalWeightVariance(await summaries(administrations.second))!)
    expect(figures.change.need).toEqual({ change: round1(change), interval: interval.map(round1), significant: false })
  })

  it('leaves out a role whose rescored figure would single out the few who skipped the shared item', async () => {
    const other = await t.app.db
      .insertInto('schools')
      .values({ code: 'RW-2', name: 'Reworded Middle', region: 'North', cohort: null, grades: '6-8', enrollment_students: null, enrollment_families: 100, enrollment_staff: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    await t.app.db
      .insertInto('access_codes')
      .values([
        { code: 'REWORDB1', administration_id: administrations.first, school_id: other.id },
        { code: 'REWORDB2', administration_id: administrations.second, school_id: other.id },
      ])
      .execute()
    await respond('REWORDB1', 1, { food_worry: 'often', food_skipped: 'no' }, 10)
    // Last year 13 families: 10 scored on both items, 3 only on the reworded one. Beside the domain figure (13), the
    // figure rescored on food.worry (10) would be a second equation in what the 3 answered: no change is given.
    await respond('REWORDB2', 2, { food_worry: 'never', food_skipped_week: 'no' }, 10)
    await respond('REWORDB2', 2, { food_worry: 'pns', food_skipped_week: 'yes' }, 3)
    // The school's first release in each administration takes in all it has, 3 families and all.
    expect((await releaseNow(t, administrations.first)).released).toBe(10)
    expect((await releaseNow(t, administrations.second)).released).toBe(13)
    const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/schools/${other.id}/profile?administration=${administrations.second}` })
    const food = res.json().domains.find((d: { domain: string }) => d.domain === 'food-security')
    expect(food.need.roles.family).toMatchObject({ shown: true, n: 13 })
    expect(food.change.need).toBeNull()
    expect(food.change.matchedItems.need).toEqual({ matched: 1, current: 2, previous: 2 })
  })

  it('gives no change and no item counts without a previous administration', async () => {
    const figures = await food(administrations.first)
    expect(figures.change).toEqual({ need: null, asset: null, matchedItems: null })
  })
})
