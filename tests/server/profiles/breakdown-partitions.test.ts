import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rollupMismatches } from '../../../server/analytics/rollups.repository'
import { generateAnswers } from '../../../server/demo/answers'
import { seededRandom } from '../../../server/demo/random'
import type { DefinitionIndex } from '../../../server/instruments/definition-index'
import { getCompiledVersion } from '../../../server/instruments/instruments.service'
import { scoreResponse } from '../../../server/instruments/scoring'
import { compareDistrict } from '../../../server/profiles/comparison.service'
import { schoolProfile } from '../../../server/profiles/profiles.service'
import { releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

/**
 * Home language and a family's grade bands are multi-select. Families with overlapping home languages answer the
 * real family survey; every breakdown the profile and the comparison show must be a partition of people: a family
 * that ticked two languages is in 'multiple', once, never in each language, so no sum or difference of shown figures
 * (the brief's attack: two shown languages that look like they add up, one family in both and one in neither) pins
 * any family's score.
 */
const K = 10

let t: TestApp
let staff: StaffHeaders
let admin: Awaited<ReturnType<typeof openAdministration>>
let index: DefinitionIndex

interface Family {
  school: number
  languages?: string[]
  bands?: string[]
  scores: Map<string, number>
}
const families: Family[] = []

/** A person's category of a kind, as the brief defines it: their one value, or 'multiple' for several. */
function categoryOf(values: string[] | undefined): string | null {
  const real = (values ?? []).filter((v) => v !== 'pns')
  return real.length > 1 ? 'multiple' : (real[0] ?? null)
}
const valuesOf = (f: Family, kind: string) => (kind === 'home-language' ? f.languages : kind === 'grade-band' ? f.bands : undefined)
const KINDS = ['home-language', 'grade-band'] as const

async function respond(school: number, seed: number, languages: string[] | undefined, bands: string[]) {
  const answers = generateAnswers(index, seededRandom(seed), (domain) => ((domain.length * 7 + seed) % 10) / 10)
  delete answers.home_languages
  if (languages) answers.home_languages = languages
  answers.child_grade_bands = bands
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/responses',
    payload: { id: randomUUID(), code: admin.codes[school].code, slug: 'family-ana', version: 1, locale: 'en', channel: 'kiosk', answers },
  })
  expect(res.statusCode).toBe(201)
  const scores = new Map(scoreResponse(index, answers).domains.map((d) => [`${d.domain}|${d.measures}`, d.score]))
  families.push({ school, languages, bands, scores })
}

beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000' } })
  staff = await signIn(t.app)
  admin = await openAdministration(t.app.db, { schools: 2, grades: 'TK-8', instruments: [{ slug: 'family-ana', version: 1 }] })
  const version = await t.app.db.selectFrom('instrument_versions').select('id').where('slug', '=', 'family-ana').where('version', '=', 1).executeTakeFirstOrThrow()
  index = (await getCompiledVersion(t.app.db, version.id)).index
  // School A: 12 English, 12 Spanish, one family that speaks both and one that did not say: English and Spanish
  // counted by membership would add up to the school (13 + 13 = 26) and their sums would pin the two odd families.
  // Grade bands: 12 with children in 3-5, 12 in TK-2 and 3-5, 2 in 6-8.
  let seed = 1
  for (let i = 0; i < 12; i++) await respond(0, seed++, ['en'], ['3-5'])
  for (let i = 0; i < 12; i++) await respond(0, seed++, ['es'], ['tk-2', '3-5'])
  await respond(0, seed++, ['en', 'es'], ['6-8'])
  await respond(0, seed++, undefined, ['6-8'])
  // School B: 12 English and 12 who speak English and Spanish; 12 in 3-5, 12 in 3-5 and 6-8.
  for (let i = 0; i < 12; i++) await respond(1, seed++, ['en'], ['3-5'])
  for (let i = 0; i < 12; i++) await respond(1, seed++, ['en', 'es', 'pns'], ['3-5', '6-8'])
  await releaseNow(t, admin.administrationId)
}, 300_000)
afterAll(() => t.close())

