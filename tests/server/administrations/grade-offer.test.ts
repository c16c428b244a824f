import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoRespondent, generateAnswers } from '../../../server/demo/answers'
import { seededRandom } from '../../../server/demo/random'
import { getCompiledVersion } from '../../../server/instruments/instruments.service'
import { choicesAtSchool, formatGrades } from '../../../server/schools/grade-spans'
import { releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'

type Json = Record<string, any>

let t: TestApp
let admin: StaffHeaders
/** The administration offering every published instrument of the library in surveys/. */
let administration: Json
const school: Record<string, { id: number; code: string }> = {}

// The library: the elementary student survey asks grades 3-5, the secondary one 6-8 and 9-12, families every band
// from TK-2 to 9-12, staff no grade.
const SPANS = ['TK-5', '6-8', 'K-8', '9-12', 'TK-2', 'TK-5, 9-12']
const INSTRUMENTS = ['family-ana', 'staff-ana', 'student-ana', 'student-ana-elementary']

async function api(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, h: StaffHeaders | null = admin) {
  const res = await t.app.inject({ method, url, headers: h ? { cookie: h.cookie, 'x-csrf-token': h['x-csrf-token'] } : {}, ...(payload ? { payload } : {}) })
  return { status: res.statusCode, body: res.json() as Json }
}

/** A complete, valid response to a published instrument, as a respondent at a school of these grades gives it. */
async function answersFor(slug: string, grades: string, seed = 1): Promise<Record<string, unknown>> {
  const row = await t.app.db.selectFrom('instrument_versions').select(['id']).where('slug', '=', slug).where('version', '=', 1).executeTakeFirstOrThrow()
  const { index } = await getCompiledVersion(t.app.db, row.id)
  const random = seededRandom(seed)
  const role = index.meta.role
  return generateAnswers(index, random, () => 0.5, demoRespondent(random, role, { grades }).context)
}

const respond = (code: string, slug: string, answers: Record<string, unknown>) =>
  api('POST', '/api/responses', { id: randomUUID(), code, slug, version: 1, locale: 'en', channel: 'phone', answers }, null)

beforeAll(async () => {
  t = await startTestApp()
  admin = await signIn(t.app, 'district-admin')
  const rows = await t.app.db
    .insertInto('schools')
    .values(SPANS.map((grades, i) => ({ code: `SPAN-${i + 1}`, name: `School ${grades}`, region: 'North', cohort: null, grades, enrollment_students: 300, enrollment_families: 250, enrollment_staff: 25 })))
    .returning(['id', 'grades'])
    .execute()
  const res = await api('POST', '/api/administrations', {
    name: 'Grades',
    opensAt: '2026-01-05T08:00',
    closesAt: '2029-06-30T23:59',
    mode: 'both',
    instruments: INSTRUMENTS.map((slug) => ({ slug, version: 1 })),
    schoolIds: rows.map((r) => r.id),
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  administration = res.body
  for (const r of rows) school[r.grades] = { id: r.id, code: administration.schools.find((s: Json) => s.id === r.id).code }
})
afterAll(() => t.close())

describe('what a school is offered, by the grades it teaches', () => {
  it.each([
    ['TK-5', ['family-ana', 'staff-ana', 'student-ana-elementary']],
    ['6-8', ['family-ana', 'staff-ana', 'student-ana']],
    ['K-8', ['family-ana', 'staff-ana', 'student-ana', 'student-ana-elementary']],
    ['9-12', ['family-ana', 'staff-ana', 'student-ana']],
    ['TK-2', ['family-ana', 'staff-ana']],
    ['TK-5, 9-12', ['family-ana', 'staff-ana', 'student-ana', 'student-ana-elementary']],
  ])('a %s school is offered %j', async (grades, slugs) => {
    const access = await api('GET', `/api/access/${school[grades].code}`, undefined, null)
    expect(access.status).toBe(200)
    expect(access.body.instruments.map((i: Json) => i.slug).sort()).toEqual(slugs)
    // The administration page says the same, per school.
    const detail = administration.schools.find((s: Json) => s.id === school[grades].id)
    expect(detail.grades).toBe(grades)
    expect(detail.offered.map((o: Json) => o.slug).sort()).toEqual(slugs)
  })

  it('asks a school only about the grade bands it has, and names the grades each student survey is for there', async () => {
    const offer = async (grades: string) =>
      Object.fromEntries((await api('GET', `/api/access/${school[grades].code}`, undefined, null)).body.instruments.map((i: Json) => [i.slug, { grades: i.grades, gradeBands: i.gradeBands }]))
    expect(await offer('9-12')).toEqual({
      'family-ana': { grades: '9–12', gradeBands: [{ question: 'child_grade_bands', choices: ['9-12', 'pns'] }] },
      'staff-ana': { grades: null, gradeBands: [] },
      'student-ana': { grades: '9–12', gradeBands: [{ question: 'grade_band', choices: ['9-12', 'pns'] }] },
    })
    const k8 = await offer('K-8')
    expect(k8['family-ana']).toEqual({ grades: 'TK–8', gradeBands: [{ question: 'child_grade_bands', choices: ['tk-2', '3-5', '6-8', 'pns'] }] })
    expect(k8['student-ana-elementary'].grades).toBe('3–5')
    expect(k8['student-ana']).toEqual({ grades: '6–8', gradeBands: [{ question: 'grade_band', choices: ['6-8', 'pns'] }] })
    expect((await offer('TK-5, 9-12'))['family-ana'].grades).toBe('TK–5, 9–12')
  })

  it('counts a role in the response rates exactly where a school is offered an instrument for it', async () => {
    await releaseNow(t, administration.id)
    const rates = await api('GET', `/api/administrations/${administration.id}/rates`)
    expect(rates.status, JSON.stringify(rates.body)).toBe(200)
    for (const grades of SPANS) {
      const access = await api('GET', `/api/access/${school[grades].code}`, undefined, null)
      const roles = new Set(access.body.instruments.map((i: Json) => i.role))
      const row = rates.body.schools.find((s: Json) => s.school.id === school[grades].id)
      expect({ grades, student: row.roles.student.offered, family: row.roles.family.offered, staff: row.roles.staff.offered }).toEqual({
        grades,
        student: roles.has('student'),
        family: roles.has('family'),
        staff: roles.has('staff'),
      })
    }
  })
})

describe('intake takes exactly what is offered', () => {
  it('refuses an instrument the school is not offered, saying whom it is for', async () => {
    expect(await respond(school['9-12'].code, 'student-ana-elementary', await answersFor('student-ana-elementary', 'TK-5'))).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'This survey does not offer student-ana-elementary version 1 at this school: it is for grades 3–5, and the school teaches 9-12.' },
    })
    expect(await respond(school['TK-2'].code, 'student-ana', await answersFor('student-ana', '6-8'))).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'This survey does not offer student-ana version 1 at this school: it is for grades 6–12, and the school teaches TK-2.' },
    })
  })

  it('refuses a grade band the school does not have, and takes one it has', async () => {
    const family = await answersFor('family-ana', '9-12')
    expect(family.child_grade_bands).toEqual(['9-12'])
    expect(await respond(school['9-12'].code, 'family-ana', { ...family, child_grade_bands: ['3-5', '9-12'] })).toEqual({
      status: 400,
      body: { error: 'invalid_response', message: 'The response has 1 problem.', details: [{ question: 'child_grade_bands', reason: 'names grades "3-5", which this school does not teach' }] },
    })
    // A middle schooler's answers (valid ones: the grade band shows and hides questions) sent with a high school's code.
    const middle = await answersFor('student-ana', '6-8')
    expect(middle.grade_band).toBe('6-8')
    expect(await respond(school['9-12'].code, 'student-ana', middle)).toEqual({
      status: 400,
      body: { error: 'invalid_response', message: 'The response has 1 problem.', details: [{ question: 'grade_band', reason: 'names grades "6-8", which this school does not teach' }] },
    })
    expect((await respond(school['9-12'].code, 'family-ana', family)).status).toBe(201)
    expect((await respond(school['9-12'].code, 'family-ana', { ...family, child_grade_bands: ['pns'] })).status).toBe(201)
    // A K-8 school's families may name every band it has.
    expect((await respond(school['K-8'].code, 'family-ana', { ...(await answersFor('family-ana', 'K-8')), child_grade_bands: ['tk-2', '6-8'] })).status).toBe(201)
  })

  it('refuses to set a school version its grades cannot answer', async () => {
    const res = await api('PUT', `/api/administrations/${administration.id}/schools/${school['9-12'].id}/instruments/student`, { slug: 'student-ana-elementary', version: 1 })
    expect(res).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'Version 1 of student-ana-elementary is for grades 3–5; School 9-12 teaches 9-12, so no one there could answer it.' },
    })
  })
})

