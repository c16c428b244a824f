import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

let t: TestApp
let admin: Awaited<ReturnType<typeof signIn>>
let analyst: StaffHeaders
let team: StaffHeaders
let opened: Awaited<ReturnType<typeof openAdministration>>

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
  opened = await openAdministration(t.app.db, { schools: 2, instruments: [{ slug: 'mini-ana', version: 1 }] })
  admin = await signIn(t.app, 'district-admin')
  analyst = await signIn(t.app, 'district-analyst')
  team = await signIn(t.app, 'school-team', [opened.schools[0].id])
})
afterAll(() => t.close())

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers: StaffHeaders, payload?: object) => t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
const audits = async (target: string) =>
  (await t.app.db.selectFrom('audit_log').select(['actor_email', 'action', 'outcome', 'target', 'detail']).where('target', '=', target).orderBy('id').execute()).map((r) => ({ ...r }))

const LINCOLN = {
  code: 'LINC',
  name: 'Lincoln Elementary',
  stateCode: '19 64568 6010102',
  region: 'North',
  cohort: '2026',
  grades: 'tk-5',
  street: '1844 Bel Aire Drive',
  city: 'Glendale',
  zip: '91201',
  enrollment: { students: 480, families: 390, staff: 36, gradeBands: { 'TK-2': 230, '3-5': 250 }, languages: { EN: 260, es: 190, 'zh-hant': 12 } },
}

