import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import { releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'
import { FIGURE_ROUTES } from '../../helpers/figure-routes'
import { evaluate, expressionKey, integerRange, linear, optimum, programText, type IntegerProgram, type Linear } from '../../helpers/integer-bounds'

/**
 * Disclosure control, proved with an exact solver on random small districts, against everything one staff role can
 * read at once, over two consecutive releases.
 *
 * Each run builds a district of 2 to 4 schools whose families, staff and students answer the fixture surveys
 * (tests/fixtures/surveys-solver: students and staff both give a grade band, so a band pools two roles; families
 * tick their home languages, a multi-select, so their categories overlap; the families' food-security need has two
 * items), some groups under k. Respondents come in two waves: the first is stored and released, and everything is
 * read; the second is stored and a second release is cut (each school's and role's wave joins only by the release
 * rule, else it waits), and everything is read again. What is read, as each staff role: each school's profile, the
 * district comparison under every filter (role, grade band, region, cohort), the profile and comparison exports.
 * Everything a reader learns, from both releases together, is written down as linear constraints:
 *
 * - counts: one unknown integer per school, answer pattern (role, grade band, home languages, answer to each item:
 *   the whole answer space of the questions the generator uses) and wave. Every shown n, every count implied by a
 *   shown share (item distributions, the service grid, the share at high need), every entry a list shows (at least
 *   one person) or leaves out (nobody) is an equation over the unknowns of the waves in that release. For every
 *   withheld count, and for every count's change between the two releases (its second-wave part), the solver finds
 *   its exact minimum and maximum over all integer solutions: a count of 1 to k − 1 people must not be pinned to
 *   one value. (A withheld count pinned at 0 describes nobody; one pinned at k or more was withheld only to protect
 *   a smaller rest, which is bounded as its own count or mean.)
 * - means: the reader is granted every count (more than they can know) and an unknown integer per group, wave and
 *   answer. Every shown mean, taken exactly rather than rounded, is an equation: a role's mean, all voices, a
 *   breakdown, a comparison cell, a district mean over the shown schools, in each release. For every group of 1 to
 *   k − 1 people — any union of one role's grade-band or home-language groups, or of staff's and students' grade-band
 *   groups (a band pools them), within the first wave, the second wave (the change between releases) or both — the
 *   sum of their scores must not be pinned.
 *
 * Not asserted, printed with SOLVER_DEBUG=1: withheld counts of 1 to k − 1 whose range is still within 1 to k − 1.
 * Runs: SOLVER_RUNS (default 8), seed SOLVER_SEED.
 */
const LIBRARY = path.resolve(import.meta.dirname, '../../fixtures/surveys-solver')
const RUNS = Number(process.env.SOLVER_RUNS ?? 8)
const SEED = Number(process.env.SOLVER_SEED ?? 20261123)

type Role = 'student' | 'family' | 'staff'
const ROLES: Role[] = ['student', 'family', 'staff']
const BANDS = ['6-8', '9-12', 'pns', null] as const
type Band = (typeof BANDS)[number]
/** A family's ticked home languages (a multi-select): either, both, or none. */
const LANGS = ['en', 'es', 'en+es', null] as const
type Langs = (typeof LANGS)[number]
type Wave = 1 | 2
type Measure = 'need' | 'asset'

interface Item {
  itemId: string
  role: Role
  question: string
  domain: string
  measures: Measure | 'service'
  /** Every choice of the question, with its score (null: not scored). */
  scores: Record<string, number | null>
  required: boolean
}
// The scored items of tests/fixtures/surveys-solver that the generator answers.
const ITEMS: Item[] = [
  { itemId: 'food.worry', role: 'family', question: 'food_worry', domain: 'food-security', measures: 'need', scores: { often: 100, sometimes: 50, never: 0, pns: null }, required: true },
  { itemId: 'food.weekend-short', role: 'family', question: 'food_weekend', domain: 'food-security', measures: 'need', scores: { yes: 0, no: 100 }, required: false },
  { itemId: 'food.know-help', role: 'family', question: 'food_know_help', domain: 'food-security', measures: 'asset', scores: { '1': 0, '2': 50, '3': 100 }, required: false },
  { itemId: 'services.dental', role: 'family', question: 'services', domain: 'dental-vision', measures: 'service', scores: { used: null, 'couldnt-get': null, 'didnt-know': null, 'dont-need': null }, required: false },
  { itemId: 'food.staff-hunger-focus', role: 'staff', question: 'hunger_focus', domain: 'food-security', measures: 'need', scores: { '0': 0, '1': 100 }, required: true },
  { itemId: 'food.st-hungry', role: 'student', question: 'hungry', domain: 'food-security', measures: 'need', scores: { '0': 0, '1': 50, '2': 100 }, required: true },
]
const SCORED: [string, Measure][] = [
  ['food-security', 'need'],
  ['food-security', 'asset'],
]

/** One way to answer: a role, a grade band (students, staff), home languages (families), a choice (or none) for each of the role's items, and the wave it came in. */
interface Pattern {
  index: number
  role: Role
  band: Band
  langs: Langs
  wave: Wave
  choices: Record<string, string | null>
}

function answerSpace(): Pattern[] {
  const patterns: Pattern[] = []
  for (const wave of [1, 2] as const) {
    for (const role of ROLES) {
      let partial: Record<string, string | null>[] = [{}]
      for (const item of ITEMS.filter((i) => i.role === role)) {
        const options = [...(item.required ? [] : [null]), ...Object.keys(item.scores)]
        partial = partial.flatMap((p) => options.map((o) => ({ ...p, [item.itemId]: o })))
      }
      for (const band of role === 'family' ? [null] : BANDS)
        for (const langs of role === 'family' ? LANGS : [null])
          for (const choices of partial) patterns.push({ index: patterns.length, role, band, langs, wave, choices })
    }
  }
  return patterns
}
const SPACE = answerSpace()

/** A breakdown category a pattern falls in: one value, or 'multiple' for a person who gave more than one. */
function categoryOf(p: Pattern, kind: string): string | null {
  if (kind === 'grade-band') return p.band === 'pns' ? null : p.band
  if (kind === 'home-language') return p.langs === null ? null : p.langs.includes('+') ? 'multiple' : p.langs
  return null
}
const CATEGORIES: Record<string, string[]> = { 'grade-band': ['6-8', '9-12', 'multiple'], 'home-language': ['en', 'es', 'multiple'] }

/** A respondent's domain score: the mean of their non-null item scores in the domain and measure (scoring.ts). */
function scoreOf(p: Pick<Pattern, 'role' | 'choices'>, domain: string, measures: Measure): number | null {
  const scores = ITEMS.filter((i) => i.role === p.role && i.domain === domain && i.measures === measures)
    .map((i) => (p.choices[i.itemId] == null ? null : i.scores[p.choices[i.itemId]!]))
    .filter((s): s is number => s !== null && s !== undefined)
  return scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length
}

const banded = (max: number, rare: number) => fc.record({ '6-8': fc.nat({ max }), '9-12': fc.nat({ max }), pns: fc.nat({ max: rare }), none: fc.nat({ max: rare }) })
const school = fc.record({
  families: fc.nat({ max: 16 }),
  staff: banded(12, 2),
  students: banded(14, 3),
  /** The second wave, stored after the first release. */
  later: fc.record({ families: fc.nat({ max: 12 }), staff: banded(6, 2), students: banded(8, 2) }),
  cohort: fc.constantFrom('Cohort 1', 'Cohort 2'),
  offset: fc.nat({ max: 59 }),
})
type SchoolSpec = typeof school extends fc.Arbitrary<infer T> ? T : never

interface Respondent {
  pattern: Pattern
  slug: string
  locale: string
  answers: Record<string, unknown>
  id: string
  /** Taken in by a release (a second-wave respondent may be held back by the release rule). */
  released: boolean
}

/**
 * The respondents of one school, both waves. Answers cycle within each role and grade band, so that every group of
 * two or more has more than one answer: a shown group where everyone gave the same answer tells each member's answer
 * outright (homogeneity), which small-cell suppression does not claim to prevent and which would hide the
 * differencing this test is about. A family that speaks Spanish at home answers in Spanish.
 */
function respondents(s: SchoolSpec): Respondent[] {
  const find = (role: Role, band: Band, langs: Langs, wave: Wave, choices: Record<string, string | null>) =>
    SPACE.find((p) => p.role === role && p.band === band && p.langs === langs && p.wave === wave && Object.entries(choices).every(([k, v]) => p.choices[k] === v))!
  const out: Respondent[] = []
  const person = (pattern: Pattern, slug: string, locale: string, answers: Record<string, unknown>) => out.push({ pattern, slug, locale, answers, id: randomUUID(), released: false })
  for (let j = 0; j < s.families + s.later.families; j++) {
    const wave: Wave = j < s.families ? 1 : 2
    const worry = ['often', 'sometimes', 'never', 'pns'][(j + s.offset) % 4]
    const weekend = [null, 'yes', 'no'][(j + s.offset + 2) % 3]
    const help = [null, '1', '2', '3'][(j + s.offset + 1) % 4]
    const dental = [null, 'used', 'couldnt-get', 'didnt-know', 'dont-need'][(j + s.offset) % 5]
    const langs = LANGS[(j + s.offset + 3) % 4]
    person(
      find('family', null, langs, wave, { 'food.worry': worry, 'food.weekend-short': weekend, 'food.know-help': help, 'services.dental': dental }),
      'mini-ana',
      langs?.includes('es') ? 'es' : 'en',
      {
        ...(langs ? { home_language: langs.split('+') } : {}),
        food_worry: worry,
        ...(weekend ? { food_weekend: weekend } : {}),
        ...(help ? { food_know_help: Number(help) } : {}),
        ...(dental ? { services: { dental } } : {}),
      },
    )
  }
  for (const [role, slug, item, question, choices] of [
    ['staff', 'mini-staff', 'food.staff-hunger-focus', 'hunger_focus', 2],
    ['student', 'mini-student', 'food.st-hungry', 'hungry', 3],
  ] as const) {
    const first = role === 'staff' ? s.staff : s.students
    const later = role === 'staff' ? s.later.staff : s.later.students
    for (const band of Object.keys(first) as (keyof typeof first)[]) {
      for (let j = 0; j < first[band] + later[band]; j++) {
        const answer = (j + s.offset) % choices
        const b = band === 'none' ? null : (band as Band)
        person(find(role, b, null, j < first[band] ? 1 : 2, { [item]: String(answer) }), slug, 'en', { ...(b ? { grade_band: b } : {}), [question]: answer })
      }
    }
  }
  return out
}

/** RFC 4180 CSV, as the exports write it (a byte-order mark, quotes doubled inside quoted fields). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const body = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') (field += '"'), i++
      else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') row.push(field), (field = '')
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++
      row.push(field), rows.push(row), (row = []), (field = '')
    } else field += ch
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row)
  return rows
}

/** The first sheet's rows as text, each as wide as the header (an empty cell ''). */
async function xlsxRows(payload: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(payload as unknown as ArrayBuffer)
  const rows: unknown[][] = []
  workbook.worksheets[0].eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1)))
  const width = rows[0].length
  // As csv-stringify writes them: a boolean as '1' or ''.
  const text = (v: unknown) => (v === undefined || v === null || v === false ? '' : v === true ? '1' : String(v))
  return rows.map((values) => Array.from({ length: width }, (_, i) => text(values[i])))
}

