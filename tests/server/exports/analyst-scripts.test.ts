import { spawnSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CodebookEntry } from '../../../server/profiles/codebook'
import { spssSyntax } from '../../../server/profiles/spss-syntax'
import { stataDo } from '../../../server/profiles/stata-do'
import { spssNames, stataNames } from '../../../server/profiles/variable-names'
import { dayIn } from '../../../server/time-zone'
import { releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

type Row = Record<string, string>

/** The Content-Disposition of a script for the export (see tests/helpers/export-name.ts). */
const scriptDisposition = (what: string, ext: string) => {
  const name = `district_test-administration-\\d+_${what}_${dayIn(new Date(), 'America/Los_Angeles')}\\.${ext}`
  return new RegExp(`^attachment; filename="${name}"; filename\\*=UTF-8''${name}$`)
}

/** The CSV a script reads (a long name is split into pieces joined with +). */
const csvNameIn = (sps: string) => /NAME='([^']+)'\./.exec(sps.replace(/' \+\n\s*'/g, ''))![1]

const STATA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/

/** The lines of a do-file that put a name on a column, label a variable, and define value labels. */
function doFileParts(text: string) {
  const renamed = [...text.matchAll(/^ana_name "([^"]+)" (\S+)$/gm)].map((m) => ({ from: m[1], to: m[2] }))
  const labelled = [...text.matchAll(/^\s*label variable (\S+) `"(.*)"'$/gm)].map((m) => ({ name: m[1], label: m[2] }))
  return { renamed, labelled }
}

describe('analysts\u2019 files: indicator columns, per-instrument extracts, SPSS syntax and a Stata do-file', () => {
  let t: TestApp
  let analyst: StaffHeaders
  let administrationId: number

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000', CODE_RATE_LIMIT_PER_MINUTE: '1000' } })
    analyst = await signIn(t.app, 'district-analyst')
    const opened = await openAdministration(t.app.db, { schools: 1, grades: 'TK-8', instruments: [{ slug: 'family-ana', version: 1 }, { slug: 'staff-ana', version: 1 }] })
    administrationId = opened.administrationId
    const code = opened.codes[0].code
    const send = async (slug: string, answers: Record<string, unknown>) => {
      const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code, slug, version: 1, locale: 'en', channel: 'kiosk', answers } })
      expect(res.statusCode).toBe(201)
    }
    // Twelve families: eight name barriers (four the hours and the cost, four the cost), four leave the question.
    for (let i = 0; i < 12; i++) {
      await send('family-ana', {
        food_worried_run_out: i < 3 ? 'often-true' : i < 11 ? 'never-true' : 'pns',
        child_grade_bands: ['3-5'],
        time_at_school: '1-2',
        ...(i < 8 ? { services_barriers: i < 4 ? ['hours', 'cost'] : ['cost'] } : {}),
        ...(i < 2 ? { comment_does_well: 'The "nurse", and the garden' } : {}),
      })
    }
    for (let i = 0; i < 10; i++) await send('staff-ana', { dental_notice_problems: 'often', staff_role: 'teacher' })
    await releaseNow(t, administrationId)
  })
  afterAll(() => t.close())

  const get = (url: string) => t.app.inject({ method: 'GET', headers: analyst, url })
  const csvOf = async (query = '') => {
    const res = await get(`/api/exports/responses?administration=${administrationId}&format=csv${query}`)
    expect(res.statusCode).toBe(200)
    return { rows: parse(res.body, { bom: true, columns: true }) as Row[], header: (parse(res.body, { bom: true, to_line: 1 }) as string[][])[0], raw: res.rawPayload }
  }
  const codebookOf = async (query = '') => {
    const res = await get(`/api/exports/codebook?administration=${administrationId}&format=csv${query}`)
    expect(res.statusCode).toBe(200)
    return parse(res.body, { bom: true, columns: true }) as Row[]
  }

  it('gives a multi-select a 0/1 column per choice in place of one packed cell, blank where it was not answered', async () => {
    const { rows, header } = await csvOf()
    expect(header).not.toContain('family-ana.services_barriers')
    expect(header).toEqual(expect.arrayContaining(['family-ana.services_barriers.hours', 'family-ana.services_barriers.cost', 'family-ana.services_barriers.nothing']))
    const families = rows.filter((r) => r.instrument === 'family-ana')
    expect(families).toHaveLength(12)
    const cells = families.map((r) => `${r['family-ana.services_barriers.hours']}${r['family-ana.services_barriers.cost']}${r['family-ana.services_barriers.nothing']}`).sort()
    expect(cells).toEqual([...Array(4).fill(''), ...Array(4).fill('010'), ...Array(4).fill('110')])
    // The staff were never asked.
    expect(rows.filter((r) => r.instrument === 'staff-ana').every((r) => r['family-ana.services_barriers.cost'] === '')).toBe(true)
    // A context multi-select too.
    expect(families.every((r) => r['family-ana.child_grade_bands.3-5'] === '1' && r['family-ana.child_grade_bands.6-8'] === '0')).toBe(true)
  })

  it('describes each indicator column in the codebook: 0/1 labels and the choice after the question, in every language', async () => {
    const codebook = await codebookOf()
    const entries = (await get(`/api/administrations/${administrationId}/codebook`)).json() as CodebookEntry[]
    expect(codebook.map((r) => r.variable)).toEqual(entries.map((e) => e.variable))
    // The export without free text has every other column, in the codebook's order.
    expect(entries.filter((e) => !e.freeText).map((e) => e.variable)).toEqual((await csvOf()).header.filter((c) => c.includes('.')))
    expect(codebook.find((r) => r.variable === 'family-ana.services_barriers.hours')).toMatchObject({
      instrument: 'family-ana',
      type: 'checkbox',
      'question (en)': 'What makes it hard to use help at school or nearby? — The hours do not work for me',
      'values (en)': '0 = Not selected; 1 = Selected',
      'question (es)': '¿Qué le hace difícil usar la ayuda en la escuela o cerca de ella? — El horario no me conviene',
    })
    const page = await get(`/api/administrations/${administrationId}/codebook`)
    const hours = (page.json() as CodebookEntry[]).find((e) => e.variable === 'family-ana.services_barriers.hours')!
    expect(hours).toMatchObject({ multiSelect: true, freeText: false, values: [{ code: '0', label: 'Not selected' }, { code: '1', label: 'Selected' }] })
    expect(hours.itemId).not.toBe('')
  })

  it('blanks every indicator of a context answer generalised to "several" (naming the choices would undo it)', async () => {
    // Ten families with one grade band, and five and five with two different pairs: alone, each pair is under k.
    const opened = await openAdministration(t.app.db, { schools: 1, grades: 'TK-8', instruments: [{ slug: 'family-ana', version: 1 }] })
    const bands = [...Array(10).fill(['3-5']), ...Array(5).fill(['3-5', '6-8']), ...Array(5).fill(['tk-2', '6-8'])]
    for (const child_grade_bands of bands) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/responses',
        payload: { id: randomUUID(), code: opened.codes[0].code, slug: 'family-ana', version: 1, locale: 'en', channel: 'kiosk', answers: { food_worried_run_out: 'never-true', child_grade_bands } },
      })
      expect(res.statusCode).toBe(201)
    }
    await releaseNow(t, opened.administrationId)
    const res = await get(`/api/exports/responses?administration=${opened.administrationId}&format=csv`)
    const rows = parse(res.body, { bom: true, columns: true }) as Row[]
    const shown = rows.map((r) => ['tk-2', '3-5', '6-8', '9-12', 'pns'].map((band) => r[`family-ana.child_grade_bands.${band}`]).join(''))
    expect(shown.sort()).toEqual([...Array(10).fill(''), ...Array(10).fill('01000')])
  })

  it("gives one instrument's extract: its rows and its columns, the same cells as the whole export", async () => {
    const whole = await csvOf()
    const extract = await csvOf('&instrument=staff-ana')
    expect(extract.rows).toHaveLength(10)
    expect(extract.rows.every((r) => r.instrument === 'staff-ana')).toBe(true)
    expect(extract.header.filter((c) => c.includes('.')).every((c) => c.startsWith('staff-ana.'))).toBe(true)
    const project = (r: Row) => JSON.stringify(extract.header.filter((c) => c !== 'row').map((c) => r[c]))
    expect(extract.rows.map(project).sort()).toEqual(whole.rows.filter((r) => r.instrument === 'staff-ana').map(project).sort())
    expect(extract.rows.map((r) => r.row)).toEqual(extract.rows.map((_, i) => String(i + 1)))
    const codebook = await codebookOf('&instrument=staff-ana')
    const page = (await get(`/api/administrations/${administrationId}/codebook?instrument=staff-ana`)).json() as CodebookEntry[]
    expect(page.map((e) => e.variable)).toEqual(codebook.map((r) => r.variable))
    expect(page.filter((e) => !e.freeText).map((e) => e.variable)).toEqual(extract.header.filter((c) => c.includes('.')))
    expect(codebook.every((r) => r.instrument === 'staff-ana')).toBe(true)
    const named = await get(`/api/exports/responses?administration=${administrationId}&format=csv&instrument=staff-ana`)
    expect(named.headers['content-disposition']).toMatch(scriptDisposition('responses-staff-ana', 'csv'))
  })

  it.each([
    ['/api/exports/responses', '&format=csv'],
    ['/api/exports/codebook', '&format=csv'],
    ['/api/exports/r-script', ''],
    ['/api/exports/spss-syntax', ''],
    ['/api/exports/stata-do', ''],
  ])('answers %s for an instrument the administration does not offer with 400 naming those it does', async (route, rest) => {
    const res = await get(`${route}?administration=${administrationId}${rest}&instrument=student-ana`)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'bad_request', message: `Administration ${administrationId} has no instrument "student-ana"; it has family-ana, staff-ana.` })
  })

  it('answers bad script requests with 400: no administration, an unknown one, an empty instrument, an unknown parameter', async () => {
    for (const route of ['/api/exports/spss-syntax', '/api/exports/stata-do']) {
      const missing = await get(route)
      expect(missing.statusCode).toBe(400)
      expect(missing.json().message).toBe("Invalid querystring: / must have required property 'administration'.")
      const unknown = await get(`${route}?administration=999999`)
      expect(unknown.statusCode).toBe(400)
      expect(unknown.json().message).toBe('There is no administration 999999.')
      const empty = await get(`${route}?administration=${administrationId}&instrument=`)
      expect(empty.statusCode).toBe(400)
      expect(empty.json().message).toBe('Invalid querystring: /instrument must NOT have fewer than 1 characters.')
      // The SPSS syntax takes includeText (it reads columns by place); the do-file reads either export and takes none.
      const text = await get(`${route}?administration=${administrationId}&includeText=maybe`)
      expect(text.statusCode).toBe(400)
      expect(text.json().message).toBe(route.endsWith('spss-syntax') ? 'Invalid querystring: /includeText must be boolean.' : 'Invalid querystring: / must NOT have additional properties.')
      const extra = await get(`${route}?administration=${administrationId}&format=csv`)
      expect(extra.statusCode).toBe(400)
      expect(extra.json().message).toBe('Invalid querystring: / must NOT have additional properties.')
    }
    const page = await get(`/api/administrations/${administrationId}/codebook?instrument=nope`)
    expect(page.statusCode).toBe(400)
    expect(page.json().message).toBe(`Administration ${administrationId} has no instrument "nope"; it has family-ana, staff-ana.`)
  })

  it('names the scripts like the export they read, and refuses them to school staff', async () => {
    const sps = await get(`/api/exports/spss-syntax?administration=${administrationId}`)
    expect(sps.statusCode).toBe(200)
    expect(sps.headers['content-disposition']).toMatch(scriptDisposition('responses', 'sps'))
    expect(csvNameIn(sps.body)).toMatch(/^district_test-administration-\d+_responses_\d{4}-\d\d-\d\d\.csv$/)
    const withText = await get(`/api/exports/spss-syntax?administration=${administrationId}&includeText=true&instrument=family-ana`)
    expect(withText.headers['content-disposition']).toMatch(scriptDisposition('responses-with-text-family-ana', 'sps'))
    expect(withText.body).toMatch(/family_ana\.comment_does_well A32767/)
    expect(sps.body).not.toMatch(/comment_does_well/)
    const stata = await get(`/api/exports/stata-do?administration=${administrationId}&instrument=family-ana`)
    expect(stata.headers['content-disposition']).toMatch(scriptDisposition('responses-family-ana', 'do'))
    const principal = await signIn(t.app, 'school-team')
    const refused = await t.app.inject({ method: 'GET', headers: principal, url: `/api/exports/stata-do?administration=${administrationId}` })
    expect(refused.statusCode).toBe(403)
  })

  // GNU PSPP from Debian (pspp, which .ci/run installs): CI without it fails here rather than skipping.
  const pspp = ['/usr/bin/pspp', '/usr/local/bin/pspp'].find((p) => fs.existsSync(p))
  it.runIf(pspp !== undefined || process.env.CI)('gives SPSS syntax that PSPP runs on the CSV: value labels on a coded column, indicator columns, missing values', async () => {
    expect(pspp, 'pspp (apt-get install pspp)').toBeDefined()
    const script = await get(`/api/exports/spss-syntax?administration=${administrationId}`)
    expect(script.statusCode).toBe(200)
    const csvName = csvNameIn(script.body)
    const { raw } = await csvOf()
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-spss-'))
    try {
      fs.writeFileSync(path.join(dir, csvName), raw)
      fs.writeFileSync(path.join(dir, 'labels.sps'), script.body)
      fs.writeFileSync(
        path.join(dir, 'check.sps'),
        [
          "INCLUDE FILE='labels.sps'.",
          'DISPLAY DICTIONARY /VARIABLES=family_ana.food_worried_run_out family_ana.services_barriers.hours staff_ana.dental_notice_problems.',
          'FREQUENCIES /VARIABLES=family_ana.food_worried_run_out family_ana.services_barriers.cost.',
          'DESCRIPTIVES /VARIABLES=row.',
        ].join('\n'),
      )
      const run = spawnSync(pspp!, ['-o', 'out.csv', 'check.sps'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8' } })
      const out = fs.readFileSync(path.join(dir, 'out.csv'), 'utf8')
      expect(`${run.stdout}${run.stderr}${out}`).not.toMatch(/error|warning/i)
      expect(run.status).toBe(0)
      // PSPP's tables as CSV: the dictionary (names, question labels, formats, missing values), value labels, counts.
      const food = '"In the past 12 months, we worried that our food would run out before we got money to buy more."'
      const hours = 'What makes it hard to use help at school or nearby? — The hours do not work for me'
      expect(out).toMatch(new RegExp(`^family_ana\\.food_worried_run_out,\\d+,${food.replace(/[.?]/g, '\\$&')},Ordinal,Input,8,Right,F8\\.0,F8\\.0,4$`, 'm'))
      expect(out).toContain(`\nfamily_ana.services_barriers.hours,47,${hours},Nominal,Input,8,Right,F1.0,F1.0,\n`)
      expect(out).toContain(`\n${food},1,Often true\n,2,Sometimes true\n,3,Never true\n,4[a],Prefer not to say\n`)
      expect(out).toContain(`\n${hours},0,Not selected\n,1,Selected\n`)
      // Three families often worried, eight never, one preferred not to say (missing, not among the valid).
      expect(out).toContain('\nValid,Often true,3,13.6%,27.3%,27.3%\n,Never true,8,36.4%,72.7%,100.0%\nMissing,.,10,45.5%,,\n,Prefer not to say,1,4.5%,,\n')
      // Eight families ticked the cost; the four who left the question and the ten staff are blank, not 0.
      expect(out).toContain('\nValid,Selected,8,36.4%,100.0%,100.0%\nMissing,.,14,63.6%,,\n')
      expect(out).toMatch(/^"Row number[^"]*",22,11\.50,/m)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it.runIf(pspp !== undefined || process.env.CI)('gives SPSS syntax for the export with free text that PSPP reads column for column', async () => {
    expect(pspp, 'pspp (apt-get install pspp)').toBeDefined()
    const admin = await signIn(t.app, 'district-admin')
    const script = await t.app.inject({ method: 'GET', headers: admin, url: `/api/exports/spss-syntax?administration=${administrationId}&includeText=true` })
    const csv = await t.app.inject({ method: 'GET', headers: admin, url: `/api/exports/responses?administration=${administrationId}&format=csv&includeText=true` })
    expect([script.statusCode, csv.statusCode]).toEqual([200, 200])
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-spss-'))
    try {
      fs.writeFileSync(path.join(dir, csvNameIn(script.body)), csv.rawPayload)
      fs.writeFileSync(path.join(dir, 'labels.sps'), script.body)
      fs.writeFileSync(
        path.join(dir, 'check.sps'),
        ["INCLUDE FILE='labels.sps'.", 'SELECT IF family_ana.comment_does_well <> \'\'.', 'LIST /VARIABLES=family_ana.comment_does_well family_ana.services_barriers.hours staff_ana.does_well.'].join('\n'),
      )
      const run = spawnSync(pspp!, ['-o', 'out.csv', 'check.sps'], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8' } })
      const out = fs.readFileSync(path.join(dir, 'out.csv'), 'utf8')
      expect(`${run.stdout}${run.stderr}${out}`).not.toMatch(/error|warning/i)
      expect(run.status).toBe(0)
      // The text with its quotes and comma in its column, and the columns after it where they belong.
      expect(out).toContain('\nfamily_ana.comment_does_well,family_ana.services_barriers.hours,staff_ana.does_well\n')
      expect(out.match(/^"The ""nurse"", and the garden",1,$/gm)).toHaveLength(2)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('gives a Stata do-file that names every column of the codebook validly and once, and labels each', async () => {
    const res = await get(`/api/exports/stata-do?administration=${administrationId}`)
    expect(res.statusCode).toBe(200)
    const entries = (await get(`/api/administrations/${administrationId}/codebook`)).json() as CodebookEntry[]
    const { renamed, labelled } = doFileParts(res.body)
    const leading = ['row', 'school', 'region', 'role', 'instrument', 'language', 'channel', 'day']
    expect(renamed.map((r) => r.from)).toEqual([...leading, ...entries.map((e) => e.variable)])
    const names = renamed.map((r) => r.to)
    for (const name of names) expect(name).toMatch(STATA_NAME)
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length)
    expect(labelled.map((l) => l.name).sort()).toEqual([...names].sort())
    for (const { label } of labelled) expect([...label.replace(/\\([`$])/g, '$1')].length).toBeLessThanOrEqual(80)
    // A coded column: its codes as numbers with their labels, prefer not to say an extended missing value.
    const food = renamed.find((r) => r.from === 'family-ana.food_worried_run_out')!.to
    expect(res.body).toContain(`replace _ana_code = 1 if ${food} == \`"often-true"'`)
    expect(res.body).toMatch(new RegExp(`label define ${food} 1 \`"Often true"' 2 \`"Sometimes true"' 3 \`"Never true"' \\.a \`"Prefer not to say"', replace`))
    expect(res.body).toContain(`label values ${food} ${food}`)
    const hours = renamed.find((r) => r.from === 'family-ana.services_barriers.hours')!.to
    expect(res.body).toContain(`destring ${hours}, replace\n    label values ${hours} ana_selected`)
    expect(res.body).toContain('import delimited using `"`csv\'"\', varnames(nonames) encoding(utf-8)')
  })

  it('escapes quotes, macros and long text in Stata and SPSS labels, and keeps names valid, short and unique', () => {
    const entry = (variable: string, text: string, label: string): CodebookEntry => ({
      variable,
      instrument: 'x-ana',
      version: 1,
      itemId: 'i',
      domain: 'd',
      measures: 'need',
      type: 'radiogroup',
      text: { en: text },
      values: [{ code: 'a', label }, { code: 'pns', label: 'Prefer not to say' }],
      multiSelect: false,
      freeText: false,
      scores: 'a = 100; pns = not scored',
      missing: ['pns'],
    })
    const entries = [
      entry('x-ana.quoted', 'The "best" part of school\'s day "\'', 'It\'s "fine" at `home\' for $5'),
      entry('x-ana.a_question_with_a_very_long_name_indeed.choice-one', 'x'.repeat(300), 'y'),
      entry('x-ana.a_question_with_a_very_long_name_indeed.choice-two', 'Second', 'z'),
      entry('x-ana.3rd', 'Third', 'w'),
    ]
    const stata = stataDo(entries, 'file.csv')
    expect(stata).toContain("label variable x_ana_quoted `\"The \"best\" part of school's day \"\u2019\"'")
    expect(stata).toContain("1 `\"It's \"fine\" at \\`home' for \\$5\"'")
    const { renamed, labelled } = doFileParts(stata)
    for (const { to } of renamed) expect(to).toMatch(STATA_NAME)
    expect(new Set(renamed.map((r) => r.to)).size).toBe(renamed.length)
    expect(labelled.find((l) => l.name === renamed[9].to)!.label).toBe('x'.repeat(80))
    const sps = spssSyntax(entries, "it's.csv")
    expect(sps).toContain("FILE HANDLE responses /NAME='it''s.csv'.")
    expect(sps).toContain(`/x_ana.quoted 'The "best" part of school''s day "'''`)
    expect(sps).toContain('MISSING VALUES x_ana.quoted (2).')
    // Names: SPSS keeps dots, Stata none; a digit first gets a letter or _; a long name has its instrument's initials,
    // then both ends; all unique.
    const long = ['x-ana.a_question_with_a_very_long_name_indeed.choice-one', 'x-ana.a_question_with_a_very_long_name_indeed.choice-two']
    expect(stataNames(['x-ana.3rd', '3rd', 'in', 'v12', ...long])).toEqual(['x_ana_3rd', '_3rd', 'in_', 'v12_', 'xa_a_question_with_a__choice_one', 'xa_a_question_with_a__choice_two'])
    expect(stataNames(['family-ana.wellbeing_trouble_paying', 'family-ana.food_ran_out'])).toEqual(['fa_wellbeing_trouble_paying', 'family_ana_food_ran_out'])
    expect(spssNames(['x-ana.3rd', '3rd', 'by', 'a.', 'A.b', 'a_b', 'a.B'])).toEqual(['x_ana.3rd', 'v3rd', 'by_', 'a_', 'A.b', 'a_b', 'a.B_2'])
    expect(stataNames(['a-b', 'a.b', 'a_b'])).toEqual(['a_b', 'a_b_2', 'a_b_3'])
    for (const name of spssNames(['x'.repeat(100), `${'x'.repeat(100)}y`])) expect(name.length).toBeLessThanOrEqual(64)
  })
})
