import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import { ConditionRunner } from 'survey-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromXlsForm, localeOf, toXlsForm, type XlsFormReading } from '../../../server/designer/xlsform'
import { readingGrade } from '../../../server/instruments/standards'
import { ConditionError, readSurveyJs, readXpath, writeSurveyJs, writeXpath, type AnswerKind } from '../../../server/designer/xlsform-conditions'
import { startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'
import { koboForm } from '../../helpers/kobo-form'
import { specExampleForm } from '../../helpers/xlsform-spec-form'

type Json = Record<string, any>
const INSTRUMENTS = ['family-ana', 'staff-ana', 'student-ana', 'student-ana-elementary']
const definitionOf = (slug: string): Json => JSON.parse(readFileSync(new URL(`../../../surveys/${slug}/1.json`, import.meta.url), 'utf8'))

async function read(bytes: Buffer): Promise<XlsFormReading> {
  const reading = await fromXlsForm(bytes)
  if (Array.isArray(reading)) throw new Error(`unexpected problems: ${JSON.stringify(reading)}`)
  return reading
}

describe('XLSForm out and back', () => {
  it.each(INSTRUMENTS)('%s version 1 written as an XLSForm reads back as the same definition', async (slug) => {
    const { ana, ...definition } = definitionOf(slug)
    const reading = await read(await toXlsForm({ ana, ...definition }))
    expect(reading.definition).toEqual(definition)
    expect(reading.formId).toBe(slug)
    expect(reading.version).toBe('1')
    expect(reading.locales).toEqual(Object.keys(ana.translations))
    expect(reading.notices).toEqual([])
    expect(reading.minutes).toBe(ana.minutes)
  })

  it('writes the sheets ODK and Kobo read: pages as field-list groups, grids as table-list groups, skip logic as relevant, labels per language', async () => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await toXlsForm(definitionOf('family-ana'))) as unknown as ArrayBuffer)
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['survey', 'choices', 'settings'])
    const survey = workbook.getWorksheet('survey')!
    const header = (survey.getRow(1).values as string[]).slice(1)
    expect(header.slice(0, 4)).toEqual(['type', 'name', 'label::English (en)', 'label::Spanish (es)'])
    expect(header).toContain('label::Arabic (ar)')
    expect(header).toContain('relevant')
    const rows = survey.getSheetValues().slice(2).map((r) => Object.fromEntries(header.map((h, i) => [h, (r as unknown[])[i + 1]])))
    expect(rows[0]).toMatchObject({ type: 'begin_group', appearance: 'field-list' })
    const absence = rows.find((r) => r.name === 'absence_reasons')!
    expect(absence.type).toBe('select_multiple absence_reasons')
    expect(absence.relevant).toBe("${days_missed} != '' and (selected(${days_missed}, '1') or selected(${days_missed}, '2-3') or selected(${days_missed}, '4plus'))")
    const grid = rows.find((r) => r.name === 'basic_needs')!
    expect(grid).toMatchObject({ type: 'begin_group', appearance: 'table-list' })
    expect(rows.find((r) => r.name === 'basic_needs__clothes')).toMatchObject({ type: 'select_one basic_needs', 'ana::item_id': 'basic.clothes' })
    const top = rows.find((r) => r.name === 'top_priorities')!
    expect(top.constraint).toBe('count-selected(.) <= 3')
    const settings = workbook.getWorksheet('settings')!
    expect((settings.getRow(1).values as string[]).slice(1, 5)).toEqual(['form_title', 'form_id', 'version', 'default_language'])
    expect((settings.getRow(2).values as string[]).slice(2, 5)).toEqual(['family-ana', '1', 'English (en)'])
  })
})