let t: TestApp
let k: number
let district: StaffHeaders & { email: string }
let analyst: StaffHeaders & { email: string }

/** The figure routes the proof has read (route patterns), so that it can say it read every one. */
const routesRead = new Set<string>()
const routePatterns = FIGURE_ROUTES.map((route) => ({ route, pattern: new RegExp(`^${route.replace(/^GET /, '').replace(/:[a-zA-Z]+/g, '[^/]+')}$`) }))

/** Every endpoint read goes through here, as one signed-in staff member. */
async function read(app: FastifyInstance, url: string, as: StaffHeaders) {
  const res = await app.inject({ method: 'GET', url, headers: as })
  if (res.statusCode === 200) for (const { route, pattern } of routePatterns) if (pattern.test(url.split('?')[0])) routesRead.add(route)
  return res
}
async function readJson(url: string, as: StaffHeaders) {
  const res = await read(t.app, url, as)
  expect(res.statusCode, url).toBe(200)
  return res.json()
}

beforeAll(async () => {
  t = await startTestApp({ surveysDir: LIBRARY, env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000' } })
  k = t.config.minCellSize
  district = await signIn(t.app, 'district-admin')
  analyst = await signIn(t.app, 'district-analyst')
})
afterAll(() => t.close())

describe('integer bounds', () => {
  it('pins a value only when the constraints leave it one', () => {
    const variables = new Map([
      ['x', 100],
      ['y', 100],
    ])
    const sum = { expression: linear([['x', 1], ['y', 1]]), lower: 12, upper: 12, label: 'x + y' }
    expect(integerRange({ variables, constraints: [sum] }, linear([['x', 1]]))).toEqual({ min: 0, max: 12 })
    const shown = { expression: linear([['y', 1]]), lower: 10, upper: 10, label: 'y' }
    expect(integerRange({ variables, constraints: [sum, shown] }, linear([['x', 1]]))).toEqual({ min: 2, max: 2 })
    // Integrality counts: 2x + 2y = 6 with y ≥ 3 leaves x = 0 only, 2x = 3 has no solution at all.
    const even = { expression: linear([['x', 2], ['y', 2]]), lower: 6, upper: 6, label: '2x + 2y' }
    expect(integerRange({ variables, constraints: [even, { expression: linear([['y', 1]]), lower: 3, upper: Infinity, label: 'y ≥ 3' }] }, linear([['x', 1]]))).toEqual({ min: 0, max: 0 })
    expect(() => integerRange({ variables, constraints: [{ expression: linear([['x', 2]]), lower: 3, upper: 3, label: '2x' }] }, linear([['x', 1]]))).toThrow(/Infeasible/)
  })
})

interface Finding {
  what: string
  truth: number
  min: number
  max: number
}

describe('disclosure holds against an exact solver on random small districts, over two releases (property)', () => {
  it('leaves no withheld count, no change between releases and no mean of 1 to k − 1 people pinned down by what the endpoints show', { timeout: 1_800_000 }, async () => {
    const timings: number[] = []
    await fc.assert(
      fc.asyncProperty(fc.array(school, { minLength: 2, maxLength: 4 }), async (specs) => {
        const started = performance.now()
        const admin = await openAdministration(t.app.db, {
          schools: specs.length,
          // Middle and high school grades: the student and staff surveys ask 6-8 and 9-12.
          grades: '6-12',
          instruments: [
            { slug: 'mini-ana', version: 1 },
            { slug: 'mini-staff', version: 1 },
            { slug: 'mini-student', version: 1 },
          ],
        })
        for (const [i, s] of admin.schools.entries()) await t.app.db.updateTable('schools').set({ cohort: specs[i].cohort }).where('id', '=', s.id).execute()
        const people = specs.map(respondents)
        let releaseNumber: number | null = null
        const store = async (wave: Wave) => {
          for (const [i, list] of people.entries()) {
            const posts = list
              .filter((r) => r.pattern.wave === wave)
              .map((r) =>
                t.app.inject({
                  method: 'POST',
                  url: '/api/responses',
                  payload: { id: r.id, code: admin.codes[i].code, slug: r.slug, version: 1, locale: r.locale, channel: 'kiosk', answers: r.answers },
                }),
              )
            for (const res of await Promise.all(posts)) expect(res.statusCode, res.body).toBe(201)
          }
          const cut = await releaseNow(t, admin.administrationId)
          if (cut.release) releaseNumber = cut.release.number
          const released = new Set(
            (await t.app.db.selectFrom('responses').select('id').where('administration_id', '=', admin.administrationId).where('release_id', 'is not', null).execute()).map((r) => r.id),
          )
          for (const list of people) for (const r of list) r.released = released.has(r.id)
        }
        const team = await signIn(t.app, 'school-team', admin.schools.map((s) => s.id))
        const schoolIndex = new Map(admin.schools.map((s, i) => [s.id, i]))

        // ---- the truth, and the two programs a reader could write down ----
        const seen = new Map<IntegerProgram, Set<string>>()
        const addOnce = (program: IntegerProgram, c: IntegerProgram['constraints'][number]) => {
          const key = `${expressionKey(c.expression)}|${c.lower}|${c.upper}`
          if (!seen.has(program)) seen.set(program, new Set())
          if (seen.get(program)!.has(key)) return
          seen.get(program)!.add(key)
          program.constraints.push(c)
        }
        const x = (s: number, p: Pattern) => `x${s}_${p.index}`
        const countPrograms: IntegerProgram[] = specs.map((_, s) => ({ variables: new Map(SPACE.map((p) => [x(s, p), 200])), constraints: [] }))
        /** Withheld counts, and every count's change between the releases: none may be pinned at 1 to k − 1. */
        const withheldCounts = new Map<string, { school: number; what: string; expression: Linear }>()
        // The release being read: a figure of release r describes the released respondents of waves 1 to r.
        let release: Wave = 1
        const truthCounts = new Map<string, number>()
        const count = (s: number, match: (p: Pattern) => boolean, waves: (w: Wave) => boolean = (w) => w <= release) =>
          linear(SPACE.filter((p) => waves(p.wave) && match(p)).map((p) => [x(s, p), 1]))
        const changed = (s: number, what: string, match: (p: Pattern) => boolean) => {
          if (release !== 2) return
          const expression = count(s, match, (w) => w === 2)
          withheldCounts.set(`${s}|Δ|${expressionKey(expression)}`, { school: s, what: `change of ${what}`, expression })
        }
        // `group`: the count is how many people a figure describes (a role, an item's answerers, a category), whose
        // change between releases the release rule keeps at 0 or k and more; not an answer's count within a shown group
        // (a shown distribution's smallest answer may well be one person, and so may its change).
        const shownCount = (s: number, what: string, match: (p: Pattern) => boolean, n: number, upper = n, group = true) => {
          const expression = count(s, match)
          const truth = evaluate(expression, truthCounts)
          expect(truth >= n && truth <= upper, `release ${release}: ${what} at school ${s}: shown ${n}${upper !== n ? `..${upper}` : ''}, truth ${truth}`).toBe(true)
          addOnce(countPrograms[s], { expression, lower: n, upper, label: `release ${release}: ${what}` })
          if (group) changed(s, what, match)
        }
        // A withheld figure's message says on which side of k it is ("fewer than k", or withheld for a smaller rest):
        // that range is something the reader learns too.
        const withheldCount = (s: number, what: string, match: (p: Pattern) => boolean, group = true, range?: [number, number]) => {
          const expression = count(s, match)
          if (range) {
            const truth = evaluate(expression, truthCounts)
            expect(truth >= range[0] && truth <= range[1], `release ${release}: ${what} at school ${s}: withheld as ${range}, truth ${truth}`).toBe(true)
            addOnce(countPrograms[s], { expression, lower: range[0], upper: range[1], label: `release ${release}: ${what} (withheld)` })
          }
          withheldCounts.set(`${s}|${expressionKey(expression)}`, { school: s, what: `release ${release}: ${what}`, expression })
          if (group) changed(s, what, match)
        }

        const rangeOf = (figure: { message?: string }): [number, number] | undefined =>
          figure.message?.startsWith('Fewer than') ? [0, k - 1] : figure.message?.includes('rest of the group') ? [k, Infinity] : undefined

        // Means: the reader is given every group's size (its respondents, and those with a domain score), and z(group,
        // q) is how many of the group answered the domain's items as q: the whole answer space of those items, so a
        // domain of several items is modelled as exactly as one of a single item. A group is one school's respondents of
        // one role, grade band, home languages and wave.
        type DomainPattern = { choices: Record<string, string | null>; score: number | null }
        type Group = { school: number; role: Role; band: Band; langs: Langs; wave: Wave; domain: string; measures: Measure; all: number; size: number; sum: number; patterns: DomainPattern[] }
        const groups: Group[] = []
        const truthZ = new Map<string, number>()
        const z = (g: Group, q: number) => `z${groups.indexOf(g)}_${q}`
        const meansProgram: IntegerProgram = { variables: new Map(), constraints: [] }
        const setTruth = () => {
          truthCounts.clear()
          for (const [s, list] of people.entries()) for (const r of list) if (r.released) truthCounts.set(x(s, r.pattern), (truthCounts.get(x(s, r.pattern)) ?? 0) + 1)
          for (const [s, list] of people.entries()) {
            for (const wave of [1, 2] as const) {
              for (const role of ROLES) {
                for (const band of role === 'family' ? [null] : BANDS) {
                  for (const langs of role === 'family' ? LANGS : [null]) {
                    for (const [domain, measures] of SCORED) {
                      const items = ITEMS.filter((i) => i.role === role && i.domain === domain && i.measures === measures)
                      const members = list.filter((r) => r.released && r.pattern.role === role && r.pattern.band === band && r.pattern.langs === langs && r.pattern.wave === wave)
                      if (items.length === 0 || members.length === 0) continue
                      if (groups.some((g) => g.school === s && g.role === role && g.band === band && g.langs === langs && g.wave === wave && g.domain === domain && g.measures === measures)) continue
                      const patterns = SPACE.filter((p) => p.role === role && p.band === band && p.langs === langs && p.wave === wave)
                        .map((p) => Object.fromEntries(items.map((i) => [i.itemId, p.choices[i.itemId]])))
                        .filter((choices, i, all) => all.findIndex((other) => JSON.stringify(other) === JSON.stringify(choices)) === i)
                        .map((choices) => ({ choices, score: scoreOf({ role, choices }, domain, measures) }))
                      const scores = members.map((r) => scoreOf(r.pattern, domain, measures)).filter((v): v is number => v !== null)
                      const g: Group = { school: s, role, band, langs, wave, domain, measures, all: members.length, size: scores.length, sum: scores.reduce((a, b) => a + b, 0), patterns }
                      groups.push(g)
                      for (const r of members) {
                        const q = patterns.findIndex((p) => items.every((i) => p.choices[i.itemId] === r.pattern.choices[i.itemId]))
                        truthZ.set(z(g, q), (truthZ.get(z(g, q)) ?? 0) + 1)
                      }
                      for (const [q] of patterns.entries()) meansProgram.variables.set(z(g, q), g.all)
                      meansProgram.constraints.push(
                        { expression: linear(patterns.map((_, q) => [z(g, q), 1])), lower: g.all, upper: g.all, label: 'group size' },
                        { expression: linear(patterns.flatMap((p, q) => (p.score === null ? [] : [[z(g, q), 1] as [string, number]]))), lower: g.size, upper: g.size, label: 'group scored' },
                      )
                    }
                  }
                }
              }
            }
          }
        }
        /** How many of these groups answered as `match` says (a choice of an item, a score at high need...). */
        const answeredAs = (gs: Group[], match: (p: DomainPattern) => boolean) => linear(gs.flatMap((g) => g.patterns.flatMap((p, q) => (match(p) ? [[z(g, q), 1] as [string, number]] : []))))
        const shownAnswers = (what: string, expression: Linear, n: number) => {
          expect(evaluate(expression, truthZ), what).toBe(n)
          addOnce(meansProgram, { expression, lower: n, upper: n, label: what })
        }
        const groupsOf = (s: number, domain: string, measures: string, role: Role | null, category?: { kind: string; value: string }) =>
          groups.filter(
            (g) =>
              g.school === s &&
              g.wave <= release &&
              g.domain === domain &&
              g.measures === measures &&
              (role === null || g.role === role) &&
              (category === undefined || categoryOf({ ...g, index: -1, choices: {} }, category.kind) === category.value),
          )
        const sumOf = (gs: Group[], weight = 1) => linear(gs.flatMap((g) => g.patterns.flatMap((p, q) => (p.score === null ? [] : [[z(g, q), p.score * weight] as [string, number]]))))
        const sizeOf = (gs: Group[]) => gs.reduce((a, g) => a + g.size, 0)
        const trueSum = (gs: Group[]) => gs.reduce((a, g) => a + g.sum, 0)
        /** A shown mean, exactly: Σ weight × (sum of the group's scores) = its true value; the shown index must round it. */
        const shownMean = (what: string, parts: { groups: Group[]; weight: number }[], index: number, divisor: number) => {
          const expression = linear(parts.flatMap((p) => [...sumOf(p.groups, p.weight)]))
          const value = parts.reduce((a, p) => a + p.weight * trueSum(p.groups), 0)
          expect(Math.abs(value / divisor - index), `release ${release}: ${what}: shown ${index}, truth ${value / divisor}`).toBeLessThanOrEqual(0.05 + 1e-9)
          addOnce(meansProgram, { expression, lower: value, upper: value, label: `release ${release}: ${what}` })
        }

        const readEverything = async () => {
          // ---- school profiles, as every role that may read them ----
          const profiles: any[] = []
          const crossTabs = new Map<string, any>()
          for (const [s, sc] of admin.schools.entries()) {
            const url = `/api/schools/${sc.id}/profile?administration=${admin.administrationId}`
            const p = await readJson(url, analyst)
            profiles.push(p)
            expect(await readJson(url, district)).toEqual(p)
            expect(await readJson(url, team)).toEqual(p)
            expect(p.release.number).toBe(releaseNumber)
            for (const r of p.responses) {
              if (r.count.shown) shownCount(s, `responses ${r.role}`, (q) => q.role === r.role, r.count.n)
              else withheldCount(s, `responses ${r.role}`, (q) => q.role === r.role, true, rangeOf(r.count))
            }
            for (const d of p.domains) {
              for (const measures of ['need', 'asset'] as const) {
                const scored = SCORED.some(([dd, mm]) => dd === d.domain && mm === measures)
                const figures = d[measures]
                if (!scored) {
                  // Nobody answers these domains here; they must be withheld (and are no one's count to bound).
                  for (const f of [...Object.values(figures.roles), figures.allVoices]) expect((f as any).shown).toBe(false)
                  continue
                }
                const has = (role: Role) => (q: Pattern) => q.role === role && scoreOf(q, d.domain, measures) !== null
                const shownRoles = ROLES.filter((role) => figures.roles[role].shown)
                for (const role of ROLES) {
                  const f = figures.roles[role]
                  const high = (q: Pattern) => has(role)(q) && scoreOf(q, d.domain, measures)! >= t.config.highNeedThreshold
                  if (f.shown) {
                    shownCount(s, `${d.domain} ${measures} ${role}`, has(role), f.n)
                    if (f.highShare !== undefined) {
                      const atHigh = Math.round((f.highShare * f.n) / 100)
                      shownCount(s, `${d.domain} ${measures} ${role} at high need`, high, atHigh, atHigh, false)
                      const gs = groupsOf(s, d.domain, measures, role)
                      shownAnswers(`release ${release}: ${d.domain} ${measures} ${role} at high need at school ${s}`, answeredAs(gs, (p) => p.score !== null && p.score >= t.config.highNeedThreshold), atHigh)
                    }
                    shownMean(`profile ${s} ${d.domain} ${measures} ${role}`, [{ groups: groupsOf(s, d.domain, measures, role), weight: 1 }], f.index, f.n)
                  } else {
                    withheldCount(s, `${d.domain} ${measures} ${role}`, has(role), true, rangeOf(f))
                    if (measures === 'need') withheldCount(s, `${d.domain} ${measures} ${role} at high need`, high, false)
                  }
                }
                const av = figures.allVoices
                if (av.shown) {
                  shownCount(s, `${d.domain} ${measures} all voices`, (q) => shownRoles.some((r) => has(r)(q)), av.n)
                  const parts = shownRoles.map((role) => ({ groups: groupsOf(s, d.domain, measures, role), weight: 1 / figures.roles[role].n }))
                  shownMean(`profile ${s} ${d.domain} ${measures} all voices`, parts, av.index, parts.length)
                } else withheldCount(s, `${d.domain} ${measures} all voices`, (q) => ROLES.some((r) => has(r)(q)))
              }
              expect(d.change).toEqual({ need: null, asset: null, matchedItems: null })
            }
            for (const [list, measures] of [
              [p.topNeeds, 'need'],
              [p.topAssets, 'asset'],
            ] as const) {
              for (const top of list) expect(top).toEqual({ domain: top.domain, index: p.domains.find((d: any) => d.domain === top.domain)[measures].allVoices.index, n: p.domains.find((d: any) => d.domain === top.domain)[measures].allVoices.n })
            }
            // Item distributions by role: a listed item was answered by someone of that role, an unlisted one by nobody
            // (the instrument's items are all listed: then the listing says nothing).
            for (const item of ITEMS.filter((i) => i.measures !== 'service')) {
              const entry = p.items.find((e: any) => e.itemId === item.itemId && e.role === item.role)
              const answered = (q: Pattern) => q.role === item.role && q.choices[item.itemId] != null
              const chose = (c: string) => (q: Pattern) => q.role === item.role && q.choices[item.itemId] === c
              if (!entry) {
                shownCount(s, `${item.itemId} answered (not listed)`, answered, 0)
                continue
              }
              if (entry.distribution.shown) {
                const { n, shares } = entry.distribution
                shownCount(s, `${item.itemId} answered`, answered, n)
                for (const c of Object.keys(item.scores)) {
                  const chosen = Math.round(((shares[c] ?? 0) * n) / 100)
                  shownCount(s, `${item.itemId} = ${c}`, chose(c), chosen, chosen, false)
                  const gs = groupsOf(s, item.domain, item.measures as Measure, item.role)
                  shownAnswers(`release ${release}: ${item.itemId} = ${c} at school ${s}`, answeredAs(gs, (p) => p.choices[item.itemId] === c), chosen)
                }
              } else {
                withheldCount(s, `${item.itemId} answered`, answered, true, rangeOf(entry.distribution))
                for (const c of Object.keys(item.scores)) withheldCount(s, `${item.itemId} = ${c}`, chose(c), false)
              }
            }
            // The service grid pools the roles.
            for (const item of ITEMS.filter((i) => i.measures === 'service')) {
              const entry = p.services.find((e: any) => e.itemId === item.itemId)
              const answered = (q: Pattern) => q.choices[item.itemId] != null
              const chose = (c: string) => (q: Pattern) => q.choices[item.itemId] === c
              if (!entry) {
                shownCount(s, `${item.itemId} answered (not listed)`, answered, 0)
                continue
              }
              if (entry.figures.shown) {
                const { n, unmetNeed, use, awarenessGap } = entry.figures
                shownCount(s, `${item.itemId} answered`, answered, n)
                const chosen = (share: number) => Math.round((share * n) / 100)
                shownCount(s, `${item.itemId} couldn't get`, chose('couldnt-get'), chosen(unmetNeed), chosen(unmetNeed), false)
                shownCount(s, `${item.itemId} used`, chose('used'), chosen(use), chosen(use), false)
                shownCount(s, `${item.itemId} didn't know`, chose('didnt-know'), chosen(awarenessGap), chosen(awarenessGap), false)
              } else {
                withheldCount(s, `${item.itemId} answered`, answered, true, rangeOf(entry.figures))
                for (const c of Object.keys(item.scores)) withheldCount(s, `${item.itemId} = ${c}`, chose(c), false)
              }
            }
            // Breakdowns pool the roles shown for the domain (all voices' roles): grade bands (students and staff) and
            // home languages (families, a multi-select: each family is counted once, under 'multiple' when it ticked
            // more than one).
            for (const b of p.breakdowns) expect(CATEGORIES[b.kind]?.includes(b.value), JSON.stringify(b)).toBe(true)
            for (const [kind, values] of Object.entries(CATEGORIES)) {
              for (const value of values) {
                for (const [domain, measures] of SCORED) {
                  const entry = p.breakdowns.find((b: any) => b.kind === kind && b.value === value && b.domain === domain && b.measures === measures)
                  const pooled = ROLES.filter((role) => p.domains.find((d: any) => d.domain === domain)[measures].roles[role].shown)
                  const inCategory = (q: Pattern) => pooled.includes(q.role) && categoryOf(q, kind) === value && scoreOf(q, domain, measures) !== null
                  const what = `${kind} ${value} ${domain} ${measures}`
                  if (!entry) {
                    shownCount(s, `${what} (not listed)`, inCategory, 0)
                    continue
                  }
                  if (entry.figure.shown) {
                    shownCount(s, what, inCategory, entry.figure.n)
                    const gs = groupsOf(s, domain, measures, null, { kind, value }).filter((g) => pooled.includes(g.role))
                    shownMean(`breakdown ${s} ${what}`, [{ groups: gs, weight: 1 }], entry.figure.index, entry.figure.n)
                  } else withheldCount(s, what, inCategory)
                }
              }
            }

            // The cross-tab splits each breakdown by role: a role's part of a category joins the constraints the solver
            // reads, and its 'all' column is the breakdown itself.
            for (const [kind, values] of Object.entries(CATEGORIES)) {
              for (const measure of ['need', 'asset'] as const) {
                const res = await read(t.app, `/api/schools/${sc.id}/crosstab?administration=${admin.administrationId}&kind=${kind}&measure=${measure}`, team)
                expect(res.statusCode).toBe(200)
                const crossTab = res.json()
                crossTabs.set(`${sc.id} ${kind} ${measure}`, crossTab)
                // The categories the instrument lists, as the breakdowns list them (one not listed has nobody in it, checked above).
                const listed = [...new Set(p.breakdowns.filter((b: any) => b.kind === kind).map((b: any) => b.value))].sort()
                expect([...crossTab.values].sort()).toEqual(listed)
                for (const [domain, measures] of SCORED.filter(([, m]) => m === measure)) {
                  for (const value of values.filter((v) => crossTab.values.includes(v))) {
                    const breakdown = p.breakdowns.find((b: any) => b.kind === kind && b.value === value && b.domain === domain && b.measures === measures)
                    const all = crossTab.cells.find((c: any) => c.role === 'all' && c.value === value && c.domain === domain)
                    expect(all?.figure, `${kind} ${value} ${domain} ${measures} all`).toEqual(breakdown?.figure)
                    for (const role of ROLES) {
                      const cell = crossTab.cells.find((c: any) => c.role === role && c.value === value && c.domain === domain)
                      const what = `cross-tab ${kind} ${value} ${domain} ${measures} ${role}`
                      expect(cell, what).toBeDefined()
                      const inPart = (q: Pattern) => q.role === role && categoryOf(q, kind) === value && scoreOf(q, domain, measures) !== null
                      if (cell.figure.shown) {
                        expect(cell.figure.n, what).toBeGreaterThanOrEqual(k)
                        shownCount(s, what, inPart, cell.figure.n)
                        shownMean(`${s} ${what}`, [{ groups: groupsOf(s, domain, measures, role, { kind, value }), weight: 1 }], cell.figure.index, cell.figure.n)
                      } else withheldCount(s, what, inPart)
                    }
                  }
                }
              }
            }

            // The profile export says the same, as CSV and (for the first school) XLSX.
            const csv = await read(t.app, `/api/exports/schools/${sc.id}/profile?administration=${admin.administrationId}&format=csv`, team)
            expect(csv.statusCode).toBe(200)
            const rows = parseCsv(csv.body)
            const header = rows[0]
            const at = (row: string[], column: string) => row[header.indexOf(column)]
            const number = (cell: string) => (cell === '' ? null : Number(cell))
            for (const row of rows.slice(1)) {
              const withheld = at(row, 'withheld because') !== ''
              const what = `${row.slice(4, 12)}`
              switch (at(row, 'section')) {
                case 'domain': {
                  const figures = p.domains.find((x: any) => x.domain === at(row, 'domain id'))[at(row, 'measure')]
                  const f = at(row, 'group') === 'all' ? figures.allVoices : figures.roles[at(row, 'group')]
                  expect(number(at(row, 'index (0–100)')), what).toBe(f.shown ? f.index : null)
                  expect(number(at(row, 'n')), what).toBe(f.shown ? f.n : null)
                  expect(withheld, what).toBe(!f.shown)
                  break
                }
                case 'breakdown': {
                  const b = p.breakdowns.find((x: any) => x.kind === at(row, 'breakdown') && x.value === at(row, 'group') && x.domain === at(row, 'domain id') && x.measures === at(row, 'measure'))
                  expect(number(at(row, 'index (0–100)')), what).toBe(b.figure.shown ? b.figure.index : null)
                  expect(number(at(row, 'n')), what).toBe(b.figure.shown ? b.figure.n : null)
                  expect(withheld, what).toBe(!b.figure.shown)
                  break
                }
                case 'service': {
                  const f = p.services.find((x: any) => x.itemId === at(row, 'item id')).figures
                  expect(number(at(row, 'unmet need (%)')), what).toBe(f.shown ? f.unmetNeed : null)
                  expect(number(at(row, 'n')), what).toBe(f.shown ? f.n : null)
                  expect(withheld, what).toBe(!f.shown)
                  break
                }
                case 'item': {
                  const f = p.items.find((x: any) => x.itemId === at(row, 'item id') && x.role === at(row, 'group')).distribution
                  expect(number(at(row, 'share (%)')), what).toBe(f.shown ? f.shares[at(row, 'answer')] : null)
                  expect(withheld, what).toBe(!f.shown)
                  break
                }
                default:
                  throw new Error(`unexpected section ${at(row, 'section')}`)
              }
            }
            const itemRows = p.items.reduce((sum: number, i: any) => sum + (i.distribution.shown ? Object.keys(i.distribution.shares).length : 1), 0)
            expect(rows.length - 1).toBe(p.domains.length * 8 + p.breakdowns.length + p.services.length + itemRows)
            if (s === 0) {
              const xlsx = await read(t.app, `/api/exports/schools/${sc.id}/profile?administration=${admin.administrationId}&format=xlsx`, team)
              expect(await xlsxRows(xlsx.rawPayload)).toEqual(rows)
            }
          }

          // ---- the district comparison under every filter, and its export ----
          const base = `/api/district/compare?administration=${admin.administrationId}`
          expect((await read(t.app, base, team)).statusCode).toBe(403)
          expect((await read(t.app, `/api/exports/district-comparison?administration=${admin.administrationId}&format=csv`, team)).statusCode).toBe(403)
          const views = new Map<string, any>()
          const query = (f: { role?: Role; band?: string; region?: string; cohort?: string }) =>
            `${f.role ? `&role=${f.role}` : ''}${f.band ? `&gradeBand=${f.band}` : ''}${f.region ? `&region=${encodeURIComponent(f.region)}` : ''}${f.cohort ? `&cohort=${encodeURIComponent(f.cohort)}` : ''}`
          // Every role and band view; region and cohort only choose schools (their district means are sums of shown
          // figures, nothing new), so a few of those views check that.
          const filters: { role?: Role; band?: '6-8' | '9-12'; region?: string; cohort?: string }[] = []
          for (const role of [undefined, ...ROLES]) for (const band of [undefined, '6-8', '9-12'] as const) filters.push({ role, band })
          filters.push({ region: 'North' }, { region: 'South' }, { cohort: 'Cohort 1' }, { cohort: 'Cohort 2' }, { region: 'North', role: 'student', band: '6-8' }, { cohort: 'Cohort 2', band: '9-12' })
          for (const f of filters) views.set(query(f), await readJson(base + query(f), analyst))
          // The district's cross-tab pools exactly the schools' shown cells: it is a sum of what the schools show.
          for (const kind of Object.keys(CATEGORIES)) {
            for (const measure of ['need', 'asset'] as const) {
              const url = `/api/district/crosstab?administration=${admin.administrationId}&kind=${kind}&measure=${measure}`
              expect((await read(t.app, url, team)).statusCode).toBe(403)
              const tab = await readJson(url, analyst)
              for (const cell of tab.cells) {
                const parts = admin.schools
                  .map((sc) => crossTabs.get(`${sc.id} ${kind} ${measure}`)?.cells.find((c: any) => c.role === cell.role && c.value === cell.value && c.domain === cell.domain)?.figure)
                  .filter((f: any) => f?.shown)
                const what = `district cross-tab ${kind} ${measure} ${cell.role} ${cell.value} ${cell.domain}`
                expect(cell.schools, what).toBe(parts.length)
                if (parts.length === 0) expect(cell.figure.shown, what).toBe(false)
                else {
                  const n = parts.reduce((a: number, f: any) => a + f.n, 0)
                  expect(cell.figure.n, what).toBe(n)
                  expect(cell.figure.index, what).toBeCloseTo(parts.reduce((a: number, f: any) => a + f.n * f.index, 0) / n, 1)
                }
              }
            }
          }
          expect(await readJson(base, district)).toEqual(views.get(''))
          expect(views.get('').release.number).toBe(releaseNumber)

          for (const f of filters) {
            const view = views.get(query(f))
            const unfiltered = views.get(query({ role: f.role, band: f.band }))
            for (const [domain, measures] of SCORED) {
              const shownSchools: { parts: { groups: Group[]; weight: number }[]; divisor: number; mean: number }[] = []
              for (const row of view.schools) {
                const s = schoolIndex.get(row.school.id)!
                const cell = row.cells[domain][measures]
                // Region and cohort choose schools (and so the district context); they never change a school's figure.
                const own = ({ shown, index, n, interval }: any) => ({ shown, index, n, interval })
                expect(own(cell)).toEqual(own(unfiltered.schools.find((r: any) => r.school.id === row.school.id).cells[domain][measures]))
                const inBand = (q: Pattern) => f.band === undefined || q.band === f.band
                const has = (role: Role) => (q: Pattern) => q.role === role && inBand(q) && scoreOf(q, domain, measures) !== null
                // Without a role, the cell is all voices of the roles whose own cell (same filters) is shown.
                const roles = f.role ? [f.role] : ROLES.filter((role) => views.get(query({ role, band: f.band })).schools.find((r: any) => r.school.id === row.school.id).cells[domain][measures].shown)
                const what = `compare ${query(f) || '(all)'} school ${s} ${domain} ${measures}`
                if (cell.shown) {
                  shownCount(s, what, (q) => roles.some((r) => has(r)(q)), cell.n)
                  const parts = roles.map((role) => {
                    const gs = groupsOf(s, domain, measures, role, f.band ? { kind: 'grade-band', value: f.band } : undefined)
                    return { groups: gs, weight: f.role ? 1 : 1 / sizeOf(gs) }
                  })
                  const divisor = f.role ? cell.n : parts.length
                  shownMean(what, parts, cell.index, divisor)
                  shownSchools.push({ parts, divisor, mean: parts.reduce((a, p) => a + p.weight * trueSum(p.groups), 0) / divisor })
                } else withheldCount(s, what, (q) => (f.role ? [f.role] : ROLES).some((r) => has(r)(q)), true, f.role && !f.band ? rangeOf(cell) : undefined)
              }
              // The district mean is the mean of the shown schools' figures.
              const dm = view.district[domain][measures]
              expect(dm.schools).toBe(shownSchools.length)
              if (shownSchools.length > 0) {
                const parts = shownSchools.flatMap((x) => x.parts.map((p) => ({ groups: p.groups, weight: p.weight / x.divisor / shownSchools.length })))
                shownMean(`district ${query(f) || '(all)'} ${domain} ${measures}`, parts, dm.mean, 1)
              } else expect(dm.mean).toBeNull()
            }
          }

          // The comparison export carries the same cells.
          for (const f of filters.filter((f) => !f.region && !f.cohort)) {
            const view = views.get(query(f))
            const csv = await read(t.app, `/api/exports/district-comparison?administration=${admin.administrationId}&format=csv${query(f)}`, analyst)
            expect(csv.statusCode).toBe(200)
            const rows = parseCsv(csv.body)
            expect(rows.length - 1).toBe(view.schools.length * view.domains.length)
            for (const row of rows.slice(1)) {
              const cells = view.schools.find((r: any) => r.school.name === row[0]).cells[view.domains.find((d: any) => d.label.default === row[3]).domain]
              for (const [offset, measures] of [
                [4, 'need'],
                [11, 'asset'],
              ] as const) {
                const cell = cells[measures]
                expect(row[offset] === '' ? null : Number(row[offset])).toBe(cell.shown ? cell.index : null)
                expect(row[offset + 1] === '' ? null : Number(row[offset + 1])).toBe(cell.shown ? cell.n : null)
              }
            }
            if (!f.role && !f.band) {
              const xlsx = await read(t.app, `/api/exports/district-comparison?administration=${admin.administrationId}&format=xlsx`, district)
              expect(await xlsxRows(xlsx.rawPayload)).toEqual(rows)
            }
          }

          // ---- the response-level export: rows of (school, role) blocks, k-anonymous over their quasi-identifiers ----
          // What the export promises is about who its rows can be: every group of rows alike in all quasi-identifying
          // columns holds at least k. So each block gives the exact number of its people in each group of what the
          // block shows of them (role, and a context column where the block shows it), which goes into the count
          // programs. Its answer columns are each row's own answers: aggregates over people picked out by their
          // answers (the nine of ten families who answered an item) are outside this proof, as the README says.
          const exported = parse((await read(t.app, `/api/exports/responses?administration=${admin.administrationId}&format=csv`, analyst)).body, { bom: true, columns: true }) as Record<string, string>[]
          const slugOf: Record<Role, string> = { family: 'mini-ana', staff: 'mini-staff', student: 'mini-student' }
          const blocks = new Map<string, Record<string, string>[]>()
          for (const row of exported) {
            expect(row.school, 'a row names its school: no pooling across schools').not.toBe('')
            blocks.set(`${row.school}|${row.role}`, [...(blocks.get(`${row.school}|${row.role}`) ?? []), row])
          }
          for (const rows of blocks.values()) {
            const role = rows[0].role as Role
            const s = admin.schools.findIndex((x) => x.name === rows[0].school)
            expect(s).toBeGreaterThanOrEqual(0)
            const contextColumn = role === 'family' ? 'mini-ana.home_language' : `${slugOf[role]}.grade_band`
            // A column blank in every row of the block may be generalised away: it then says nothing.
            const contextShown = rows.some((r) => (r[contextColumn] ?? '') !== '')
            const signatures = new Map<string | null, number>()
            for (const row of rows) {
              const context = contextShown ? (row[contextColumn] === '' ? null : row[contextColumn]) : null
              signatures.set(context, (signatures.get(context) ?? 0) + 1)
            }
            for (const [context, n] of signatures) {
              expect(n, `export group ${rows[0].school} ${role} ${context}`).toBeGreaterThanOrEqual(k)
              const match = (q: Pattern) => {
                if (q.role !== role) return false
                if (!contextShown) return true
                if (role !== 'family') return q.band === context
                return context === null ? q.langs === null : context === 'multiple' || context.includes(';') ? q.langs === 'en+es' : q.langs === context
              }
              shownCount(s, `export rows ${role} ${context ?? ''}`, match, n)
            }
          }

          // ---- the response-rate report: released counts by school, role and language (live progress only in bands) ----
          const localeOf = (q: Pattern) => (q.langs?.includes('es') ? 'es' : 'en')
          const rates = await readJson(`/api/administrations/${admin.administrationId}/rates`, team)
          expect(await readJson(`/api/administrations/${admin.administrationId}/rates`, analyst)).toEqual(rates)
          const rateCount = (s: number, what: string, match: (q: Pattern) => boolean, shown: any) => {
            if ('n' in shown) shownCount(s, what, match, shown.n)
            else withheldCount(s, what, match, true, 'under' in shown ? [0, k - 1] : [k, Infinity])
          }
          for (const row of rates.schools) {
            const s = schoolIndex.get(row.school.id)!
            rateCount(s, 'rates: responses', () => true, row.responses)
            for (const role of ROLES) rateCount(s, `rates: ${role}`, (q) => q.role === role, row.roles[role].responses)
            for (const { locale, responses } of row.languages) rateCount(s, `rates: in ${locale}`, (q) => localeOf(q) === locale, responses)
          }

          // ---- the gaps: every figure they show is one the profile or the comparison shows, so they add nothing ----
          const all = views.get('')
          const awarenessAll = '&awarenessAtLeast=0'
          for (const [s, sc] of admin.schools.entries()) {
            const gaps = await readJson(`/api/schools/${sc.id}/gaps?administration=${admin.administrationId}${awarenessAll}`, team)
            for (const d of gaps.domains) {
              const own = profiles[s].domains.find((x: any) => x.domain === d.domain)
              const figure = (f: any) => (f.shown ? { shown: true, index: f.index, n: f.n } : f)
              expect(figure(d.need)).toEqual(figure(own.need.allVoices))
              expect(figure(d.asset)).toEqual(figure(own.asset.allVoices))
              for (const a of d.awareness) {
                const grid = profiles[s].services.find((x: any) => x.itemId === a.itemId).figures
                expect({ awarenessGap: a.awarenessGap, n: a.n }).toEqual({ awarenessGap: grid.awarenessGap, n: grid.n })
              }
            }
          }
          const districtGaps = await readJson(`/api/district/gaps?administration=${admin.administrationId}${awarenessAll}`, analyst)
          for (const row of districtGaps.rows) {
            const cells = all.schools.find((x: any) => x.school.id === row.school.id).cells[row.domain]
            for (const measures of ['need', 'asset'] as const) {
              const cell = cells[measures]
              expect(row[measures]).toEqual(cell.shown ? { shown: true, index: cell.index, n: cell.n } : cell)
            }
            for (const a of row.awareness) {
              const grid = profiles[schoolIndex.get(row.school.id)!].services.find((x: any) => x.itemId === a.itemId).figures
              expect({ awarenessGap: a.awarenessGap, n: a.n }).toEqual({ awarenessGap: grid.awarenessGap, n: grid.n })
            }
          }
          const gapsCsv = parseCsv((await read(t.app, `/api/exports/gaps?administration=${admin.administrationId}${awarenessAll}`, analyst)).body)
          expect(gapsCsv.length - 1).toBe(districtGaps.rows.length)
          for (const [i, row] of districtGaps.rows.entries()) {
            expect(gapsCsv[i + 1][3] === '' ? null : Number(gapsCsv[i + 1][3])).toBe(row.need.shown ? row.need.index : null)
            expect(gapsCsv[i + 1][4] === '' ? null : Number(gapsCsv[i + 1][4])).toBe(row.asset.shown ? row.asset.index : null)
          }
        }

        await store(1)
        setTruth()
        release = 1
        await readEverything()
        await store(2)
        setTruth()
        release = 2
        await readEverything()
        const readAll = performance.now()

        // ---- the solver ----
        const leaks: Finding[] = []
        const empty: Finding[] = []
        const knownNonEmpty: Finding[] = []
        // The truth satisfies every constraint (so the constraints say what the endpoints mean).
        for (const [s, program] of countPrograms.entries()) {
          for (const c of program.constraints) {
            const v = evaluate(c.expression, truthCounts)
            expect(v >= c.lower && v <= c.upper, `${c.label} at school ${s}`).toBe(true)
          }
        }
        const debug = process.env.SOLVER_DEBUG !== undefined
        const countTexts = countPrograms.map((program) => programText(program))
        for (const { school: s, what, expression } of withheldCounts.values()) {
          // A count pinned at nobody, or at k or more (withheld only to protect a smaller rest, which is bounded on
          // its own), describes no one's figure: complementSafe treats an empty rest as safe in the same way. Those
          // are bounded only when debugging.
          const truth = evaluate(expression, truthCounts)
          const small = truth > 0 && truth < k
          if (!small && !debug) continue
          const max = optimum(countPrograms[s], expression, 'max', countTexts[s])
          if (max > truth && !debug) continue
          const min = optimum(countPrograms[s], expression, 'min', countTexts[s])
          if (small && max < k && min > 0) knownNonEmpty.push({ what: `count: ${what} (school ${s})`, truth, min, max })
          if (min === max) (small ? leaks : empty).push({ what: `count: ${what} (school ${s})`, truth, min, max })
        }
        // Every group of 1 to k − 1 people within the first wave, the second (what changed between the releases) or
        // both: any union of one role's grade-band or home-language groups, or of staff's and students' grade-band
        // groups (a band pools those two roles).
        const meansText = programText(meansProgram)
        const pinned = (objective: Linear) => {
          const truth = evaluate(objective, truthZ)
          return optimum(meansProgram, objective, 'max', meansText) <= truth + 1e-6 && optimum(meansProgram, objective, 'min', meansText) >= truth - 1e-6
        }
        for (const s of specs.keys()) {
          for (const [domain, measures] of SCORED) {
            for (const waves of [[1], [2], [1, 2]] as Wave[][]) {
              const own = groups.filter((g) => g.school === s && g.domain === domain && g.measures === measures && waves.includes(g.wave) && g.size > 0)
              const unitKey = (g: Group) => `${g.role}|${g.band}|${g.langs}`
              const units = [...new Set(own.map(unitKey))].map((key) => own.filter((g) => unitKey(g) === key))
              const families = units.filter((u) => u[0].role === 'family')
              const banded = units.filter((u) => u[0].role !== 'family')
              for (const set of [families, banded]) {
                for (let mask = 1; mask < 1 << set.length; mask++) {
                  const union = set.filter((_, i) => mask & (1 << i)).flat()
                  const size = sizeOf(union)
                  if (size >= k) continue
                  const objective = sumOf(union)
                  if (!pinned(objective)) continue
                  const who = union.map((g) => `${g.role}${g.band ? ` ${g.band}` : ''}${g.langs ? ` ${g.langs}` : ''} wave ${g.wave} (${g.size})`).join(' + ')
                  const truth = evaluate(objective, truthZ)
                  leaks.push({ what: `mean: ${domain} ${measures} of ${who} at school ${s}`, truth: truth / size, min: truth / size, max: truth / size })
                }
              }
              // In a domain of several items, the people of a group who scored on the same items (only the second,
              // say): their mean is given away when both their number and their sum are pinned.
              for (const unit of units) {
                const items = ITEMS.filter((i) => i.role === unit[0].role && i.domain === domain && i.measures === measures).map((i) => i.itemId)
                if (items.length < 2) continue
                const setOf = (p: DomainPattern) => items.filter((i) => p.choices[i] != null && ITEMS.find((x) => x.itemId === i)!.scores[p.choices[i]!] !== null).join('+')
                for (const set of new Set(unit.flatMap((g) => g.patterns.filter((p) => p.score !== null).map(setOf)))) {
                  const cell = answeredAs(unit, (p) => p.score !== null && setOf(p) === set)
                  const size = evaluate(cell, truthZ)
                  if (size === 0 || size >= k) continue
                  const sum = linear(unit.flatMap((g) => g.patterns.flatMap((p, q) => (p.score !== null && setOf(p) === set ? [[z(g, q), p.score] as [string, number]] : []))))
                  if (pinned(cell) && pinned(sum)) {
                    const g = unit[0]
                    leaks.push({ what: `mean: ${domain} ${measures} of the ${size} ${g.role}${g.band ? ` ${g.band}` : ''}${g.langs ? ` ${g.langs}` : ''} waves ${waves} scored on ${set} only at school ${s}`, truth: evaluate(sum, truthZ) / size, min: NaN, max: NaN })
                  }
                }
              }
            }
          }
        }
        timings.push(performance.now() - started)
        if (debug) {
          const phases = { read: readAll - started, solve: performance.now() - readAll, counts: withheldCounts.size, constraints: meansProgram.constraints.length }
          console.info(JSON.stringify({ specs, phases, leaks: leaks.map((l) => l.what), knownNonEmpty, empty: empty.map((l) => l.what) }))
        }
        expect(leaks, JSON.stringify(specs)).toEqual([])
      }),
      { numRuns: RUNS, seed: SEED },
    )
    // Every route that gives out figures was read, and is in the constraints above or shown to repeat them.
    expect(FIGURE_ROUTES.filter((route) => !routesRead.has(route))).toEqual([])
    console.info(`disclosure solver: ${timings.length} districts, ${(timings.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s, ${(Math.max(...timings) / 1000).toFixed(1)} s at most`)
  })
})
