import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAnswers } from '../../../server/demo/answers'
import { seededRandom } from '../../../server/demo/random'
import type { DefinitionIndex } from '../../../server/instruments/definition-index'
import { getCompiledVersion } from '../../../server/instruments/instruments.service'
import { releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

/**
 * Categories and rows come from the instrument, never from what people answered, and a withheld cell looks the same
 * whether 0 or k − 1 people are behind it. Two schools answer alike but for two people: at school B one family
 * speaks a language nobody else does (Korean) and its one staff member skipped a whole domain; at school A that
 * family gave no home language and the staff member answered every domain. Their profiles must be the same JSON, and
 * a school with nobody at all must list the same categories and rows.
 */
let t: TestApp
let staff: StaffHeaders
let admin: Awaited<ReturnType<typeof openAdministration>>
const SKIPPED = 'technology'

async function indexOf(slug: string): Promise<DefinitionIndex> {
  const version = await t.app.db.selectFrom('instrument_versions').select('id').where('slug', '=', slug).where('version', '=', 1).executeTakeFirstOrThrow()
  return (await getCompiledVersion(t.app.db, version.id)).index
}

/** The answers without any that score in `domain` (a matrix loses its rows there, a question that touches it goes). */
function skipping(index: DefinitionIndex, answers: Record<string, unknown>, domain: string): Record<string, unknown> {
  const kept = structuredClone(answers)
  for (const q of index.questions.values()) {
    if (!(q.name in kept)) continue
    if (q.type === 'matrix') {
      const cells = kept[q.name] as Record<string, unknown>
      for (const row of q.rows) if (row.ana?.domain === domain) delete cells[String(row.value)]
      if (Object.keys(cells).length === 0) delete kept[q.name]
    } else if (q.ana?.domain === domain || q.choices.some((c) => c.ana?.domain === domain)) delete kept[q.name]
  }
  return kept
}

async function respond(school: number, slug: string, answers: Record<string, unknown>) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/responses',
    payload: { id: randomUUID(), code: admin.codes[school].code, slug, version: 1, locale: 'en', channel: 'kiosk', answers },
  })
  expect(res.statusCode, res.body).toBe(201)
}

beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000' } })
  staff = await signIn(t.app)
  admin = await openAdministration(t.app.db, {
    schools: 3,
    instruments: [
      { slug: 'family-ana', version: 1 },
      { slug: 'staff-ana', version: 1 },
    ],
  })
  const family = await indexOf('family-ana')
  const staffIndex = await indexOf('staff-ana')
  const familyAnswers = (seed: number) => {
    const answers = generateAnswers(family, seededRandom(seed), (domain) => ((domain.length * 3 + seed) % 10) / 10)
    return { ...answers, home_languages: ['en'], child_grade_bands: ['3-5'] }
  }
  // Twelve families the same at both schools; then the one who differs.
  for (const school of [0, 1]) for (let seed = 1; seed <= 12; seed++) await respond(school, 'family-ana', familyAnswers(seed))
  const { home_languages: _, ...unsaid } = familyAnswers(13)
  await respond(0, 'family-ana', unsaid)
  await respond(1, 'family-ana', { ...unsaid, home_languages: ['ko'] })
  // One staff member, in no breakdown category: every domain at A, all but one at B.
  const { time_at_school: _t, staff_role: _r, ...member } = generateAnswers(staffIndex, seededRandom(99), () => 0.5)
  await respond(0, 'staff-ana', member)
  expect(skipping(staffIndex, member, SKIPPED)).not.toEqual(member)
  await respond(1, 'staff-ana', skipping(staffIndex, member, SKIPPED))
  // School C: nobody.
  await releaseNow(t, admin.administrationId)
}, 300_000)
afterAll(() => t.close())