describe('reading a form from KoboToolbox', () => {
  it('brings in three languages, skip logic, a select_multiple, a note and a grid, and leaves out device metadata with a notice', async () => {
    const reading = await read(await koboForm())
    expect(reading.locales).toEqual(['en', 'es', 'ar'])
    expect(reading.formId).toBe('transport_checkin_2025')
    expect(reading.notices).toEqual([
      'Left out: "start" (start, row 2); the engine keeps no device, time or person identifiers with responses.',
      'Left out: "deviceid" (deviceid, row 3); the engine keeps no device, time or person identifiers with responses.',
    ])
    const [first, second] = reading.definition.pages as Json[]
    expect(first.name).toBe('getting_here')
    expect(first.title).toEqual({ default: 'Getting to school', es: 'Cómo llega a la escuela', ar: 'الوصول إلى المدرسة' })
    expect(first.elements.map((e: Json) => [e.type, e.name, e.visibleIf])).toEqual([
      ['radiogroup', 'has_car', undefined],
      ['checkbox', 'transport_used', "{has_car} = 'no'"],
      ['text', 'transport_other', "{transport_used} contains 'other'"],
    ])
    expect(first.elements[0].isRequired).toBe(true)
    expect(first.elements[1].description).toEqual({ default: 'Check all that apply.', es: 'Marque todas las que correspondan.', ar: 'اختر كل ما ينطبق.' })
    expect(first.elements[1].choices.map((c: Json) => c.value)).toEqual(['bus', 'walk', 'ride', 'other'])
    expect(second.elements[0]).toEqual({ type: 'html', name: 'feelings_note', html: { default: 'There are no right or wrong answers.', es: 'No hay respuestas correctas ni incorrectas.', ar: 'لا توجد إجابات صحيحة أو خاطئة.' } })
    expect(second.elements[1]).toMatchObject({
      type: 'matrix',
      name: 'feelings',
      rows: [
        { value: 'feel_safe', text: { default: 'feel safe at school?' } },
        { value: 'feel_welcome', text: { default: 'feel welcome at school?' } },
      ],
    })
    expect(second.elements[1].columns.map((c: Json) => c.value)).toEqual(['never', 'sometimes', 'often'])
  })

  it("reads the XLSForm specification's own examples: numbers with their bounds, skip logic, a field-list group, older spellings, and names what it leaves out", async () => {
    const reading = await read(await specExampleForm())
    expect(reading.locales).toEqual(['en'])
    expect(reading.notices).toEqual([
      'Left out: "start" (start, row 2); the engine keeps no device, time or person identifiers with responses.',
      'Left out: "end" (end, row 3); the engine keeps no device, time or person identifiers with responses.',
      'Left out: "today" (today, row 4); the engine keeps no device, time or person identifiers with responses.',
      'Left out: "deviceid" (deviceid, row 5); the engine keeps no device, time or person identifiers with responses.',
      'Left out: the column "constraint_message" of the survey sheet (row 6); the engine does not use it.',
    ])
    const [loose, group] = reading.definition.pages as Json[]
    expect(loose.elements).toEqual([
      { type: 'text', name: 'age', title: { default: 'How old are you?' }, inputType: 'number', max: 150 },
      { type: 'text', name: 'name', title: { default: 'What is your name?' }, description: { default: 'Your first name is enough.' } },
      { type: 'radiogroup', name: 'likes_pizza', title: { default: 'Do you like pizza?' }, choices: [{ value: 'yes', text: { default: 'Yes' } }, { value: 'no', text: { default: 'No' } }] },
      expect.objectContaining({ type: 'checkbox', name: 'favorite_topping', visibleIf: "{likes_pizza} = 'yes'" }),
    ])
    expect(group).toMatchObject({ name: 'respondent', title: { default: 'Respondent' } })
    expect(group.elements).toEqual([
      { type: 'text', name: 'respondent_name', title: { default: "Respondent's name" }, isRequired: true },
      { type: 'text', name: 'respondent_height', title: { default: "Respondent's height (m)" }, inputType: 'number', step: 'any', min: 0.5, max: 2.5 },
    ])
    // Written out again, the numbers keep their type and bounds.
    const again = await read(await toXlsForm({ ana: { slug: 'pizza', version: 1 }, ...reading.definition }))
    expect(again.definition.pages).toEqual(reading.definition.pages)
  })

  it.each([
    [[['geopoint', 'where', 'Where do you live?']], 'survey', 'type', 'The type "geopoint" is not one the engine takes (it takes select_one, select_multiple, text, integer, decimal, note, begin_group/end_group (a table-list group as a grid)).'],
    [[['select_one colours', 'colour', 'Favourite colour?']], 'survey', 'type', 'The choice list "colours" is not on the choices sheet.'],
    [[['text', 'why', 'Why?', null, null, null, null, null, "${nowhere} = 'x'"]], 'survey', 'relevant', `The condition "\${nowhere} = 'x'" cannot be brought in: \${nowhere} is not a question before this one.`],
    [[['text', 'why', 'Why?', null, null, null, null, null, "jr:choice-name(${has_car}, '${has_car}') = 'Yes'"]], 'survey', 'relevant', /^The condition "jr:choice-name.*" cannot be brought in: /],
    [[['text', 'has_car', 'Again?']], 'survey', 'name', 'The name "has_car" is used twice (also on row 5).'],
    [[['begin_group', 'open', 'Never closed']], 'survey', 'type', 'The group "open" has no end_group.'],
  ])('refuses a form with %j, naming the sheet, row and column', async (extraRows, sheet, column, message) => {
    const problems = await fromXlsForm(await koboForm({ extraRows: extraRows as (string | null)[][] }))
    expect(Array.isArray(problems)).toBe(true)
    expect(problems).toHaveLength(1)
    expect((problems as Json[])[0]).toMatchObject({ sheet, row: 16, column, message })
  })

  it('refuses a file that is not a workbook, and a workbook without a survey sheet', async () => {
    expect(await fromXlsForm(Buffer.from('type,name\ntext,why\n'))).toEqual([{ sheet: '', row: 0, message: 'The file is not a readable XLSX workbook; save the XLSForm again as .xlsx.' }])
    const workbook = new ExcelJS.Workbook()
    workbook.addWorksheet('Sheet1').addRow(['type', 'name'])
    expect(await fromXlsForm(Buffer.from(await workbook.xlsx.writeBuffer()))).toEqual([{ sheet: 'survey', row: 0, message: 'The workbook has no "survey" sheet, so it is not an XLSForm.' }])
  })

  it('names languages by their code in parentheses, by name, or by how people write them', () => {
    expect(localeOf('English (en)')).toBe('en')
    expect(localeOf('Español (es)')).toBe('es')
    expect(localeOf('Chinese (zh)')).toBe('zh-Hant')
    expect(localeOf('繁體中文')).toBe('zh-Hant')
    expect(localeOf('Farsi')).toBe('fa')
    expect(localeOf('French (fr)')).toBeNull()
  })
})