describe('grade bands at a school', () => {
  it.each([
    [['tk-2', '3-5', '6-8', '9-12', 'pns'], '9-12', ['9-12', 'pns']],
    [['tk-2', '3-5', '6-8', '9-12', 'pns'], 'K-8', ['tk-2', '3-5', '6-8', 'pns']],
    [['tk-2', '3-5', '6-8', '9-12', 'pns'], 'TK-5, 9-12', ['tk-2', '3-5', '9-12', 'pns']],
    [['3-5', 'pns'], 'TK-2', ['pns']],
    // Grades that are not spans: nothing is taken away on a guess.
    [['3-5', '6-8'], 'Adult education', ['3-5', '6-8']],
  ] as [string[], string, string[]][])('of %j, a %s school has %j', (choices, grades, kept) => {
    expect(choicesAtSchool(choices, grades)).toEqual(kept)
  })

  it.each([
    [[{ from: -1, to: 2 }, { from: 3, to: 5 }], 'TK–5'],
    [[{ from: 9, to: 12 }, { from: 6, to: 8 }], '6–12'],
    [[{ from: 3, to: 5 }, { from: 9, to: 12 }], '3–5, 9–12'],
    [[{ from: 0, to: 0 }], 'K'],
  ])('writes %j as %s', (ranges, text) => {
    expect(formatGrades(ranges)).toBe(text)
  })
})
