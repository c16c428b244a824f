import fs from 'node:fs'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'

// The state's file: tests/fixtures/schools/pubschls-sample.txt has the published header (CDSCode … LastUpDate,
// tab-delimited, "No Data" for nothing) and rows of three districts: Glendale Unified (7 open schools with grades
// K-12, a district office row, a preschool, an adult school, and closed, merged and pending schools), Burbank
// Unified, and two districts named "Jefferson Elementary" in different counties.
const STATE_FILE = fs.readFileSync(new URL('../../fixtures/schools/pubschls-sample.txt', import.meta.url))

let t: TestApp
let admin: StaffHeaders

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
  admin = await signIn(t.app, 'district-admin')
})
afterAll(() => t.close())

const base64 = (file: string | Buffer) => Buffer.from(file).toString('base64')
const importFile = (file: string | Buffer, options: { preview?: boolean; district?: string } = {}) =>
  t.app.inject({ method: 'POST', url: `/api/schools/import${options.preview ? '?preview=true' : ''}`, headers: admin, payload: { file: base64(file), ...(options.district ? { district: options.district } : {}) } })
const schools = async () =>
  (await t.app.db.selectFrom('schools').select(['code', 'name', 'state_code', 'region', 'grades', 'enrollment_students', 'enrollment_grade_bands', 'enrollment_languages', 'updated_at']).orderBy('code').execute()).map((s) => ({ ...s }))

const HEADER = 'code,name,cds_code,region,cohort,grades,street,city,zip,enrollment_students,enrollment_families,enrollment_staff,enrollment_grade_bands,enrollment_languages'
const GOOD = [
  HEADER,
  'ADAMS,Adams Elementary,,North,2026,TK-5,100 Adams St,Pasadena,91103,410,350,30,tk-2: 200; 3-5: 210,en: 200; es: 180',
  'BURR,Burr Middle,,South,,6-8,200 Burr Ave,Pasadena,91104,620,540,44,,',
  'CLAY,Clay High,,South,,9-12,300 Clay Rd,Pasadena,91105,1500,1300,95,,es: 600',
].join('\n')

