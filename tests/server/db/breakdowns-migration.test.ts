import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as migration from '../../../migrations/2026-12-07T03-00_breakdowns-count-people-once'
import { rollupMismatches } from '../../../server/analytics/rollups.repository'
import { generateAnswers } from '../../../server/demo/answers'
import { seededRandom } from '../../../server/demo/random'
import { getCompiledVersion } from '../../../server/instruments/instruments.service'
import { releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { openAdministration } from '../../helpers/fixtures'

// The migration that makes every breakdown a partition of people: one category per person and context kind
// (context_categories), and the rollups rebuilt from the released responses, as folds now make them.
let t: TestApp
let admin: Awaited<ReturnType<typeof openAdministration>>
const exact = { domain_rollups: 0, domain_score_histogram: 0, domain_item_sets: 0, item_choice_rollups: 0 }

async function respond(seed: number, languages: string[]) {
  const version = await t.app.db.selectFrom('instrument_versions').select('id').where('slug', '=', 'family-ana').where('version', '=', 1).executeTakeFirstOrThrow()
  const { index } = await getCompiledVersion(t.app.db, version.id)
  const answers = { ...generateAnswers(index, seededRandom(seed), () => 0.5), home_languages: languages, child_grade_bands: seed % 2 ? ['3-5'] : ['3-5', '6-8'] }
  const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code: admin.codes[0].code, slug: 'family-ana', version: 1, locale: 'en', channel: 'kiosk', answers } })
  expect(res.statusCode).toBe(201)
  return res.json().id as string
}

const categoryRows = async (table: 'domain_rollups') =>
  (await sql<{ value: string; n: string }>`select context_value as value, sum(n) as n from ${sql.table(table)} where context_kind = 'home-language' and domain = 'food-security' and measures = 'need' group by 1 order by 1`.execute(t.app.db)).rows.map((r) => `${r.value} ${r.n}`)

beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000' } })
  admin = await openAdministration(t.app.db, { grades: 'TK-8', instruments: [{ slug: 'family-ana', version: 1 }] })
  for (let i = 0; i < 12; i++) await respond(i, ['en'])
  for (let i = 12; i < 24; i++) await respond(i, ['en', 'es'])
  await releaseNow(t, admin.administrationId)
  // Stored after the release: waiting, pending, in no rollup.
  await respond(24, ['es'])
}, 300_000)
afterAll(() => t.close())

describe('context_categories', () => {
  it('gives each person one category per kind: their value, "multiple" for several, "prefer not to say" only alone', async () => {
    const { rows } = await sql<{ kind: string; value: string }>`
      select kind, value from context_categories(
        array['home-language', 'home-language', 'grade-band', 'time-at-school', 'staff-role', 'staff-role', 'contact-language'],
        array['en', 'es', '3-5', 'pns', 'teacher', 'pns', 'es']) order by kind`.execute(t.app.db)
    expect(rows).toEqual([
      { kind: 'contact-language', value: 'es' },
      { kind: 'grade-band', value: '3-5' },
      { kind: 'home-language', value: 'multiple' },
      { kind: 'staff-role', value: 'teacher' },
      { kind: 'time-at-school', value: 'pns' },
    ])
    expect((await sql`select * from context_categories('{}'::text[], '{}'::text[])`.execute(t.app.db)).rows).toEqual([])
  })
})

describe('the migration that counts people once in breakdowns', () => {
  it('rebuilds rollups counted by membership into rollups of people, from released responses only', async () => {
    expect(await rollupMismatches(t.app.db, null)).toEqual(exact)
    // Families with a food-security need score (nearly all 24): English only, or English and Spanish.
    const people = await categoryRows('domain_rollups')
    expect(people.map((r) => r.split(' ')[0])).toEqual(['en', 'multiple'])
    const [en, both] = people.map((r) => Number(r.split(' ')[1]))
    expect(en + both).toBeGreaterThan(20)
    const waiting = await t.app.db.selectFrom('rollup_pending').select('response_id').execute()
    expect(waiting).toHaveLength(1)

    // The database as it was before the migration: no categories, and rollups that count a bilingual family in
    // English and in Spanish; a released response left pending, as a fold interrupted would leave it.
    await sql`drop view response_categories`.execute(t.app.db)
    await sql`drop function context_categories(text[], text[])`.execute(t.app.db)
    await sql`
      update domain_rollups r set n = r.n + m.n, score_sum = r.score_sum + m.score_sum, score_squares = r.score_squares + m.score_squares
      from domain_rollups m
      where m.context_kind = 'home-language' and m.context_value = 'multiple' and r.context_kind = m.context_kind and r.context_value = 'en'
        and (r.administration_id, r.school_id, r.role, r.domain, r.measures) = (m.administration_id, m.school_id, m.role, m.domain, m.measures)`.execute(t.app.db)
    await sql`update domain_rollups set context_value = 'es' where context_kind = 'home-language' and context_value = 'multiple'`.execute(t.app.db)
    await sql`insert into rollup_pending (school_id, response_id) select school_id, id from responses where release_id is not null limit 1`.execute(t.app.db)
    expect(await categoryRows('domain_rollups')).toEqual([`en ${en + both}`, `es ${both}`])

    await t.app.db.transaction().execute((trx) => migration.up(trx))

    expect(await rollupMismatches(t.app.db, null)).toEqual(exact)
    expect(await categoryRows('domain_rollups')).toEqual(people)
    expect(await t.app.db.selectFrom('rollup_pending').select('response_id').execute()).toEqual(waiting)
    // Folds go on from the rebuilt rollups: the next release (the one waiting family alone may not join it, being
    // fewer than k) leaves them exact.
    await releaseNow(t, admin.administrationId)
    expect(await t.app.db.selectFrom('rollup_pending').select('response_id').execute()).toEqual(waiting)
    expect(await rollupMismatches(t.app.db, null)).toEqual(exact)
  })
})
