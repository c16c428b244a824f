import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { exportDisposition } from '../../helpers/export-name'
import { openAdministration } from '../../helpers/fixtures'

/**
 * Every quasi-identifying column of the export for these two instruments: who, where, when, how, and each context
 * (a multi-select's indicator columns, slug.question.choice, read together as one answer: see `shown`).
 */
const QUASI_IDENTIFIERS = [
  'school',
  'region',
  'role',
  'instrument',
  'language',
  'channel',
  'day',
  'family-ana.child_grade_bands',
  'family-ana.home_languages',
  'family-ana.contact_language',
  'family-ana.time_at_school',
  'staff-ana.staff_role',
  'staff-ana.time_at_school',
]
const K = 10

type Row = Record<string, string>

/**
 * What a row shows for a quasi-identifier: its cell, or for a multi-select its indicator cells together (any of
 * them alone groups rows more coarsely, so checking them together checks each).
 */
const shown = (r: Row, column: string) => (column in r ? r[column] : JSON.stringify(Object.keys(r).filter((c) => c.startsWith(`${column}.`)).map((c) => r[c])))

/** The indicator cells of a multi-select in a row, by choice. */
const indicators = (r: Row, question: string) => Object.fromEntries(Object.keys(r).filter((c) => c.startsWith(`${question}.`)).map((c) => [c.slice(question.length + 1), r[c]]))

/** The rows of each group alike in the given columns. */
function groupSizes(rows: Row[], columns: readonly string[]): Map<string, number> {
  const sizes = new Map<string, number>()
  for (const r of rows) {
    const key = JSON.stringify(columns.map((c) => shown(r, c)))
    sizes.set(key, (sizes.get(key) ?? 0) + 1)
  }
  return sizes
}