describe('skip logic between XPath and SurveyJS', () => {
  const kinds = new Map<string, AnswerKind>([
    ['a', 'one'],
    ['m', 'many'],
    ['age', 'one'],
  ])
  const toSurveyJs = (xpath: string) => writeSurveyJs(readXpath(xpath, kinds))

  it.each([
    ["${a} = 'x'", "{a} = 'x'"],
    ["selected(${a}, 'x')", "{a} = 'x'"],
    ["selected(${m}, 'x')", "{m} contains 'x'"],
    ["not(selected(${m}, 'x'))", "{m} notcontains 'x'"],
    ["${a} != ''", '{a} notempty'],
    ["${a} = ''", '{a} empty'],
    ["selected(${a}, 'x') or selected(${a}, 'y')", "{a} anyof ['x', 'y']"],
    ["not(selected(${m}, 'x') or selected(${m}, 'y'))", "{m} noneof ['x', 'y']"],
    ["${age} >= 5 and (${a} = 'x' or selected(${m}, 'z'))", "{age} >= 5 and ({a} = 'x' or {m} contains 'z')"],
    ["not(${age} > 5)", '!({age} > 5)'],
  ])('%s is %s', (xpath, surveyJs) => {
    expect(toSurveyJs(xpath)).toBe(surveyJs)
  })

  it('means the same thing on both sides, for every answer', () => {
    const xpath = "${age} >= 5 and (${a} = 'x' or selected(${m}, 'z')) and not(selected(${m}, 'y'))"
    const surveyJs = toSurveyJs(xpath)
    const back = writeXpath(readSurveyJs(surveyJs), kinds)
    expect(toSurveyJs(back)).toBe(surveyJs)
    const runner = new ConditionRunner(surveyJs)
    for (const age of [3, 5, 9])
      for (const a of ['x', 'w'])
        for (const m of [[], ['z'], ['y', 'z'], ['y']]) {
          const expected = age >= 5 && (a === 'x' || m.includes('z')) && !m.includes('y')
          expect(runner.runValues({ age, a, m })).toBe(expected)
        }
  })

  it.each([
    ["${a} = 'x", 'a quote (\') is never closed'],
    ["${q} = 'x'", '${q} is not a question before this one'],
    ["${m} = 'x'", "${m} takes several answers: use selected(${m}, '…') instead of ="],
    ["count(${a}) > 1", 'the function count() is not one the engine translates (it takes selected(), not(), and, or, and comparisons)'],
    ["${a} = 'x' and", 'the condition ends too soon'],
  ])('refuses %s: %s', (xpath, message) => {
    expect(() => readXpath(xpath, kinds)).toThrow(new ConditionError(message))
  })
})

