import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { schoolProfile } from '../../../server/profiles/profiles.service'
import { foldPendingResponses, rollupMismatches } from '../../../server/analytics/rollups.repository'
import { releaseNow, startTestApp, type TestApp } from '../../helpers/app'

// A file of its own: compiled instrument versions are cached by id per process, and this library's ids collide
// with the real instruments' in rollups.test.ts.
const exact = { domain_rollups: 0, domain_score_histogram: 0, domain_item_sets: 0, item_choice_rollups: 0 }
describe('profiles from the rollups across instrument versions', () => {
  // tests/fixtures/surveys-reworded: mini-ana version 2 keeps food.worry, rewords food.skipped and swaps the asset item.
  let v: TestApp
  let schoolId: number
  const ids: number[] = []
  beforeAll(async () => {
    v = await startTestApp({ surveysDir: path.resolve(import.meta.dirname, '../../fixtures/surveys-reworded'), env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000' } })
    const db = v.app.db
    schoolId = (await db.insertInto('schools').values({ code: 'V-1', name: 'Versions', region: 'North', cohort: null, grades: 'TK-5', enrollment_students: null, enrollment_families: 90, enrollment_staff: null }).returning('id').executeTakeFirstOrThrow()).id
    const plan = [
      { version: 1, daysAgo: 400, answers: [{ food_worry: 'often', food_skipped: 'yes', food_know_help: 3 }, { food_worry: 'never', food_skipped: 'no', food_know_help: 1 }, { food_worry: 'pns', food_skipped: 'yes' }] },
      { version: 2, daysAgo: 200, answers: [{ food_worry: 'sometimes', food_skipped_week: 'no', food_school_meals: 'yes' }, { food_worry: 'often', food_skipped_week: 'yes' }, { food_worry: 'pns', food_skipped_week: 'yes', food_school_meals: 'no' }] },
      { version: 2, daysAgo: 1, answers: [{ food_worry: 'never', food_skipped_week: 'no' }, { food_worry: 'often', food_skipped_week: 'yes', food_school_meals: 'yes' }] },
    ]
    for (const [i, step] of plan.entries()) {
      const administration = await db
        .insertInto('administrations')
        .values({ name: `Round ${i}`, opens_at: new Date(Date.now() - step.daysAgo * 86_400_000), closes_at: new Date(Date.now() + 30 * 86_400_000), mode: 'both' })
        .returning('id')
        .executeTakeFirstOrThrow()
      const version = await db.selectFrom('instrument_versions').select('id').where('slug', '=', 'mini-ana').where('version', '=', step.version).executeTakeFirstOrThrow()
      await db.insertInto('administration_instruments').values({ administration_id: administration.id, instrument_version_id: version.id, role: 'family' }).execute()
      await db.insertInto('access_codes').values({ code: `VERSIONS${i}`, administration_id: administration.id, school_id: schoolId }).execute()
      ids.push(administration.id)
      const bodies = Array.from({ length: 24 }, (_, r) => ({ id: randomUUID(), code: `VERSIONS${i}`, slug: 'mini-ana', version: step.version, locale: 'en', channel: 'kiosk', answers: step.answers[r % step.answers.length] }))
      const results = await Promise.all(bodies.map((b) => v.app.inject({ method: 'POST', url: '/api/responses', payload: b })))
      expect(results.filter((r) => r.statusCode !== 201).map((r) => r.body)).toEqual([])
      // Staff read releases: each round's first one takes in all 24 families.
      expect((await releaseNow(v, administration.id)).released).toBe(24)
    }
  }, 300_000)
  afterAll(() => v.close())

  it('give the same profile, change included, as the full scan', async () => {
    await foldPendingResponses(v.app.db, { wait: true })
    expect(await rollupMismatches(v.app.db, null)).toEqual(exact)
    for (const administrationId of ids) {
      for (const minCellSize of [5, 10]) {
        const options = { minCellSize, highNeedThreshold: 67, domains: v.app.domains }
        const fast = await schoolProfile(v.app.db, schoolId, administrationId, { ...options, source: 'rollups' })
        const plain = await schoolProfile(v.app.db, schoolId, administrationId, { ...options, source: 'full-scan' })
        expect(JSON.stringify(fast)).toBe(JSON.stringify(plain))
      }
    }
    const latest = await schoolProfile(v.app.db, schoolId, ids[2], { minCellSize: 5, highNeedThreshold: 67, domains: v.app.domains })
    expect(latest.domains.some((d) => d.change.need !== null)).toBe(true)
  })
})
