import { randomUUID } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { safeCell, toCsv, toXlsx, type Table } from '../../../server/exports/tables'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'
import { exportDisposition } from '../../helpers/export-name'

/** What a spreadsheet runs as a formula when a cell starts with it (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/
const LINK = '=HYPERLINK("http://evil.example","x")'

type Rows = unknown[][]

function csvRows(body: string): Rows {
  return parse(body, { bom: true, relax_column_count: true }) as Rows
}

/** The first sheet's rows as ExcelJS reads them (the library the server writes with), and each cell's type. */
async function xlsxRows(body: Buffer): Promise<{ rows: Rows; types: ExcelJS.ValueType[] }> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(body as unknown as ArrayBuffer)
  const rows: Rows = []
  const types: ExcelJS.ValueType[] = []
  workbook.worksheets[0].eachRow((row) => {
    row.eachCell((cell) => types.push(cell.type))
    // row.values counts from 1 and leaves empty cells out: holes become null, so columns keep their places.
    rows.push(Array.from((row.values as unknown[]).slice(1), (v) => v ?? null))
  })
  return { rows, types }
}

/** No text cell of a download starts a formula, whatever else it holds. */
function expectInert(where: string, rows: Rows) {
  const running = rows.flat().filter((c) => typeof c === 'string' && FORMULA_START.test(c))
  expect({ where, running }).toEqual({ where, running: [] })
}

describe('safeCell: text that starts a formula is shown, never run', () => {
  it.each([
    ['=', LINK],
    ['+', '+1+2'],
    ['-', '-1+2'],
    ['@', '@SUM(A1:A9)'],
    ['tab', '\t=1+1'],
    ['carriage return', '\r=1+1'],
    ['a lone sign', '-'],
  ])('prefixes a cell starting with %s by a single quote, the rest as typed', (_, text) => {
    expect(safeCell(text)).toBe(`'${text}`)
  })

  it('leaves numbers, booleans, empty cells and every other text as they are', () => {
    for (const cell of [-3, 0, -0.5, 12, Number.MAX_SAFE_INTEGER, true, false, null, '', ' =1+1', 'a=b', "'=1+1", '3-5', 'Niños', '日本語', '😀 =1', '\u2212 3', '\uff1d1+1', '\n=1']) {
      expect(safeCell(cell)).toBe(cell)
    }
  })

  const table: Table = { name: 'Test', columns: ['text', 'number', '=header'], rows: [[LINK, -3, null], ['-1', 2.5, 'plain'], ['\t@x', 0, true]] }

  it('is applied to every CSV cell, the header too; numbers stay numbers', () => {
    expect(csvRows(toCsv(table))).toEqual([
      ['text', 'number', "'=header"],
      [`'${LINK}`, '-3', ''],
      ["'-1", '2.5', 'plain'],
      ["'\t@x", '0', '1'],
    ])
  })

  it('is applied to every XLSX cell; numbers stay number cells', async () => {
    const { rows, types } = await xlsxRows(await toXlsx(table))
    expect(rows).toEqual([
      ['text', 'number', "'=header"],
      [`'${LINK}`, -3],
      ["'-1", 2.5, 'plain'],
      ["'\t@x", 0, true],
    ])
    expect(types).not.toContain(ExcelJS.ValueType.Formula)
  })
})

/**
 * Every export through the HTTP API, with text a person typed (a school's name, region, cohort and code; a
 * partner's name, service and hours; free-text answers) that starts formulas: each download shows it quoted.
 */