describe('the designer API', () => {
  let t: TestApp
  let team: StaffHeaders
  let otherTeam: StaffHeaders
  let admin: StaffHeaders
  let schoolId: number

  beforeAll(async () => {
    t = await startTestApp()
    const administration = await openAdministration(t.app.db, { schools: 2, instruments: [{ slug: 'family-ana', version: 1 }] })
    schoolId = administration.schools[0].id
    team = await signIn(t.app, 'school-team', [schoolId])
    otherTeam = await signIn(t.app, 'school-team', [administration.schools[1].id])
    admin = await signIn(t.app, 'district-admin')
  })
  afterAll(() => t.close())

  const headersOf = (h: StaffHeaders) => ({ cookie: h.cookie, 'x-csrf-token': h['x-csrf-token'] })
  const importForm = async (h: StaffHeaders, owner: number | 'district', file: Buffer | string, slug?: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/designer/${owner}/imports/xlsform`,
      headers: headersOf(h),
      payload: { file: typeof file === 'string' ? file : file.toString('base64'), ...(slug ? { slug } : {}) },
    })
    return { status: res.statusCode, body: res.json() as Json }
  }

  it('exports version 1 of the family survey as an XLSForm that imports again as a draft with the same questions and no problems', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/designer/versions/family-ana/1/xlsform', headers: headersOf(team) })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers['content-disposition']).toBe(`attachment; filename="family-ana_v1_xlsform.xlsx"; filename*=UTF-8''family-ana_v1_xlsform.xlsx`)
    const imported = await importForm(admin, 'district', res.rawPayload)
    expect(imported.status).toBe(201)
    expect(imported.body.notices).toEqual([])
    const { ana, ...original } = definitionOf('family-ana')
    const { ana: draftAna, ...draft } = imported.body.draft.definition
    expect(draft).toEqual(original)
    expect(draftAna).toEqual({ ...ana, status: 'draft' })
    expect(imported.body.draft).toMatchObject({ slug: 'family-ana', ownerSchoolId: null, baseVersion: 1, defects: [] })
  })

  it("imports a Kobo form as a draft of the instrument the team chooses, listing what it still needs as the draft's problems", async () => {
    const imported = await importForm(team, schoolId, await koboForm(), 'family-ana')
    expect(imported.status).toBe(201)
    expect(imported.body.notices).toHaveLength(2)
    const draft = imported.body.draft
    expect(draft).toMatchObject({ slug: 'family-ana', ownerSchoolId: schoolId, baseVersion: 1 })
    expect(draft.definition.ana).toEqual({ slug: 'family-ana', version: 1, role: 'family', status: 'draft', translations: { en: 'reviewed', es: 'draft', ar: 'draft' } })
    expect(draft.defects.map((d: Json) => d.message)).toContain('Question "has_car" has neither scoring metadata (ana.itemId) nor a context tag (ana.context).')
    const listed = await t.app.inject({ method: 'GET', url: `/api/designer/${schoolId}/drafts/${draft.id}`, headers: headersOf(team) })
    expect(listed.json().definition.pages[0].elements[1].visibleIf).toBe("{has_car} = 'no'")
  })

  it('refuses, changing nothing: an unknown form_id without a chosen instrument, a form with problems, and another school', async () => {
    const before = (await t.app.inject({ method: 'GET', url: `/api/designer/${schoolId}/drafts`, headers: headersOf(team) })).json().drafts.length
    const unknown = await importForm(team, schoolId, await koboForm())
    expect(unknown).toMatchObject({
      status: 400,
      body: { message: 'The form\'s form_id "transport_checkin_2025" is not an instrument here; choose the instrument it becomes a draft of (family-ana, staff-ana, student-ana, student-ana-elementary).' },
    })
    const broken = await importForm(team, schoolId, await koboForm({ extraRows: [['geopoint', 'where', 'Where?'], ['text', 'has_car', 'Again?']] }), 'family-ana')
    expect(broken.status).toBe(400)
    expect(broken.body.message).toBe(
      '2 problems; the first is on the survey sheet, row 16, column type: The type "geopoint" is not one the engine takes (it takes select_one, select_multiple, text, integer, decimal, note, begin_group/end_group (a table-list group as a grid)). Nothing was imported.',
    )
    expect(broken.body.details).toHaveLength(2)
    const notXlsx = await importForm(team, schoolId, Buffer.from('not a workbook'), 'family-ana')
    expect(notXlsx).toMatchObject({ status: 400, body: { message: 'The file is not a readable XLSX workbook; save the XLSForm again as .xlsx. Nothing was imported.' } })
    const otherSchool = await importForm(otherTeam, schoolId, await koboForm(), 'family-ana')
    expect(otherSchool.status).toBe(403)
    const unknownSlug = await importForm(team, schoolId, await koboForm(), 'no-such-survey')
    expect(unknownSlug.body.message).toMatch(/^The form's form_id "no-such-survey" is not an instrument here/)
    const after = (await t.app.inject({ method: 'GET', url: `/api/designer/${schoolId}/drafts`, headers: headersOf(team) })).json().drafts.length
    expect(after).toBe(before)
  })

  it("holds a draft's new items to the standards of surveys/standards.json, and not the published items it reuses", async () => {
    const started = await t.app.inject({ method: 'POST', url: `/api/designer/${schoolId}/drafts`, headers: headersOf(team), payload: { slug: 'family-ana', version: 1 } })
    expect(started.statusCode).toBe(201)
    // Version 1 has 22 questions above the families' grade-5 limit; reused as they are, none is a problem.
    expect(started.json().defects).toEqual([])
    const draft = started.json()
    const definition = structuredClone(draft.definition)
    const hard = 'Considering the availability of transportation alternatives, approximately how frequently does your household experience difficulties?'
    const text = (en: string) => Object.fromEntries([['default', en], ...Object.keys(draft.definition.ana.translations).filter((l) => l !== 'en').map((l) => [l, en])])
    definition.pages[0].elements.push({
      type: 'radiogroup',
      name: 'ride_trouble',
      title: text(hard),
      choices: [
        { value: 'often', text: text('Often') },
        { value: 'never', text: text('Never') },
      ],
      ana: { itemId: 'attend.school-ride-trouble', domain: 'attendance', measures: 'need', scores: { often: 100, never: 0 } },
    })
    const saved = await t.app.inject({
      method: 'PUT',
      url: `/api/designer/${schoolId}/drafts/${draft.id}`,
      headers: headersOf(team),
      payload: { revision: draft.revision, definition, translationHashes: null },
    })
    expect(saved.statusCode).toBe(200)
    expect(saved.json().defects.map((d: Json) => d.message)).toEqual([
      `Question "ride_trouble" reads at grade ${readingGrade(hard)} (Flesch-Kincaid); this instrument's limit is grade 5. Use shorter words and sentences.`,
    ])
  })

  it('exports only versions the person can see', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/designer/versions/family-ana/9/xlsform', headers: headersOf(team) })
    expect(res.statusCode).toBe(404)
    expect(res.json().message).toBe('There is no published version 9 of "family-ana" you can see.')
  })
})
