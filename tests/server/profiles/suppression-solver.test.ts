import { randomUUID } from 'node:crypto'
import ExcelJS from 'exceljs'
import fc from 'fast-check'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import path from 'node:path'
import { startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'
import { evaluate, expressionKey, integerRange, linear, optimum, programText, type IntegerProgram, type Linear } from '../../helpers/integer-bounds'

/**
 * Suppression, proved with an exact solver on random small districts.
 *
 * Each run builds a district of 2 to 4 schools whose families, staff and students answer the fixture surveys
 * (tests/fixtures/surveys-solver: students and staff both give a grade band, so a band pools two roles; the
 * families' food-security need has two items), some groups under k. It then reads, as every staff role, each school's profile, the district comparison
 * under every filter (role, grade band, region, cohort) and the CSV and XLSX exports, and writes down everything a
 * reader learns as linear constraints:
 *
 * - counts: one unknown integer per school and answer pattern (role, grade band, answer to each item: the whole
 *   answer space of the questions the generator uses). Every shown n, every count implied by a shown share (item
 *   distributions, the service grid, the share at high need), every entry a list shows (at least one person) or
 *   leaves out (nobody) is an equation over those unknowns. For every withheld count the solver finds its exact
 *   minimum and maximum over all integer solutions: a count of 1 to k − 1 people must not be pinned to one value.
 *   (A withheld count pinned at 0 describes nobody, which complementSafe accepts as a safe rest; one pinned at k or
 *   more was withheld only to protect a smaller rest, which is bounded as its own count or mean.)
 * - means: the reader is granted every count (more than they can know) and an unknown integer per group and
 *   answer (how many of a school's 6-8 students answered "often", say). Every shown mean, taken exactly rather
 *   than rounded, is an equation: a role's mean, all voices (the equal-weight mean of the shown roles), a
 *   breakdown, a comparison cell, a district mean over the shown schools. For every group of 1 to k − 1 people
 *   (any union of a school's role and grade-band groups) the sum of their scores must not be pinned.
 *
 * Not asserted, printed with SOLVER_DEBUG=1: withheld counts of 1 to k − 1 whose range is still within 1 to k − 1.
 * The lists (item distributions, services, breakdowns) have an entry only where someone answered, so a reader can
 * tell a withheld group from an empty one. The response-level export is left out on purpose: it is microdata for
 * district analysts, one row per response. Runs: SOLVER_RUNS (default 8), seed SOLVER_SEED.
 */
const LIBRARY = path.resolve(import.meta.dirname, '../../fixtures/surveys-solver')
const RUNS = Number(process.env.SOLVER_RUNS ?? 8)
const SEED = Number(process.env.SOLVER_SEED ?? 20261123)

type Role = 'student' | 'family' | 'staff'
const ROLES: Role[] = ['student', 'family', 'staff']
const BANDS = ['6-8', '9-12', 'pns', null] as const
type Band = (typeof BANDS)[number]
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
// The scored items of tests/fixtures/surveys that the generator answers.
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
const LABEL: Record<string, string> = { 'food-security': 'Food security', attendance: 'Attendance', 'basic-needs': 'Basic needs', 'dental-vision': 'Dental and vision' }

/** One way to answer: a role, a grade band (students) and a choice (or none) for each of the role's items. */
interface Pattern {
  index: number
  role: Role
  band: Band
  choices: Record<string, string | null>
}

function answerSpace(): Pattern[] {
  const patterns: Pattern[] = []
  for (const role of ROLES) {
    let partial: Record<string, string | null>[] = [{}]
    for (const item of ITEMS.filter((i) => i.role === role)) {
      const options = [...(item.required ? [] : [null]), ...Object.keys(item.scores)]
      partial = partial.flatMap((p) => options.map((o) => ({ ...p, [item.itemId]: o })))
    }
    for (const band of role === 'family' ? [null] : BANDS) for (const choices of partial) patterns.push({ index: patterns.length, role, band, choices })
  }
  return patterns
}
const SPACE = answerSpace()

/** A respondent's domain score: the mean of their non-null item scores in the domain and measure (scoring.ts). */
function scoreOf(p: Pattern, domain: string, measures: Measure): number | null {
  const scores = ITEMS.filter((i) => i.role === p.role && i.domain === domain && i.measures === measures)
    .map((i) => (p.choices[i.itemId] == null ? null : i.scores[p.choices[i.itemId]!]))
    .filter((s): s is number => s !== null && s !== undefined)
  return scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length
}

const school = fc.record({
  families: fc.nat({ max: 16 }),
  staff: fc.record({ '6-8': fc.nat({ max: 12 }), '9-12': fc.nat({ max: 12 }), pns: fc.nat({ max: 2 }), none: fc.nat({ max: 3 }) }),
  students: fc.record({ '6-8': fc.nat({ max: 16 }), '9-12': fc.nat({ max: 14 }), pns: fc.nat({ max: 3 }), none: fc.nat({ max: 3 }) }),
  cohort: fc.constantFrom('Cohort 1', 'Cohort 2'),
  offset: fc.nat({ max: 59 }),
})
type SchoolSpec = typeof school extends fc.Arbitrary<infer T> ? T : never

/**
 * The respondents of one school. Answers cycle within each role and grade band, so that every group of two or more
 * has more than one answer: a shown group where everyone gave the same answer tells each member's answer outright
 * (homogeneity), which small-cell suppression does not claim to prevent and which would hide the differencing this
 * test is about.
 */
function respondents(s: SchoolSpec): { pattern: Pattern; slug: string; answers: Record<string, unknown> }[] {
  const find = (role: Role, band: Band, choices: Record<string, string | null>) =>
    SPACE.find((p) => p.role === role && p.band === band && Object.entries(choices).every(([k, v]) => p.choices[k] === v))!
  const out: ReturnType<typeof respondents> = []
  for (let j = 0; j < s.families; j++) {
    const worry = ['often', 'sometimes', 'never', 'pns'][(j + s.offset) % 4]
    const weekend = [null, 'yes', 'no'][(j + s.offset + 2) % 3]
    const help = [null, '1', '2', '3'][(j + s.offset + 1) % 4]
    const dental = [null, 'used', 'couldnt-get', 'didnt-know', 'dont-need'][(j + s.offset) % 5]
    out.push({
      pattern: find('family', null, { 'food.worry': worry, 'food.weekend-short': weekend, 'food.know-help': help, 'services.dental': dental }),
      slug: 'mini-ana',
      answers: { food_worry: worry, ...(weekend ? { food_weekend: weekend } : {}), ...(help ? { food_know_help: Number(help) } : {}), ...(dental ? { services: { dental } } : {}) },
    })
  }
  for (const [band, count] of Object.entries(s.staff)) {
    for (let j = 0; j < count; j++) {
      const focus = (j + s.offset) % 2
      const b = band === 'none' ? null : (band as Band)
      out.push({ pattern: find('staff', b, { 'food.staff-hunger-focus': String(focus) }), slug: 'mini-staff', answers: { ...(b ? { grade_band: b } : {}), hunger_focus: focus } })
    }
  }
  for (const [band, count] of Object.entries(s.students)) {
    for (let j = 0; j < count; j++) {
      const hungry = (j + s.offset) % 3
      const b = band === 'none' ? null : (band as Band)
      out.push({ pattern: find('student', b, { 'food.st-hungry': String(hungry) }), slug: 'mini-student', answers: { ...(b ? { grade_band: b } : {}), hungry } })
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

/** Every endpoint read goes through here, as one signed-in staff member. */
async function read(app: FastifyInstance, url: string, as: StaffHeaders) {
  return app.inject({ method: 'GET', url, headers: as })
}
async function readJson(url: string, as: StaffHeaders) {
  const res = await read(t.app, url, as)
  expect(res.statusCode, url).toBe(200)
  return res.json()
}

beforeAll(async () => {
  t = await startTestApp({ surveysDir: LIBRARY, env: { RATE_LIMIT_PER_MINUTE: '1000000' } })
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

describe('suppression holds against an exact solver on random small districts (property)', () => {
  it('leaves no withheld count and no mean of 1 to k − 1 people pinned down by what the endpoints show', { timeout: 900_000 }, async () => {
    const timings: number[] = []
    await fc.assert(
      fc.asyncProperty(fc.array(school, { minLength: 2, maxLength: 4 }), async (specs) => {
        const started = performance.now()
        const admin = await openAdministration(t.app.db, {
          schools: specs.length,
          instruments: [
            { slug: 'mini-ana', version: 1 },
            { slug: 'mini-staff', version: 1 },
            { slug: 'mini-student', version: 1 },
          ],
        })
        for (const [i, s] of admin.schools.entries()) await t.app.db.updateTable('schools').set({ cohort: specs[i].cohort }).where('id', '=', s.id).execute()
        const people = specs.map(respondents)
        for (const [i, list] of people.entries()) {
          const posts = list.map((r) =>
            t.app.inject({
              method: 'POST',
              url: '/api/responses',
              payload: { id: randomUUID(), code: admin.codes[i].code, slug: r.slug, version: 1, locale: 'en', channel: 'kiosk', answers: r.answers },
            }),
          )
          for (const res of await Promise.all(posts)) expect(res.statusCode, res.body).toBe(201)
        }
        const team = await signIn(t.app, 'school-team', admin.schools.map((s) => s.id))
        const stored = performance.now()
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
        const truthCounts = new Map<string, number>()
        const x = (s: number, p: Pattern) => `x${s}_${p.index}`
        for (const [s, list] of people.entries()) for (const r of list) truthCounts.set(x(s, r.pattern), (truthCounts.get(x(s, r.pattern)) ?? 0) + 1)
        const countPrograms: IntegerProgram[] = specs.map((_, s) => ({ variables: new Map(SPACE.map((p) => [x(s, p), 200])), constraints: [] }))
        const withheldCounts = new Map<string, { school: number; what: string; expression: Linear }>()
        const count = (s: number, match: (p: Pattern) => boolean) => linear(SPACE.filter(match).map((p) => [x(s, p), 1]))
        const shownCount = (s: number, what: string, match: (p: Pattern) => boolean, n: number, upper = n) => {
          const expression = count(s, match)
          const truth = evaluate(expression, truthCounts)
          expect(truth >= n && truth <= upper, `${what} at school ${s}: shown ${n}${upper !== n ? `..${upper}` : ''}, truth ${truth}`).toBe(true)
          addOnce(countPrograms[s], { expression, lower: n, upper, label: what })
        }
        const withheldCount = (s: number, what: string, match: (p: Pattern) => boolean) => {
          const expression = count(s, match)
          withheldCounts.set(`${s}|${expressionKey(expression)}`, { school: s, what, expression })
        }

        // Means: the reader is given every group's size (its respondents, and those with a domain score), and z(group,
        // q) is how many of the group answered the domain's items as q: the whole answer space of those items, so a
        // domain of several items is modelled as exactly as one of a single item.
        type DomainPattern = { choices: Record<string, string | null>; score: number | null }
        type Group = { school: number; role: Role; band: Band; domain: string; measures: Measure; all: number; size: number; sum: number; patterns: DomainPattern[] }
        const groups: Group[] = []
        const truthZ = new Map<string, number>()
        const z = (g: Group, q: number) => `z${groups.indexOf(g)}_${q}`
        for (const [s, list] of people.entries()) {
          for (const role of ROLES) {
            for (const band of role === 'family' ? [null] : BANDS) {
              for (const [domain, measures] of SCORED) {
                const items = ITEMS.filter((i) => i.role === role && i.domain === domain && i.measures === measures)
                const members = list.filter((r) => r.pattern.role === role && r.pattern.band === band)
                if (items.length === 0 || members.length === 0) continue
                const patterns = SPACE.filter((p) => p.role === role && p.band === band)
                  .map((p) => Object.fromEntries(items.map((i) => [i.itemId, p.choices[i.itemId]])))
                  .filter((choices, i, all) => all.findIndex((other) => JSON.stringify(other) === JSON.stringify(choices)) === i)
                  .map((choices) => ({ choices, score: scoreOf({ index: -1, role, band, choices }, domain, measures) }))
                const scores = members.map((r) => scoreOf(r.pattern, domain, measures)).filter((v): v is number => v !== null)
                const g: Group = { school: s, role, band, domain, measures, all: members.length, size: scores.length, sum: scores.reduce((a, b) => a + b, 0), patterns }
                groups.push(g)
                for (const r of members) {
                  const q = patterns.findIndex((p) => items.every((i) => p.choices[i.itemId] === r.pattern.choices[i.itemId]))
                  truthZ.set(z(g, q), (truthZ.get(z(g, q)) ?? 0) + 1)
                }
              }
            }
          }
        }
        const meansProgram: IntegerProgram = {
          variables: new Map(groups.flatMap((g) => g.patterns.map((_, q) => [z(g, q), g.all] as [string, number]))),
          constraints: groups.flatMap((g) => [
            { expression: linear(g.patterns.map((_, q) => [z(g, q), 1])), lower: g.all, upper: g.all, label: 'group size' },
            { expression: linear(g.patterns.flatMap((p, q) => (p.score === null ? [] : [[z(g, q), 1] as [string, number]]))), lower: g.size, upper: g.size, label: 'group scored' },
          ]),
        }
        /** How many of these groups answered as `match` says (a choice of an item, a score at high need...). */
        const answeredAs = (gs: Group[], match: (p: DomainPattern) => boolean) => linear(gs.flatMap((g) => g.patterns.flatMap((p, q) => (match(p) ? [[z(g, q), 1] as [string, number]] : []))))
        const shownAnswers = (what: string, expression: Linear, n: number) => {
          expect(evaluate(expression, truthZ), what).toBe(n)
          addOnce(meansProgram, { expression, lower: n, upper: n, label: what })
        }
        const groupsOf = (s: number, domain: string, measures: string, role: Role | null, band: Band | undefined) =>
          groups.filter((g) => g.school === s && g.domain === domain && g.measures === measures && (role === null || g.role === role) && (band === undefined || g.band === band))
        const sumOf = (gs: Group[], weight = 1) => linear(gs.flatMap((g) => g.patterns.flatMap((p, q) => (p.score === null ? [] : [[z(g, q), p.score * weight] as [string, number]]))))
        const sizeOf = (gs: Group[]) => gs.reduce((a, g) => a + g.size, 0)
        const trueSum = (gs: Group[]) => gs.reduce((a, g) => a + g.sum, 0)
        /** A shown mean, exactly: Σ weight × (sum of the group's scores) = its true value; the shown index must round it. */
        const shownMean = (what: string, parts: { groups: Group[]; weight: number }[], index: number, divisor: number) => {
          const expression = linear(parts.flatMap((p) => [...sumOf(p.groups, p.weight)]))
          const value = parts.reduce((a, p) => a + p.weight * trueSum(p.groups), 0)
          expect(Math.abs(value / divisor - index), `${what}: shown ${index}, truth ${value / divisor}`).toBeLessThanOrEqual(0.05 + 1e-9)
          addOnce(meansProgram, { expression, lower: value, upper: value, label: what })
        }

        // ---- school profiles, as every role that may read them ----
        const profiles: any[] = []
        for (const [s, sc] of admin.schools.entries()) {
          const url = `/api/schools/${sc.id}/profile?administration=${admin.administrationId}`
          const p = await readJson(url, analyst)
          expect(await readJson(url, district)).toEqual(p)
          expect(await readJson(url, team)).toEqual(p)
          profiles.push(p)
          for (const r of p.responses) {
            if (r.count.shown) shownCount(s, `responses ${r.role}`, (q) => q.role === r.role, r.count.n)
            else withheldCount(s, `responses ${r.role}`, (q) => q.role === r.role)
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
                    shownCount(s, `${d.domain} ${measures} ${role} at high need`, high, atHigh)
                    const gs = groupsOf(s, d.domain, measures, role, undefined)
                    shownAnswers(`${d.domain} ${measures} ${role} at high need at school ${s}`, answeredAs(gs, (p) => p.score !== null && p.score >= t.config.highNeedThreshold), atHigh)
                  }
                  shownMean(`profile ${s} ${d.domain} ${measures} ${role}`, [{ groups: groupsOf(s, d.domain, measures, role, undefined), weight: 1 }], f.index, f.n)
                } else {
                  withheldCount(s, `${d.domain} ${measures} ${role}`, has(role))
                  if (measures === 'need') withheldCount(s, `${d.domain} ${measures} ${role} at high need`, high)
                }
              }
              const av = figures.allVoices
              if (av.shown) {
                shownCount(s, `${d.domain} ${measures} all voices`, (q) => shownRoles.some((r) => has(r)(q)), av.n)
                const parts = shownRoles.map((role) => ({ groups: groupsOf(s, d.domain, measures, role, undefined), weight: 1 / figures.roles[role].n }))
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
          // Item distributions by role: a listed item was answered by someone of that role, an unlisted one by nobody.
          for (const item of ITEMS.filter((i) => i.measures !== 'service')) {
            const entry = p.items.find((e: any) => e.itemId === item.itemId && e.role === item.role)
            const answered = (q: Pattern) => q.role === item.role && q.choices[item.itemId] != null
            const chose = (c: string) => (q: Pattern) => q.role === item.role && q.choices[item.itemId] === c
            if (!entry) {
              shownCount(s, `${item.itemId} answered (not listed)`, answered, 0)
              continue
            }
            shownCount(s, `${item.itemId} answered (listed)`, answered, 1, Infinity)
            if (entry.distribution.shown) {
              const { n, shares } = entry.distribution
              shownCount(s, `${item.itemId} answered`, answered, n)
              for (const c of Object.keys(item.scores)) {
                const chosen = Math.round(((shares[c] ?? 0) * n) / 100)
                shownCount(s, `${item.itemId} = ${c}`, chose(c), chosen)
                const gs = groupsOf(s, item.domain, item.measures as Measure, item.role, undefined)
                shownAnswers(`${item.itemId} = ${c} at school ${s}`, answeredAs(gs, (p) => p.choices[item.itemId] === c), chosen)
              }
            } else {
              withheldCount(s, `${item.itemId} answered`, answered)
              for (const c of Object.keys(item.scores)) withheldCount(s, `${item.itemId} = ${c}`, chose(c))
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
            shownCount(s, `${item.itemId} answered (listed)`, answered, 1, Infinity)
            if (entry.figures.shown) {
              const { n, unmetNeed, use, awarenessGap } = entry.figures
              shownCount(s, `${item.itemId} answered`, answered, n)
              shownCount(s, `${item.itemId} couldn't get`, chose('couldnt-get'), Math.round((unmetNeed * n) / 100))
              shownCount(s, `${item.itemId} used`, chose('used'), Math.round((use * n) / 100))
              shownCount(s, `${item.itemId} didn't know`, chose('didnt-know'), Math.round((awarenessGap * n) / 100))
            } else {
              withheldCount(s, `${item.itemId} answered`, answered)
              for (const c of Object.keys(item.scores)) withheldCount(s, `${item.itemId} = ${c}`, chose(c))
            }
          }
          // Breakdowns by grade band pool the roles; a band with nobody in it is not listed.
          for (const b of p.breakdowns) expect(b.kind === 'grade-band' && ['6-8', '9-12'].includes(b.value), JSON.stringify(b)).toBe(true)
          for (const band of ['6-8', '9-12'] as const) {
            for (const [domain, measures] of SCORED) {
              const entry = p.breakdowns.find((b: any) => b.value === band && b.domain === domain && b.measures === measures)
              const inBand = (q: Pattern) => q.band === band && scoreOf(q, domain, measures) !== null
              if (!entry) {
                shownCount(s, `${band} ${domain} ${measures} (not listed)`, inBand, 0)
                continue
              }
              shownCount(s, `${band} ${domain} ${measures} (listed)`, inBand, 1, Infinity)
              if (entry.figure.shown) {
                shownCount(s, `${band} ${domain} ${measures}`, inBand, entry.figure.n)
                shownMean(`breakdown ${s} ${band} ${domain} ${measures}`, [{ groups: groupsOf(s, domain, measures, null, band), weight: 1 }], entry.figure.index, entry.figure.n)
              } else withheldCount(s, `${band} ${domain} ${measures}`, inBand)
            }
          }

          // The profile export says the same, as CSV and (for the first school) XLSX.
          const csv = await read(t.app, `/api/exports/schools/${sc.id}/profile?administration=${admin.administrationId}&format=csv`, team)
          expect(csv.statusCode).toBe(200)
          const rows = parseCsv(csv.body)
          const groupName: Record<string, string> = { students: 'student', families: 'family', staff: 'staff' }
          for (const row of rows.slice(1)) {
            const d = p.domains.find((x: any) => x.label.default === row[0])
            const figures = d[row[1]]
            const f = row[2] === 'all voices' ? figures.allVoices : figures.roles[groupName[row[2]]]
            expect(row[3] === '' ? null : Number(row[3]), `${row.slice(0, 3)}`).toBe(f.shown ? f.index : null)
            expect(row[4] === '' ? null : Number(row[4])).toBe(f.shown ? f.n : null)
            expect(row[8] !== '').toBe(!f.shown)
          }
          expect(rows.length - 1).toBe(p.domains.length * 8)
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
        expect(await readJson(base, district)).toEqual(views.get(''))

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
                  const gs = groupsOf(s, domain, measures, role, f.band)
                  return { groups: gs, weight: f.role ? 1 : 1 / sizeOf(gs) }
                })
                const divisor = f.role ? cell.n : parts.length
                shownMean(what, parts, cell.index, divisor)
                shownSchools.push({ parts, divisor, mean: parts.reduce((a, p) => a + p.weight * trueSum(p.groups), 0) / divisor })
              } else withheldCount(s, what, (q) => (f.role ? [f.role] : ROLES).some((r) => has(r)(q)))
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

        // ---- the solver ----
        const readAll = performance.now()
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
        // Every group of 1 to k − 1 people: any union of one school's role and grade-band groups for a domain.
        const meansText = programText(meansProgram)
        for (const s of specs.keys()) {
          for (const [domain, measures] of SCORED) {
            const own = groupsOf(s, domain, measures, null, undefined).filter((g) => g.size > 0)
            for (let mask = 1; mask < 1 << own.length; mask++) {
              const union = own.filter((_, i) => mask & (1 << i))
              const size = sizeOf(union)
              if (size >= k) continue
              const objective = sumOf(union)
              const truth = evaluate(objective, truthZ)
              const max = optimum(meansProgram, objective, 'max', meansText)
              if (max > truth + 1e-6) continue
              const min = optimum(meansProgram, objective, 'min', meansText)
              if (min < truth - 1e-6) continue
              const who = union.map((g) => `${g.role}${g.band ? ` ${g.band}` : ''} (${g.size})`).join(' + ')
              leaks.push({ what: `mean: ${domain} ${measures} of ${who} at school ${s}`, truth: truth / size, min: min / size, max: max / size })
            }
            // In a domain of several items, the people of a group who scored on the same items (only the second,
            // say): their mean is given away when both their number and their sum are pinned.
            for (const g of own) {
              const items = ITEMS.filter((i) => i.role === g.role && i.domain === domain && i.measures === measures).map((i) => i.itemId)
              if (items.length < 2) continue
              const setOf = (p: DomainPattern) => items.filter((i) => p.choices[i] != null && ITEMS.find((x) => x.itemId === i)!.scores[p.choices[i]!] !== null).join('+')
              for (const set of new Set(g.patterns.filter((p) => p.score !== null).map(setOf))) {
                const cell = answeredAs([g], (p) => p.score !== null && setOf(p) === set)
                const size = evaluate(cell, truthZ)
                if (size === 0 || size >= k) continue
                const pinned = (objective: Linear) => {
                  const truth = evaluate(objective, truthZ)
                  return optimum(meansProgram, objective, 'max', meansText) <= truth + 1e-6 && optimum(meansProgram, objective, 'min', meansText) >= truth - 1e-6
                }
                const sum = linear(g.patterns.flatMap((p, q) => (p.score !== null && setOf(p) === set ? [[z(g, q), p.score] as [string, number]] : [])))
                if (pinned(cell) && pinned(sum)) {
                  leaks.push({ what: `mean: ${domain} ${measures} of the ${size} ${g.role}${g.band ? ` ${g.band}` : ''} scored on ${set} only at school ${s}`, truth: evaluate(sum, truthZ) / size, min: NaN, max: NaN })
                }
              }
            }
          }
        }
        timings.push(performance.now() - started)
        if (debug) {
          const phases = { store: stored - started, read: readAll - stored, solve: performance.now() - readAll, counts: withheldCounts.size, constraints: meansProgram.constraints.length }
          console.info(JSON.stringify({ specs, phases, leaks: leaks.map((l) => l.what), knownNonEmpty, empty: empty.map((l) => l.what) }))
        }
        expect(leaks, JSON.stringify(specs)).toEqual([])
      }),
      { numRuns: RUNS, seed: SEED },
    )
    console.info(`suppression solver: ${timings.length} districts, ${(timings.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s, ${(Math.max(...timings) / 1000).toFixed(1)} s at most`)
  })
})