describe('every export neutralises formulas typed into the app', () => {
  let t: TestApp
  let admin: StaffHeaders
  let schoolId: number
  let administrationId: number
  let schoolCode: string
  const SCHOOL = { name: LINK, region: '@SUM(1+1)', cohort: '-2+3+cmd' }
  const COMMENTS = [LINK, '+A1', '-A1', '@A1', '\t=1+1', '\r=1+1']
  const PARTNER = { organization: LINK, service: '@SUM(A1:A2)', hours: '-1+2' }

  beforeAll(async () => {
    t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000' } })
    admin = await signIn(t.app, 'district-admin')
    const opened = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
    schoolId = opened.schools[0].id
    schoolCode = opened.codes[0].code
    administrationId = opened.administrationId
    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/schools/${schoolId}`, headers: admin, payload: SCHOOL })
    expect(renamed.statusCode).toBe(200)
    for (let i = 0; i < 12; i++) {
      const answers = { food_worry: 'often', food_know_help: 1, comments: COMMENTS[i % COMMENTS.length] }
      const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code: schoolCode, slug: 'mini-ana', version: 1, locale: 'en', channel: 'kiosk', answers } })
      expect(res.statusCode).toBe(201)
    }
    expect((await releaseNow(t, administrationId)).released).toBe(12)
    const service = await t.app.inject({
      method: 'POST',
      url: `/api/schools/${schoolId}/services`,
      headers: admin,
      payload: { organization: { name: PARTNER.organization, type: 'nonprofit' }, name: PARTNER.service, domains: ['food-security'], delivery: 'on-site', hours: PARTNER.hours },
    })
    expect(service.statusCode).toBe(201)
  })
  afterAll(() => t.close())

  async function download(url: string) {
    const res = await t.app.inject({ method: 'GET', url, headers: admin })
    expect({ url, status: res.statusCode }).toEqual({ url, status: 200 })
    return res
  }
  const csv = async (url: string) => {
    const rows = csvRows((await download(url)).body)
    expectInert(url, rows)
    return rows
  }
  const xlsx = async (url: string) => {
    const { rows, types } = await xlsxRows((await download(url)).rawPayload)
    expectInert(url, rows)
    expect(types).not.toContain(ExcelJS.ValueType.Formula)
    return { rows, types }
  }
  const quoted = (text: string) => `'${text}`
  const schoolRow = () => t.app.db.selectFrom('schools').select('code').where('id', '=', schoolId).executeTakeFirstOrThrow()

  it('the district comparison (CSV and XLSX): school name, region and cohort', async () => {
    for (const rows of [await csv(`/api/exports/district-comparison?administration=${administrationId}&format=csv`), (await xlsx(`/api/exports/district-comparison?administration=${administrationId}&format=xlsx`)).rows]) {
      const school = rows.filter((r) => r[0] === quoted(SCHOOL.name))
      expect(school.length).toBeGreaterThan(0)
      for (const r of school) expect(r.slice(1, 3)).toEqual([quoted(SCHOOL.region), quoted(SCHOOL.cohort)])
    }
    // Figures stay numbers: the need n of the food domain is the number 12.
    const { rows, types } = await xlsx(`/api/exports/district-comparison?administration=${administrationId}&format=xlsx`)
    expect(rows.find((r) => r[3] === 'Food security')![5]).toBe(12)
    expect(types).toContain(ExcelJS.ValueType.Number)
  })

  it('the responses (CSV and XLSX): school name, region and every free-text answer', async () => {
    const url = `/api/exports/responses?administration=${administrationId}&includeText=true&format=`
    const downloads = [
      { rows: await csv(`${url}csv`), comments: COMMENTS },
      // XLSX is XML, which reads a carriage return back as a line feed.
      { rows: (await xlsx(`${url}xlsx`)).rows, comments: COMMENTS.map((c) => c.replace('\r', '\n')) },
    ]
    for (const { rows, comments } of downloads) {
      const header = rows[0] as string[]
      const body = rows.slice(1)
      expect(body).toHaveLength(12)
      const column = (name: string) => body.map((r) => r[header.indexOf(name)])
      expect(new Set(column('school'))).toEqual(new Set([quoted(SCHOOL.name)]))
      expect(new Set(column('region'))).toEqual(new Set([quoted(SCHOOL.region)]))
      expect(new Set(column('mini-ana.comments'))).toEqual(new Set(comments.map(quoted)))
    }
  })

  it('the school profile (CSV and XLSX): a school named as a formula downloads inert, under a safe file name', async () => {
    const url = `/api/exports/schools/${schoolId}/profile?administration=${administrationId}&format=`
    expect((await csv(`${url}csv`)).length).toBeGreaterThan(1)
    expect((await xlsx(`${url}xlsx`)).rows.length).toBeGreaterThan(1)
    expect((await download(`${url}csv`)).headers['content-disposition']).toMatch(exportDisposition('district', 'test-administration-\\d+', 'profile-hyperlink-http-evil-example-x', 'csv'))
  })

  it('the district gaps (CSV): school name, region, and the partner and service in place', async () => {
    const rows = await csv(`/api/exports/gaps?administration=${administrationId}&domain=food-security`)
    expect(rows.slice(1).map((r) => [r[0], r[1], r[6]])).toEqual([[quoted(SCHOOL.name), quoted(SCHOOL.region), quoted(`${PARTNER.organization}: ${PARTNER.service}`)]])
  })

  it('the partner inventory (CSV): organization, service and hours', async () => {
    const rows = await csv('/api/exports/partners')
    expect(rows[0]).toEqual(['organization', 'organization_type', 'service', 'domains', 'schools', 'delivery', 'hours', 'languages', 'capacity', 'active_from', 'active_until'])
    expect(rows.slice(1)).toEqual([[quoted(PARTNER.organization), 'nonprofit', quoted(PARTNER.service), 'food-security', (await schoolRow()).code, 'on-site', quoted(PARTNER.hours), '', '', '', '']])
  })

  it("the partner template (CSV): the example school's code, which cannot start a formula", async () => {
    const rows = await csv('/api/partners/template')
    expect(rows[1][4]).toBe((await schoolRow()).code)
    const res = await t.app.inject({ method: 'PATCH', url: `/api/schools/${schoolId}`, headers: admin, payload: { code: '+1-2' } })
    expect({ status: res.statusCode, message: res.json().message }).toEqual({
      status: 400,
      message: 'The code "+1-2" may hold only letters, digits, ".", "_" and "-", starting with a letter or digit.',
    })
  })

  it('the schools template (CSV and XLSX): nothing to run', async () => {
    expect((await csv('/api/schools/template?format=csv')).length).toBe(3)
    expect((await xlsx('/api/schools/template?format=xlsx')).rows.length).toBe(3)
  })
})