describe('the schools directory', () => {
  it('creates a school with every field written one way, lists it to staff, and audits who, what and which school', async () => {
    const res = await call('POST', '/api/schools', admin, LINCOLN)
    expect(res.statusCode).toBe(201)
    const school = res.json()
    expect(school).toEqual({
      id: expect.any(Number),
      code: 'LINC',
      name: 'Lincoln Elementary',
      stateCode: '19645686010102',
      region: 'North',
      cohort: '2026',
      grades: 'TK-5',
      street: '1844 Bel Aire Drive',
      city: 'Glendale',
      zip: '91201',
      enrollment: { students: 480, families: 390, staff: 36, gradeBands: { 'tk-2': 230, '3-5': 250 }, languages: { en: 260, es: 190, 'zh-Hant': 12 } },
      archivedAt: null,
    })
    const listed = await call('GET', '/api/schools', analyst)
    expect(listed.statusCode).toBe(200)
    expect(listed.json().schools.find((s: { id: number }) => s.id === school.id)).toEqual(school)
    expect(await audits(`school:${school.id}`)).toEqual([{ actor_email: admin.email, action: 'school.create', outcome: 'success', target: `school:${school.id}`, detail: {} }])
  })

  it('takes a new school code from its CDS code when none is given, and needs one or the other', async () => {
    const res = await call('POST', '/api/schools', admin, { name: 'Glendale High', grades: '9-12', stateCode: '19645681932334' })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ code: '1932334', stateCode: '19645681932334', region: '' })
    const none = await call('POST', '/api/schools', admin, { name: 'Nameless', grades: 'K-5' })
    expect(none.statusCode).toBe(400)
    expect(none.json()).toEqual({ error: 'bad_request', message: 'Give the school a code, or its CDS code to take one from.', details: [{ field: 'code', message: 'Give the school a code, or its CDS code to take one from.' }] })
  })

  it.each([
    [{ ...LINCOLN, code: 'X1', stateCode: '1964568601010' + '2x' }, 'The CDS code "19645686010102x" is not 14 digits (2 for the county, 5 for the district, 7 for the school).', 'stateCode'],
    [{ ...LINCOLN, code: 'X1', stateCode: '99645686010102' }, 'The CDS code "99645686010102" starts with county 99; California\'s counties are 01 to 58.', 'stateCode'],
    [{ ...LINCOLN, code: 'X1', stateCode: '19645680000000' }, 'The CDS code "19645680000000" ends in 0000000, which is a district\'s own code, not a school\'s.', 'stateCode'],
    [{ ...LINCOLN, code: 'X1', stateCode: null, grades: 'K-15' }, 'The grade span "K-15" is not grades from PK, TK and K to 12, such as TK-5, 6-8, 9-12 or "TK-5, 9-12".', 'grades'],
    [{ ...LINCOLN, code: 'X 1', stateCode: null }, 'The code "X 1" may hold only letters, digits, ".", "_" and "-", starting with a letter or digit.', 'code'],
    [{ ...LINCOLN, code: 'X1', stateCode: null, zip: '9120' }, 'The ZIP code "9120" is not 5 digits (or 5+4, as 90012-1234).', 'zip'],
    [{ ...LINCOLN, code: 'X1', stateCode: null, enrollment: { students: 100, gradeBands: { '6-8': 50 } } }, "The grade band 6-8 is outside the school's grades (TK-5).", 'enrollment.gradeBands'],
    [{ ...LINCOLN, code: 'X1', stateCode: null, enrollment: { students: 100, gradeBands: { 'tk-2': 60, '3-5': 50 } } }, "The grade bands add up to 110 students, more than the school's 100 enrolled.", 'enrollment.gradeBands'],
    [{ ...LINCOLN, code: 'X1', stateCode: null, enrollment: { gradeBands: { 'k-3': 10, '3-5': 10 } } }, 'The grade bands k-3 and 3-5 overlap.', 'enrollment.gradeBands'],
    [{ ...LINCOLN, code: 'X1', stateCode: null, enrollment: { languages: { Spanish: 10 } } }, '"Spanish" is not a language code such as en, es, ko, hy, vi, tl or zh-Hant.', 'enrollment.languages'],
  ])('refuses a bad field with 400 naming it (%#)', async (body, message, field) => {
    const res = await call('POST', '/api/schools', admin, body)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ error: 'bad_request', message, details: [{ field, message }] })
  })

  it('says how many more problems a form has', async () => {
    const res = await call('POST', '/api/schools', admin, { code: 'X2', name: 'Two problems', grades: 'K-99', zip: 'none' })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toBe('The grade span "K-99" is not grades from PK, TK and K to 12, such as TK-5, 6-8, 9-12 or "TK-5, 9-12". (And 1 more problem.)')
    expect(res.json().details.map((d: { field: string }) => d.field)).toEqual(['grades', 'zip'])
  })

  it('refuses a code or CDS code another school has with 409, and a body the schema forbids with 400', async () => {
    const code = await call('POST', '/api/schools', admin, { ...LINCOLN, stateCode: null })
    expect(code.statusCode).toBe(409)
    expect(code.json()).toEqual({ error: 'conflict', message: 'Another school has the code "LINC".' })
    const cds = await call('POST', '/api/schools', admin, { ...LINCOLN, code: 'OTHER' })
    expect(cds.statusCode).toBe(409)
    expect(cds.json()).toEqual({ error: 'conflict', message: 'Another school has the CDS code 19645686010102.' })
    const extra = await call('POST', '/api/schools', admin, { ...LINCOLN, code: 'Y1', principal: 'Ms. Rivera' })
    expect(extra.statusCode).toBe(400)
    const negative = await call('POST', '/api/schools', admin, { ...LINCOLN, code: 'Y1', enrollment: { students: -1 } })
    expect(negative.statusCode).toBe(400)
  })

  it('edits the fields given, keeps the rest, audits the fields changed (never their values), and writes nothing for no change', async () => {
    const school = (await call('GET', '/api/schools', admin)).json().schools.find((s: { code: string }) => s.code === 'LINC')
    const res = await call('PATCH', `/api/schools/${school.id}`, admin, { region: 'East', enrollment: { students: 500 } })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ ...school, region: 'East', enrollment: { ...school.enrollment, students: 500 } })
    const same = await call('PATCH', `/api/schools/${school.id}`, admin, { region: 'East' })
    expect(same.statusCode).toBe(200)
    expect((await audits(`school:${school.id}`)).slice(1)).toEqual([
      { actor_email: admin.email, action: 'school.update', outcome: 'success', target: `school:${school.id}`, detail: { fields: ['region', 'enrollment.students'] } },
    ])
    const missing = await call('PATCH', '/api/schools/999999', admin, { region: 'East' })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toEqual({ error: 'not_found', message: 'There is no school 999999.' })
    const empty = await call('PATCH', `/api/schools/${school.id}`, admin, {})
    expect(empty.statusCode).toBe(400)
    const taken = await call('PATCH', `/api/schools/${school.id}`, admin, { code: 'T1-1' })
    expect(taken.statusCode).toBe(409)
    expect(taken.json().message).toBe('Another school has the code "T1-1".')
  })

  it('archives a school out of the list (unless asked), restores it, and refuses the same twice', async () => {
    const school = (await call('GET', '/api/schools', admin)).json().schools.find((s: { code: string }) => s.code === 'LINC')
    const archived = await call('POST', `/api/schools/${school.id}/archive`, admin)
    expect(archived.statusCode).toBe(200)
    expect(archived.json().archivedAt).toEqual(expect.any(String))
    expect((await call('GET', '/api/schools', admin)).json().schools.map((s: { id: number }) => s.id)).not.toContain(school.id)
    expect((await call('GET', '/api/schools?archived=true', admin)).json().schools.find((s: { id: number }) => s.id === school.id).archivedAt).toBe(archived.json().archivedAt)
    const again = await call('POST', `/api/schools/${school.id}/archive`, admin)
    expect(again.statusCode).toBe(409)
    expect(again.json()).toEqual({ error: 'conflict', message: 'Lincoln Elementary is archived already.' })
    const restored = await call('POST', `/api/schools/${school.id}/restore`, admin)
    expect(restored.statusCode).toBe(200)
    expect(restored.json().archivedAt).toBeNull()
    const notArchived = await call('POST', `/api/schools/${school.id}/restore`, admin)
    expect(notArchived.statusCode).toBe(409)
    expect(notArchived.json()).toEqual({ error: 'conflict', message: 'Lincoln Elementary is not archived.' })
    expect((await call('POST', '/api/schools/999999/archive', admin)).statusCode).toBe(404)
    expect((await call('POST', '/api/schools/999999/restore', admin)).statusCode).toBe(404)
    expect((await audits(`school:${school.id}`)).map((a) => a.action).slice(-2)).toEqual(['school.archive', 'school.restore'])
  })

  it('keeps an archived school out of new administrations', async () => {
    const school = (await call('POST', '/api/schools', admin, { code: 'SHUT', name: 'Closed Campus', grades: 'K-5' })).json()
    expect((await call('POST', `/api/schools/${school.id}/archive`, admin)).statusCode).toBe(200)
    const res = await call('POST', '/api/administrations', admin, {
      name: 'Spring check-in',
      opensAt: '2099-03-01T08:00',
      closesAt: '2099-03-31T17:00',
      mode: 'both',
      instruments: [{ slug: 'mini-ana', version: 1 }],
      schoolIds: [opened.schools[0].id, school.id],
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ error: 'bad_request', message: 'Closed Campus is archived: restore it in the school directory first.' })
  })

  it('keeps a school collecting in an open administration from being archived', async () => {
    const res = await call('POST', `/api/schools/${opened.schools[1].id}/archive`, admin)
    expect(res.statusCode).toBe(409)
    expect(res.json().message).toMatch(/^Test School \d+-2 takes part in "Test administration \d+", which has not ended: take it out of the administration, or revoke its code, first\.$/)
  })

  it('deletes a school entered by mistake, but never one with responses or that took part in an administration', async () => {
    const mistake = (await call('POST', '/api/schools', admin, { code: 'OOPS', name: 'Typo Elementary', grades: 'K-5' })).json()
    const teamOfIt = await signIn(t.app, 'school-team', [mistake.id])
    expect((await call('DELETE', `/api/schools/${mistake.id}`, admin)).statusCode).toBe(204)
    expect(await t.app.db.selectFrom('user_schools').select('school_id').where('user_id', '=', teamOfIt.id).execute()).toEqual([])
    expect((await audits(`school:${mistake.id}`)).map((a) => a.action)).toEqual(['school.create', 'school.delete'])
    expect((await call('DELETE', `/api/schools/${mistake.id}`, admin)).json()).toEqual({ error: 'not_found', message: `There is no school ${mistake.id}.` })

    const answered = await t.app.inject({
      method: 'POST',
      url: '/api/responses',
      payload: { id: randomUUID(), code: opened.codes[0].code, slug: 'mini-ana', version: 1, locale: 'en', channel: 'phone', answers: { food_worry: 'never' } },
    })
    expect(answered.statusCode).toBe(201)
    await t.app.intake.settled()
    const withResponses = await call('DELETE', `/api/schools/${opened.schools[0].id}`, admin)
    expect(withResponses.statusCode).toBe(409)
    expect(withResponses.json().message).toBe(`${opened.schools[0].name} has responses, so it is never deleted: archive it instead.`)
    const tookPart = await call('DELETE', `/api/schools/${opened.schools[1].id}`, admin)
    expect(tookPart.statusCode).toBe(409)
    expect(tookPart.json().message).toMatch(/^Test School \d+-2 took part in "Test administration \d+", so it is kept: archive it instead\.$/)
  })

  it('lets only district admins change the directory; a school team lists its own schools', async () => {
    const school = (await call('GET', '/api/schools', admin)).json().schools.find((s: { code: string }) => s.code === 'LINC')
    for (const who of [analyst, team]) {
      for (const [method, url, payload] of [
        ['POST', '/api/schools', { code: 'NOPE', name: 'No', grades: 'K-5' }],
        ['PATCH', `/api/schools/${school.id}`, { region: 'West' }],
        ['POST', `/api/schools/${school.id}/archive`, undefined],
        ['POST', `/api/schools/${school.id}/restore`, undefined],
        ['DELETE', `/api/schools/${school.id}`, undefined],
        ['POST', '/api/schools/import?preview=true', { file: Buffer.from('code,name,grades\nA,B,K-5\n').toString('base64') }],
      ] as const) {
        const res = await call(method, url, who, payload)
        expect(res.statusCode, `${method} ${url}`).toBe(403)
        expect(res.json()).toEqual({ error: 'forbidden', message: 'Only a district admin can do this.' })
      }
    }
    expect((await call('GET', '/api/schools', team)).json().schools.map((s: { id: number }) => s.id)).toEqual([opened.schools[0].id])
    const stranger = await t.app.inject({ method: 'GET', url: '/api/schools' })
    expect(stranger.statusCode).toBe(401)
  })
})