const profileOf = async (school: number) => {
  const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/schools/${admin.schools[school].id}/profile?administration=${admin.administrationId}` })
  expect(res.statusCode).toBe(200)
  return res.json()
}
/** The families of a school with a score in a domain and measure, and their scores. */
const scored = (school: number, key: string) => families.filter((f) => f.school === school && f.scores.has(key))
const meanOf = (group: Family[], key: string) => group.reduce((s, f) => s + f.scores.get(key)!, 0) / group.length
const risky = (n: number) => n > 0 && n < K

describe('breakdowns count each person once', () => {
  it('puts a family with two home languages or two grade bands in "multiple", never in each value', async () => {
    const { rows } = await t.app.db
      .selectFrom('response_categories')
      .select(['kind', 'value', (eb) => eb.fn.countAll<string>().as('n')])
      .where('administration_id', '=', admin.administrationId)
      .where('kind', 'in', ['home-language', 'grade-band'])
      .groupBy(['kind', 'value'])
      .orderBy('kind')
      .orderBy('value')
      .execute()
      .then((rows) => ({ rows: rows.map((r) => `${r.kind} ${r.value} ${r.n}`) }))
    expect(rows).toEqual(['grade-band 3-5 24', 'grade-band 6-8 2', 'grade-band multiple 24', 'home-language en 24', 'home-language es 12', 'home-language multiple 13'])
  })

  it('shows only categories whose figures are exactly their own families, leaving every group a reader can isolate at 0 or k or more', async () => {
    for (const school of [0, 1]) {
      const p = await profileOf(school)
      expect(p.breakdowns.filter((b: any) => b.figure.shown && b.kind === 'home-language').length).toBeGreaterThan(10)
      for (const kind of KINDS) {
        const entries = p.breakdowns.filter((b: any) => b.kind === kind)
        for (const key of new Set<string>(entries.map((b: any) => `${b.domain}|${b.measures}`))) {
          const people = scored(school, key)
          const shown = entries.filter((b: any) => `${b.domain}|${b.measures}` === key && b.figure.shown)
          for (const b of shown) {
            const own = people.filter((f) => categoryOf(valuesOf(f, kind)) === b.value)
            expect(b.figure.n, `${kind} ${b.value} ${key}`).toBe(own.length)
            expect(Math.abs(b.figure.index - meanOf(own, key))).toBeLessThanOrEqual(0.05 + 1e-9)
          }
          // What a reader can isolate from the shown categories and the family figure: each shown category and the
          // rest. Categories are disjoint, so these are groups of people, each 0 or at least k.
          const values = new Set(shown.map((b: any) => b.value))
          const rest = people.filter((f) => !values.has(categoryOf(valuesOf(f, kind))))
          expect(risky(rest.length), `${kind} ${key} rest`).toBe(false)
          const [domain, measures] = key.split('|')
          if (shown.length > 0) expect(p.domains.find((d: any) => d.domain === domain)[measures].roles.family).toMatchObject({ shown: true, n: people.length })
          expect(shown.reduce((s: number, b: any) => s + b.figure.n, 0) + rest.length).toBe(people.length)
        }
      }
    }
  })

  it('withholds the one family in two languages exactly as a language nobody speaks, and lists every choice and "multiple"', async () => {
    const a = await profileOf(0)
    const languages = index.questions.get('home_languages')!.choices.map((c) => String(c.value)).filter((v) => v !== 'pns')
    const domains = new Set(a.breakdowns.filter((b: any) => b.kind === 'home-language').map((b: any) => `${b.domain}|${b.measures}`))
    for (const key of domains) {
      const listed = a.breakdowns.filter((b: any) => b.kind === 'home-language' && `${b.domain}|${b.measures}` === key).map((b: any) => b.value)
      expect([...listed].sort()).toEqual([...languages, 'multiple'].sort())
    }
    const cell = (value: string) => a.breakdowns.filter((b: any) => b.kind === 'home-language' && b.value === value).map((b: any) => b.figure)
    expect(cell('multiple')).toEqual(cell('ko'))
    expect(cell('ko').every((f: any) => !f.shown)).toBe(true)
  })

  it('shows "multiple" with each bilingual family once, beside English without them', async () => {
    const b = await profileOf(1)
    const both = b.breakdowns.filter((x: any) => x.kind === 'home-language' && x.value === 'multiple' && x.figure.shown)
    expect(both.length).toBeGreaterThan(0)
    for (const x of both) {
      const key = `${x.domain}|${x.measures}`
      expect(x.figure.n).toBe(scored(1, key).filter((f) => f.languages!.length > 1).length)
      expect(x.figure.n).toBeLessThanOrEqual(12)
      const english = b.breakdowns.find((y: any) => y.kind === 'home-language' && y.value === 'en' && `${y.domain}|${y.measures}` === key)
      if (english.figure.shown) expect(english.figure.n).toBe(scored(1, key).filter((f) => f.languages!.length === 1).length)
    }
    // Nobody speaks only Spanish: withheld like any empty category.
    expect(b.breakdowns.filter((x: any) => x.kind === 'home-language' && x.value === 'es').every((x: any) => !x.figure.shown)).toBe(true)
  })

  it('filters the district comparison by grade-band category: a family in two bands is in "multiple", not in each', async () => {
    let multipleShown = 0
    for (const band of ['3-5', '6-8', 'tk-2', 'multiple']) {
      const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/district/compare?administration=${admin.administrationId}&role=family&gradeBand=${band}` })
      expect(res.statusCode).toBe(200)
      for (const row of res.json().schools) {
        const school = admin.schools.findIndex((s) => s.id === row.school.id)
        for (const [domain, cells] of Object.entries<any>(row.cells)) {
          for (const measures of ['need', 'asset']) {
            const cell = cells[measures]
            if (!cell.shown) continue
            const key = `${domain}|${measures}`
            const own = scored(school, key).filter((f) => categoryOf(f.bands) === band)
            expect(cell.n, `${band} ${row.school.name} ${key}`).toBe(own.length)
            expect(Math.abs(cell.index - meanOf(own, key))).toBeLessThanOrEqual(0.05 + 1e-9)
            if (band === 'multiple') multipleShown += 1
          }
        }
      }
    }
    expect(multipleShown).toBeGreaterThan(0)
  })

  it('gives the same figures from the rollups as from the full scan, and rollups equal to a fresh aggregate', async () => {
    expect(await rollupMismatches(t.app.db, null)).toEqual({ domain_rollups: 0, domain_score_histogram: 0, domain_item_sets: 0, item_choice_rollups: 0 })
    const options = (source: 'rollups' | 'full-scan', minCellSize: number) => ({ minCellSize, highNeedThreshold: 67, domains: t.app.domains, source })
    for (const school of admin.schools) {
      for (const k of [5, 10]) {
        const fast = await schoolProfile(t.app.db, school.id, admin.administrationId, options('rollups', k))
        expect(JSON.stringify(fast)).toBe(JSON.stringify(await schoolProfile(t.app.db, school.id, admin.administrationId, options('full-scan', k))))
      }
    }
    for (const gradeBand of [undefined, '3-5', 'multiple']) {
      const filters = { administrationId: admin.administrationId, gradeBand }
      const fast = await compareDistrict(t.app.db, filters, options('rollups', 10))
      expect(JSON.stringify(fast)).toBe(JSON.stringify(await compareDistrict(t.app.db, filters, options('full-scan', 10))))
    }
  })
})