describe('GET /api/exports/responses: k-anonymous, released responses only', () => {
  let t: TestApp
  let admin: StaffHeaders
  let analyst: StaffHeaders
  let schools: { id: number; name: string }[]
  let administrationId: number
  let codes: string[]

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000', CODE_RATE_LIMIT_PER_MINUTE: '1000' } })
    admin = await signIn(t.app, 'district-admin')
    analyst = await signIn(t.app, 'district-analyst')
    // Five schools, North, South, North, South, North.
    const opened = await openAdministration(t.app.db, { schools: 5, grades: 'TK-8', instruments: [{ slug: 'family-ana', version: 1 }, { slug: 'staff-ana', version: 1 }] })
    schools = opened.schools
    administrationId = opened.administrationId
    codes = opened.codes.map((c) => c.code)
    const code = (school: number) => codes[school]
    const send = async (school: number, slug: string, locale: string, channel: string, answers: Record<string, unknown>) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code: code(school), slug, version: 1, locale, channel, answers } })
      expect(res.statusCode).toBe(201)
    }
    const family = (language: string, note: string) => ({
      food_worried_run_out: 'sometimes-true',
      child_grade_bands: ['3-5'],
      home_languages: [language],
      contact_language: language,
      time_at_school: '1-2',
      comment_does_well: note,
    })
    // The first school: eleven Spanish-speaking families and the one family that speaks Farsi, half at the kiosk.
    for (let i = 0; i < 11; i++) await send(0, 'family-ana', 'es', i % 2 === 0 ? 'kiosk' : 'phone', family('es', `alder family ${i}`))
    await send(0, 'family-ana', 'fa', 'phone', family('fa', 'the only Farsi-speaking family'))
    // Its staff: nine teachers and the principal.
    for (let i = 0; i < 10; i++) await send(0, 'staff-ana', 'en', 'phone', { dental_notice_problems: 'often', staff_role: i === 0 ? 'admin' : 'teacher', does_well: `alder staff ${i}` })
    // A South school with four families: under k in its school, its region and the district.
    for (let i = 0; i < 4; i++) await send(1, 'family-ana', 'es', 'kiosk', family('es', `small school family ${i}`))
    // Two North schools with six and four families: ten together in the region.
    for (let i = 0; i < 6; i++) await send(2, 'family-ana', 'en', 'kiosk', family('en', `cedar family ${i}`))
    for (let i = 0; i < 4; i++) await send(4, 'family-ana', 'en', 'kiosk', { ...family('en', `elm family ${i}`), child_grade_bands: ['3-5', '6-8'] })
    await releaseNow(t, administrationId)
    // Sent after the release: in no release yet, so in no export.
    for (let i = 0; i < 3; i++) await send(0, 'family-ana', 'es', 'kiosk', family('es', `unreleased family ${i}`))
  })
  afterAll(() => t.close())

  const download = async (headers: StaffHeaders, query = '') => {
    const res = await t.app.inject({ method: 'GET', headers, url: `/api/exports/responses?administration=${administrationId}&format=csv${query}` })
    expect(res.statusCode).toBe(200)
    return parse(res.body, { bom: true, columns: true }) as Row[]
  }

  it('leaves no group under k by any combination of its quasi-identifying columns', async () => {
    const rows = await download(admin, '&includeText=true')
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(QUASI_IDENTIFIERS.filter((c) => !c.endsWith('_bands') && !c.endsWith('_languages'))))
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['family-ana.child_grade_bands.3-5', 'family-ana.home_languages.fa']))
    expect(Object.keys(rows[0])).not.toContain('family-ana.home_languages')
    // Every subset of the columns: each coarser than all of them together, checked all the same.
    for (let mask = 1; mask < 1 << QUASI_IDENTIFIERS.length; mask++) {
      const columns = QUASI_IDENTIFIERS.filter((_, i) => mask & (1 << i))
      for (const [key, n] of groupSizes(rows, columns)) expect({ columns, key, n: n >= K }).toEqual({ columns, key, n: true })
    }
  })

  it('blanks the rare language for the whole school, so the Farsi-speaking family is one of twelve alike', async () => {
    const rows = await download(admin)
    const alder = rows.filter((r) => r.school === schools[0].name && r.role === 'family')
    expect(alder).toHaveLength(12)
    const seen = alder.map((r) => QUASI_IDENTIFIERS.map((c) => shown(r, c)))
    expect(new Set(seen.map((s) => JSON.stringify(s))).size).toBe(1)
    expect(alder[0]).toMatchObject({
      region: 'North',
      instrument: 'family-ana',
      language: '',
      channel: '',
      'family-ana.contact_language': '',
      'family-ana.time_at_school': '1-2',
      'family-ana.food_worried_run_out': 'sometimes-true',
    })
    // The languages blank in every indicator; the one grade band, ticked, the others not.
    expect(Object.values(indicators(alder[0], 'family-ana.home_languages'))).toEqual(Array(19).fill(''))
    expect(indicators(alder[0], 'family-ana.child_grade_bands')).toEqual({ 'tk-2': '0', '3-5': '1', '6-8': '0', '9-12': '0', pns: '0' })
    expect(JSON.stringify(rows)).not.toContain('"fa"')
    // The principal among nine teachers: the staff role is blank for all ten.
    const staff = rows.filter((r) => r.school === schools[0].name && r.role === 'staff')
    expect(staff.map((r) => r['staff-ana.staff_role'])).toEqual(Array(10).fill(''))
  })

  it("leaves out every school's role under k, whole, and never pools small schools into their region", async () => {
    const rows = await download(admin)
    // Pooled rows (six and four North families) minus the figures a later release shows for one of those schools
    // would give the other away: so no row is pooled, and no school's role under k is in the export.
    expect(rows.filter((r) => r.school === '')).toEqual([])
    for (const s of [schools[1], schools[2], schools[4]]) expect(rows.some((r) => r.school === s.name)).toBe(false)
    expect(rows).toHaveLength(12 + 10)
  })

  it('gives free text to a district admin only in rows whose group has at least k, and none of the small school', async () => {
    const rows = await download(admin, '&includeText=true')
    const sizes = groupSizes(rows, QUASI_IDENTIFIERS)
    const texts = rows.flatMap((r) => [r['family-ana.comment_does_well'], r['staff-ana.does_well']].filter(Boolean).map((text) => ({ text, n: sizes.get(JSON.stringify(QUASI_IDENTIFIERS.map((c) => shown(r, c))))! })))
    expect(texts).toHaveLength(22)
    for (const { n } of texts) expect(n).toBeGreaterThanOrEqual(K)
    expect(texts.map((x) => x.text)).toContain('the only Farsi-speaking family')
    expect(texts.some((x) => x.text.startsWith('small school'))).toBe(false)
  })

  it('shows no response that no release has taken in', async () => {
    const body = JSON.stringify(await download(admin, '&includeText=true'))
    expect(body).not.toContain('unreleased family')
    expect((await download(admin)).filter((r) => r.school === schools[0].name && r.role === 'family')).toHaveLength(12)
  })

  it('gives analysts the table without free text, and refuses them free text with 403', async () => {
    const rows = await download(analyst)
    expect(rows).toHaveLength(22)
    expect(Object.keys(rows[0]).some((c) => c.endsWith('does_well'))).toBe(false)
    const res = await t.app.inject({ method: 'GET', headers: analyst, url: `/api/exports/responses?administration=${administrationId}&format=csv&includeText=true` })
    expect(res.statusCode).toBe(403)
    expect(res.json()).toMatchObject({ error: 'forbidden', message: 'Only a district admin can export free text; export without includeText=true, or ask a district admin.' })
  })

  it('numbers rows in an order that says nothing of when anyone answered, the same on every download', async () => {
    const first = await download(admin)
    expect(first.map((r) => r.row)).toEqual(first.map((_, i) => String(i + 1)))
    expect(await download(admin)).toEqual(first)
  })

  it('has a codebook with a row for each answer column of the export, in its order, and what each code means', async () => {
    const res = await t.app.inject({ method: 'GET', headers: analyst, url: `/api/exports/codebook?administration=${administrationId}&format=csv` })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-disposition']).toMatch(exportDisposition('district', 'test-administration-\\d+', 'codebook', 'csv'))
    const codebook = parse(res.body, { bom: true, columns: true }) as Row[]
    const withText = await t.app.inject({ method: 'GET', headers: admin, url: `/api/exports/responses?administration=${administrationId}&format=csv&includeText=true` })
    const exportColumns = (parse(withText.body, { bom: true, to_line: 1 }) as string[][])[0].filter((c) => c.includes('.'))
    expect(codebook.map((r) => r.variable)).toEqual(exportColumns)
    expect(codebook.find((r) => r.variable === 'family-ana.health_condition')).toMatchObject({
      instrument: 'family-ana',
      version: '1',
      'item id': 'health.condition-affects-school',
      domain: 'physical-health',
      measures: 'need',
      type: 'radiogroup',
      'question (en)': 'My child has a health problem (like asthma, allergies or diabetes) that makes school harder.',
      'values (en)': 'yes = Yes; no = No; pns = Prefer not to say',
      scores: 'yes = 100; no = 0; pns = not scored',
    })
    expect(codebook.find((r) => r.variable === 'family-ana.health_condition')!['question (es)']).toMatch(/^Mi hijo\(a\) tiene un problema de salud/)
    // A grid's row: its own item id, the question and the row's text.
    const clothes = codebook.find((r) => r.variable === 'family-ana.basic_needs.clothes')!
    expect(clothes['question (en)']).toBe('Does your family have enough of these things right now? — Clean clothes or school uniform')
    expect(clothes['item id']).not.toBe('')
    expect(clothes['values (en)']).toMatch(/^enough = We have enough; /)
    const refused = await t.app.inject({ method: 'GET', headers: analyst, url: '/api/exports/codebook?administration=999999&format=csv' })
    expect(refused.statusCode).toBe(400)
    expect(refused.json().message).toBe('There is no administration 999999.')
  })

  // R from Debian (r-base-core, which .ci/run installs): CI without it fails here rather than skipping.
  const rscript = ['/usr/bin/Rscript', '/usr/local/bin/Rscript'].find((p) => fs.existsSync(p))
  it.runIf(rscript !== undefined || process.env.CI)('gives an R script that reads the CSV with the codebook\'s labels: factors, an indicator per choice, question text', async () => {
    expect(rscript, 'Rscript (apt-get install r-base-core)').toBeDefined()
    const script = await t.app.inject({ method: 'GET', headers: analyst, url: `/api/exports/r-script?administration=${administrationId}` })
    expect(script.statusCode).toBe(200)
    expect(script.headers['content-disposition']).toMatch(exportDisposition('district', 'test-administration-\\d+', 'responses', 'R'))
    const csv = await t.app.inject({ method: 'GET', headers: analyst, url: `/api/exports/responses?administration=${administrationId}&format=csv` })
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-r-'))
    try {
      fs.writeFileSync(path.join(dir, 'responses.csv'), csv.rawPayload)
      fs.writeFileSync(path.join(dir, 'labels.R'), script.body)
      // What an analyst would look at after running it: a factor's labels and counts, an indicator's sum, a label.
      fs.writeFileSync(
        path.join(dir, 'check.R'),
        [
          'source("labels.R")',
          'food <- responses[["family-ana.food_worried_run_out"]]',
          'cat("class:", class(food), "\\n")',
          'cat("levels:", paste(levels(food), collapse = "|"), "\\n")',
          'cat("often true or sometimes true:", sum(food %in% c("Often true", "Sometimes true")), "\\n")',
          'cat("grade 3-5:", sum(responses[["family-ana.child_grade_bands.3-5"]], na.rm = TRUE), "\\n")',
          'grades <- responses[["family-ana.child_grade_bands.6-8"]]',
          'cat("grade 6-8:", class(grades), sum(grades, na.rm = TRUE), sum(is.na(grades)), "\\n")',
          'cat("indicator label:", attr(grades, "label"), "\\n")',
          'cat("indicator values:", paste(names(attr(grades, "labels")), attr(grades, "labels"), sep = "=", collapse = " "), "\\n")',
          'cat("label:", attr(food, "label"), "\\n")',
        ].join('\n'),
      )
      const run = spawnSync(rscript!, ['check.R', 'responses.csv'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C' } })
      expect(run.stderr).toBe('')
      expect(run.status).toBe(0)
      const rows = (parse(csv.body, { bom: true, columns: true }) as Row[]).filter((r) => r.role === 'family')
      const answered = rows.filter((r) => r['family-ana.food_worried_run_out'] === 'sometimes-true').length
      expect(answered).toBe(12)
      // The CSV has the indicator columns already: the script adds none.
      const columns = (parse(csv.body, { bom: true, to_line: 1 }) as string[][])[0].length
      expect(Number(/and (\d+) columns/.exec(run.stdout)![1])).toBe(columns)
      expect(run.stdout.split('\n').map((l) => l.trim())).toEqual([
        expect.stringMatching(/^Read 22 responses and \d+ columns from responses\.csv, with the codebook's labels\.$/),
        'class: factor',
        expect.stringMatching(/^levels: Often true\|Sometimes true\|Never true/),
        `often true or sometimes true: ${answered}`,
        'grade 3-5: 12',
        // Integers, 0 for the families, NA for the staff (never asked).
        'grade 6-8: integer 0 10',
        expect.stringMatching(/^indicator label: What grades are your children at this school in\? .+ 6th to 8th grade$/),
        'indicator values: Not selected=0 Selected=1',
        expect.stringMatching(/^label: In the past 12 months, we worried/),
        '',
      ])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('gives the same table as XLSX', async () => {
    const csv = await download(admin)
    const res = await t.app.inject({ method: 'GET', headers: admin, url: `/api/exports/responses?administration=${administrationId}&format=xlsx` })
    expect(res.statusCode).toBe(200)
    const ExcelJS = (await import('exceljs')).default
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(header).toEqual(Object.keys(csv[0]))
    expect(sheet.rowCount).toBe(csv.length + 1)
  })

  it('adds a later release\u2019s rows and leaves the earlier ones as they were', async () => {
    const before = await download(admin, '&includeText=true')
    for (let i = 0; i < 10; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/responses',
        payload: { id: randomUUID(), code: codes[0], slug: 'family-ana', version: 1, locale: 'es', channel: 'kiosk', answers: { food_worried_run_out: 'sometimes-true', child_grade_bands: ['3-5'], home_languages: ['es'], contact_language: 'es', time_at_school: '1-2', comment_does_well: `later family ${i}` } },
      })
      expect(res.statusCode).toBe(201)
    }
    expect((await releaseNow(t, administrationId)).released).toBe(13)
    const after = await download(admin, '&includeText=true')
    const withoutNumber = (rows: Row[]) => rows.map(({ row: _, ...rest }) => JSON.stringify(rest)).sort()
    const added = withoutNumber(after)
    for (const r of withoutNumber(before)) added.splice(added.indexOf(r), 1)
    expect(added).toHaveLength(13)
    // Alone, the thirteen could show their language (all Spanish); the school's families never showed it, so they do not.
    expect(
      added.map((r) => JSON.parse(r) as Row).every((r) => r.school === schools[0].name && r.language === '' && Object.values(indicators(r, 'family-ana.home_languages')).every((c) => c === '')),
    ).toBe(true)
    expect(JSON.stringify(after)).toContain('unreleased family 0')
  })

  it('answers an administration that does not exist with 400', async () => {
    const res = await t.app.inject({ method: 'GET', headers: admin, url: '/api/exports/responses?administration=999999&format=csv' })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toBe('There is no administration 999999.')
  })
})