const profileOf = async (school: number) => {
  const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/schools/${admin.schools[school].id}/profile?administration=${admin.administrationId}` })
  expect(res.statusCode).toBe(200)
  const { school: _, ...profile } = res.json()
  return profile
}

/** What a profile lists, without its figures: its keys, its breakdown categories, its rows. */
function skeleton(p: any) {
  return {
    keys: Object.keys(p).sort(),
    domains: p.domains.map((d: any) => [d.domain, Object.keys(d.need.roles), Object.keys(d.asset.roles)]),
    responses: p.responses.map((r: any) => r.role),
    breakdowns: p.breakdowns.map((b: any) => [b.kind, b.value, b.domain, b.measures].join(' ')),
    items: p.items.map((i: any) => [i.itemId, i.role, i.domain, i.measures].join(' ')),
    services: p.services.map((s: any) => [s.itemId, s.domain].join(' ')),
  }
}

describe('no existence leaks in the school profile', () => {
  it('stored what differs: a Korean-speaking family and a staff member without the skipped domain at B only', async () => {
    const categories = await t.app.db.selectFrom('response_categories').select('school_id').where('kind', '=', 'home-language').where('value', '=', 'ko').execute()
    expect(categories.map((c) => c.school_id)).toEqual([admin.schools[1].id])
    const skipped = await t.app.db.selectFrom('response_domain_scores').select('school_id').where('role', '=', 'staff').where('domain', '=', SKIPPED).execute()
    expect(skipped.length).toBeGreaterThan(0)
    expect(new Set(skipped.map((s) => s.school_id))).toEqual(new Set([admin.schools[0].id]))
  })

  it('gives the same profile, figure for figure, with one person of a rare language and one who skipped a domain as with none', async () => {
    const [a, b] = [await profileOf(0), await profileOf(1)]
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
  })

  it('lists every category, item and service of the instrument, answered or not, as a school with nobody does', async () => {
    const [b, c] = [await profileOf(1), await profileOf(2)]
    expect(skeleton(b)).toEqual(skeleton(c))
    const family = await indexOf('family-ana')
    const languages = family.questions.get('home_languages')!.choices.map((ch) => String(ch.value)).filter((v) => v !== 'pns')
    const listed = new Set(c.breakdowns.filter((x: any) => x.kind === 'home-language').map((x: any) => x.value))
    expect([...listed].sort()).toEqual([...languages, 'multiple'].sort())
    expect(new Set(c.breakdowns.map((x: any) => x.kind))).toEqual(new Set(['grade-band', 'home-language', 'time-at-school']))
    // Every breakdown domain and measure lists every category; the staff items of the skipped domain are rows.
    const byDomain = new Map<string, number>()
    for (const x of c.breakdowns) byDomain.set(`${x.kind} ${x.domain} ${x.measures}`, (byDomain.get(`${x.kind} ${x.domain} ${x.measures}`) ?? 0) + 1)
    expect(new Set([...byDomain].filter(([key]) => key.startsWith('home-language')).map(([, n]) => n))).toEqual(new Set([languages.length + 1]))
    expect(b.items.some((i: any) => i.role === 'staff' && i.domain === SKIPPED)).toBe(true)
    // A withheld category is one object, whether 0 or 1 person is in it.
    const withheld = b.breakdowns.filter((x: any) => !x.figure.shown).map((x: any) => JSON.stringify(x.figure))
    expect(new Set(withheld).size).toBe(1)
    expect(b.breakdowns.find((x: any) => x.value === 'ko').figure).toEqual(c.breakdowns.find((x: any) => x.value === 'ko').figure)
  })
})

describe('no existence leaks in the district comparison', () => {
  it('has a row for every school of the administration and a cell for every domain, whoever answered', async () => {
    for (const query of ['', '&role=staff', '&gradeBand=multiple', '&gradeBand=3-5&role=family']) {
      const res = await t.app.inject({ method: 'GET', headers: staff, url: `/api/district/compare?administration=${admin.administrationId}${query}` })
      expect(res.statusCode).toBe(200)
      const c = res.json()
      expect(c.schools.map((s: any) => s.school.id).sort()).toEqual(admin.schools.map((s) => s.id).sort())
      for (const row of c.schools) expect(Object.keys(row.cells).sort()).toEqual(t.app.domains.map((d) => d.id).sort())
      const [a, b] = [0, 1].map((i) => c.schools.find((s: any) => s.school.id === admin.schools[i].id))
      expect(JSON.stringify(b.cells)).toBe(JSON.stringify(a.cells))
    }
  })
})