describe('importing the district layout', () => {
  it('offers a CSV and an XLSX template, each of which imports as it is', async () => {
    const csv = await t.app.inject({ method: 'GET', url: '/api/schools/template', headers: admin })
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="schools-template.csv"; filename*=UTF-8''schools-template.csv`)
    expect(csv.body.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toBe(HEADER)
    const preview = await importFile(csv.body, { preview: true })
    expect(preview.statusCode).toBe(200)
    expect(preview.json().summary).toEqual({ created: 2, updated: 0, unchanged: 0 })

    const xlsx = await t.app.inject({ method: 'GET', url: '/api/schools/template?format=xlsx', headers: admin })
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.headers['content-disposition']).toBe(`attachment; filename="schools-template.xlsx"; filename*=UTF-8''schools-template.xlsx`)
    const fromXlsx = await importFile(xlsx.rawPayload, { preview: true })
    expect(fromXlsx.statusCode).toBe(200)
    expect(fromXlsx.json().rows.map((r: { code: string; action: string }) => `${r.code}:${r.action}`)).toEqual(['LINC:create', 'ROOS:create'])
    expect(await schools()).toEqual([])
  })

  it('names every bad row by line and column, and imports nothing at all', async () => {
    const csv = [
      HEADER,
      'ADAMS,Adams Elementary,,North,2026,TK-5,100 Adams St,Pasadena,91103,410,350,30,,',
      'BURR,Burr Middle,,South,,6-15,200 Burr Ave,Pasadena,91104,620,540,44,,',
      'CLAY,Clay High,1964568193233,South,,9-12,300 Clay Rd,Pasadena,91105,lots,1300,95,,',
      'ADAMS,Adams Again,,North,,K-5,,,,,,,"3-5 250",',
      ',No Code,,North,,K-5,,,,,,,,',
    ].join('\n')
    const res = await importFile(csv, { preview: true })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toBe('6 problems; the first is on line 3, column grades: The grade span "6-15" is not grades from PK, TK and K to 12, such as TK-5, 6-8, 9-12 or "TK-5, 9-12". Nothing was imported.')
    expect(res.json().details).toEqual([
      { line: 3, column: 'grades', message: 'The grade span "6-15" is not grades from PK, TK and K to 12, such as TK-5, 6-8, 9-12 or "TK-5, 9-12".' },
      { line: 4, column: 'enrollment_students', message: 'The student enrollment "lots" is not a whole number (leave it empty when unknown).' },
      { line: 4, column: 'cds_code', message: 'The CDS code "1964568193233" has 13 digits: if a spreadsheet dropped its leading zero, write it as text, as 01964568193233.' },
      { line: 5, column: 'enrollment_grade_bands', message: '"3-5 250" is not written as a grade band and a number, such as "3-5: 250"; separate them with ";".' },
      { line: 5, column: 'code', message: 'The code "ADAMS" is on line 2 already.' },
      { line: 6, column: 'code', message: 'A new school needs a code (or a cds_code to take it from).' },
    ])
    expect((await importFile(csv)).statusCode).toBe(400)
    expect(await schools()).toEqual([])
    const failures = await t.app.db.selectFrom('audit_log').select(['action', 'outcome']).where('action', '=', 'school.import').execute()
    expect(failures.every((f) => f.outcome === 'failure')).toBe(true)
  })

  it.each([
    ['code,name,grades,principal\nA,B,K-5,Rivera', 'Line 1, column principal: "principal" is not a column of the schools file; the columns are code, name, cds_code, region, cohort, grades, street, city, zip, enrollment_students, enrollment_families, enrollment_staff, enrollment_grade_bands, enrollment_languages. Nothing was imported.'],
    ['name,grades\nB,K-5', 'Line 1: The header needs a code or a cds_code column to know each school by. Start from the template. Nothing was imported.'],
    ['code,name,Code\nA,B,C', 'Line 1, column Code: The column code is in the header twice. Nothing was imported.'],
    ['code,name,grades\n', 'Line 1: The file has no schools under its header. Nothing was imported.'],
    ['', 'Line 1: The file is empty. Nothing was imported.'],
    ['code,name,grades\nA,B,K-5\nC,D', '2 problems; the first is on line 3: The row has a different number of cells than the header. Nothing was imported.'],
    ['code,region\nNEW1,North', '2 problems; the first is on line 2: This school is new, and the file has no name column to give its name. Nothing was imported.'],
    ['code,name,grades\n"A,B,K-5', expect.stringMatching(/^Line \d+: The file is not valid CSV: /)],
  ])('refuses %j with 400 and says where', async (csv, message) => {
    const res = await importFile(csv || ' ')
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toEqual(message)
  })

  it('names the three bad rows of the 60-school file the browser test imports', async () => {
    const file = fs.readFileSync(new URL('../../fixtures/schools/district-60-with-3-bad-rows.csv', import.meta.url), 'utf8')
    const res = await importFile(file, { preview: true })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([
      { line: 12, column: 'grades', message: 'The grade span "TK-15" is not grades from PK, TK and K to 12, such as TK-5, 6-8, 9-12 or "TK-5, 9-12".' },
      { line: 27, column: 'enrollment_students', message: 'The student enrollment "about 400" is not a whole number (leave it empty when unknown).' },
      { line: 45, column: 'cds_code', message: 'The CDS code "1964733" is not 14 digits (2 for the county, 5 for the district, 7 for the school).' },
    ])
    const fixed = file.replace(',TK-15,', ',TK-5,').replace(',about 400,', ',410,').replace(',1964733,', ',19647336101628,')
    const preview = await importFile(fixed, { preview: true })
    expect(preview.statusCode).toBe(200)
    expect(preview.json().summary).toEqual({ created: 60, updated: 0, unchanged: 0 })
  })

  it('imports all rows in one transaction, and the same file again changes nothing', async () => {
    const preview = await importFile(GOOD, { preview: true })
    expect(preview.statusCode).toBe(200)
    expect(preview.json()).toEqual({
      preview: true,
      layout: 'district',
      state: null,
      summary: { created: 3, updated: 0, unchanged: 0 },
      rows: [
        { line: 2, action: 'create', id: null, code: 'ADAMS', name: 'Adams Elementary', archived: false, changes: [] },
        { line: 3, action: 'create', id: null, code: 'BURR', name: 'Burr Middle', archived: false, changes: [] },
        { line: 4, action: 'create', id: null, code: 'CLAY', name: 'Clay High', archived: false, changes: [] },
      ],
    })
    expect(await schools()).toEqual([])
    const done = await importFile(GOOD)
    expect(done.statusCode).toBe(200)
    expect(done.json().summary).toEqual({ created: 3, updated: 0, unchanged: 0 })
    expect(done.json().rows.every((r: { id: number | null }) => typeof r.id === 'number')).toBe(true)
    const after = await schools()
    expect(after.map((s) => s.code)).toEqual(['ADAMS', 'BURR', 'CLAY'])
    expect(after[0]).toMatchObject({ enrollment_grade_bands: { 'tk-2': 200, '3-5': 210 }, enrollment_languages: { en: 200, es: 180 } })

    const again = await importFile(GOOD)
    expect(again.statusCode).toBe(200)
    expect(again.json().summary).toEqual({ created: 0, updated: 0, unchanged: 3 })
    expect(await schools()).toEqual(after)
    const audited = await t.app.db.selectFrom('audit_log').select(['action', 'target', 'detail']).where('action', 'like', 'school.%').where('outcome', '=', 'success').orderBy('id').execute()
    expect(audited.map((a) => a.action)).toEqual(['school.create', 'school.create', 'school.create', 'school.import', 'school.import'])
    expect(audited.at(-1)!.detail).toEqual({ layout: 'district', created: 0, updated: 0, unchanged: 3 })
  })

  it('updates by code from a file with fewer columns in another order, says what changed, and leaves the other fields', async () => {
    const csv = ['Grades,Code,Region,Enrollment Students', 'TK-5,ADAMS,North,410', '6-8,BURR,East,650', '9-12,CLAY,South,1500', 'K-8,DEWEY,,'].join('\r\n')
    const res = await importFile(csv, { preview: true })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([{ line: 5, message: 'This school is new, and the file has no name column to give its name.' }])
    const fixed = csv.replace('\r\nK-8,DEWEY,,', '')
    const done = await importFile(fixed)
    expect(done.statusCode).toBe(200)
    expect(done.json().rows).toEqual([
      { line: 2, action: 'unchanged', id: expect.any(Number), code: 'ADAMS', name: 'Adams Elementary', archived: false, changes: [] },
      {
        line: 3,
        action: 'update',
        id: expect.any(Number),
        code: 'BURR',
        name: 'Burr Middle',
        archived: false,
        changes: [
          { column: 'region', from: 'South', to: 'East' },
          { column: 'enrollment_students', from: '620', to: '650' },
        ],
      },
      { line: 4, action: 'unchanged', id: expect.any(Number), code: 'CLAY', name: 'Clay High', archived: false, changes: [] },
    ])
    const burr = (await schools()).find((s) => s.code === 'BURR')!
    expect(burr).toMatchObject({ region: 'East', enrollment_students: 650, grades: '6-8', name: 'Burr Middle' })
    const audit = await t.app.db.selectFrom('audit_log').select(['target', 'detail']).where('action', '=', 'school.update').orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(audit.detail).toEqual({ import: true, fields: ['region', 'enrollment_students'] })
  })

  it('refuses a code another school has and the same school twice', async () => {
    const res = await importFile(['code,name,cds_code,grades', 'ADAMS,Adams Elementary,19645686010102,TK-5', 'BURR,Burr Middle,19 64568 6010102,6-8', 'CLAY,Clay High,,9-12', 'CLAY,Clay High,,9-12'].join('\n'))
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([
      { line: 3, column: 'cds_code', message: 'The CDS code 19645686010102 is on line 2 already.' },
      { line: 5, column: 'code', message: 'This is the same school as on line 4 (Clay High).' },
    ])
    const rename = await importFile(['code,cds_code', 'ADAMS,19645686010102', 'BURR,19645686010110'].join('\n'))
    expect(rename.statusCode).toBe(200)
    const taken = await importFile(['code,cds_code', 'BURR,19645686010102'].join('\n'))
    expect(taken.statusCode).toBe(400)
    expect(taken.json().details).toEqual([{ line: 2, column: 'code', message: 'The code "BURR" belongs to another school, Burr Middle.' }])
  })

  it('reads the first sheet of an XLSX workbook, its rows named by their row in the sheet', async () => {
    const workbook = new ExcelJS.Workbook()
    const sheet = workbook.addWorksheet('Our schools')
    sheet.addRow(['name', 'code', 'grades', 'cds_code', 'enrollment_students'])
    sheet.addRow(['Eaton Elementary', 'EATON', 'K-5', 19645686010129, 300]) // a CDS code typed as a number reads back as its digits
    sheet.addRow([])
    sheet.addRow(['Fair Oaks Middle', 'FAIR', '6-9x', null, 'n/a'])
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer())
    const bad = await importFile(bytes)
    expect(bad.statusCode).toBe(400)
    expect(bad.json().details).toEqual([
      { line: 4, column: 'enrollment_students', message: 'The student enrollment "n/a" is not a whole number (leave it empty when unknown).' },
      { line: 4, column: 'grades', message: 'The grade span "6-9x" is not grades from PK, TK and K to 12, such as TK-5, 6-8, 9-12 or "TK-5, 9-12".' },
    ])
    sheet.getCell('C4').value = '6-8'
    sheet.getCell('E4').value = 520
    const good = await importFile(Buffer.from(await workbook.xlsx.writeBuffer()))
    expect(good.statusCode).toBe(200)
    expect(good.json().rows.map((r: { line: number; code: string; action: string }) => [r.line, r.code, r.action])).toEqual([
      [2, 'EATON', 'create'],
      [4, 'FAIR', 'create'],
    ])
    expect((await schools()).find((s) => s.code === 'EATON')!.state_code).toBe('19645686010129')
    const notXlsx = await importFile(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(40)]))
    expect(notXlsx.json().message).toBe('Line 1: The file is not a readable XLSX workbook. Save it again as .xlsx or as CSV. Nothing was imported.')
  })
})

describe("importing the state's public schools file", () => {
  it('asks which district, and refuses a name two counties share or none has', async () => {
    const none = await importFile(STATE_FILE, { preview: true })
    expect(none.statusCode).toBe(400)
    expect(none.json().message).toBe(
      'Line 1: This is the state\'s schools file, which lists every district in California: name your district as the file writes it (such as "Los Angeles Unified") or by its 7-digit county and district code. Nothing was imported.',
    )
    const twice = await importFile(STATE_FILE, { preview: true, district: 'jefferson elementary' })
    expect(twice.json().message).toBe(
      'Line 1: "jefferson elementary" names more than one district (Jefferson Elementary (San Mateo County): 4168924; Jefferson Elementary (San Joaquin County): 3968569); name yours by its 7-digit code. Nothing was imported.',
    )
    const unknown = await importFile(STATE_FILE, { preview: true, district: 'Glendale Union' })
    expect(unknown.json().message).toBe('Line 1: The file has no district named "Glendale Union". Districts with a similar name: Glendale Unified. Nothing was imported.')
    const byCode = await importFile(STATE_FILE, { preview: true, district: '3968569' })
    expect(byCode.statusCode).toBe(200)
    expect(byCode.json().rows.map((r: { name: string }) => r.name)).toEqual(['Jefferson School'])
  })

  it("keeps only the district's open schools that teach grades K to 12, and says why the others were left out", async () => {
    const res = await importFile(STATE_FILE, { preview: true, district: 'Glendale Unified' })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.layout).toBe('state')
    expect(body.state).toEqual({ district: 'Glendale Unified', county: 'Los Angeles', rows: 18, leftOut: { notOpen: 3, districtOffice: 1, noGrades: 2 } })
    expect(body.rows.map((r: { line: number; code: string; name: string; action: string }) => `${r.line} ${r.code} ${r.name} ${r.action}`)).toEqual([
      // The district's file above gave these two schools their CDS codes: the state's file updates them.
      '3 ADAMS Balboa Elementary update',
      '4 BURR Columbus Elementary update',
      '5 6010128 Mark Keppel Elementary create',
      '6 6058986 Roosevelt Middle create',
      '7 1932334 Glendale High create',
      '8 1936145 Herbert Hoover High create',
      '9 6119739 Jewel City Community Day create',
    ])
  })

  it('creates the schools with their CDS code, address and grades; the district adds regions and enrollment, and a new state file keeps them', async () => {
    const first = await importFile(STATE_FILE, { district: 'Glendale Unified' })
    expect(first.statusCode).toBe(200)
    const hoover = await t.app.db.selectFrom('schools').selectAll().where('state_code', '=', '19645681936145').executeTakeFirstOrThrow()
    expect(hoover).toMatchObject({ code: '1936145', name: 'Herbert Hoover High', region: '', grades: '9-12', street: '651 Glenwood Road', city: 'Glendale', zip: '91202-1446', enrollment_students: null })
    // Balboa's CDS code was given to ADAMS by the district's file above: the state's file updates that school.
    expect(first.json().rows[0]).toMatchObject({ code: 'ADAMS', action: 'update', changes: expect.arrayContaining([{ column: 'name', from: 'Adams Elementary', to: 'Balboa Elementary' }]) })

    const regions = await importFile(['cds_code,region,enrollment_students', '19645681936145,North,1800', '19645681932334,South,2300'].join('\n'))
    expect(regions.statusCode).toBe(200)
    expect(regions.json().summary).toEqual({ created: 0, updated: 2, unchanged: 0 })

    const again = await importFile(STATE_FILE, { district: 'Glendale Unified' })
    expect(again.json().summary).toEqual({ created: 0, updated: 0, unchanged: 7 })
    expect(await t.app.db.selectFrom('schools').select(['region', 'enrollment_students']).where('state_code', '=', '19645681936145').executeTakeFirstOrThrow()).toEqual({ region: 'North', enrollment_students: 1800 })

    const renamed = Buffer.from(STATE_FILE.toString('utf8').replace('Herbert Hoover High', 'Hoover High'))
    const update = await importFile(renamed, { district: 'Glendale Unified', preview: true })
    expect(update.json().rows.find((r: { action: string }) => r.action === 'update')).toEqual({
      line: 8,
      action: 'update',
      id: hoover.id,
      code: '1936145',
      name: 'Hoover High',
      archived: false,
      changes: [{ column: 'name', from: 'Herbert Hoover High', to: 'Hoover High' }],
    })
  })

  it('reads a file saved as Windows-1252', async () => {
    const latin = Buffer.from(STATE_FILE.toString('utf8').replace('Bret Harte Elementary', 'Bret Harte Elementary Año'), 'latin1')
    const res = await importFile(latin, { preview: true, district: 'Burbank Unified' })
    expect(res.statusCode).toBe(200)
    expect(res.json().rows.map((r: { name: string }) => r.name)).toEqual(['Bret Harte Elementary Año', 'Burbank High'])
  })
})
