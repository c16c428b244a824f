import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkSchool, EMPTY_SCHOOL, normalizeCdsCode, type SchoolFields } from '../../../server/schools/school-fields'
import { cellOf, readDistrictLayout, stateGrades } from '../../../server/schools/schools-file'

const school = (fields: Partial<SchoolFields>): SchoolFields => ({ ...EMPTY_SCHOOL, code: 'A1', name: 'Alder Elementary', grades: 'TK-5', ...fields })

describe('CDS codes', () => {
  it.each([
    ['19647331932334', '19647331932334'],
    ['19 64733 1932334', '19647331932334'],
    ['19-64733-1932334', '19647331932334'],
    [' 01611190130229 ', '01611190130229'],
  ])('reads %j as %s', (text, code) => expect(normalizeCdsCode(text)).toEqual({ code }))

  it.each([
    ['1964733193233', 'has 13 digits: if a spreadsheet dropped its leading zero, write it as text, as 01964733193233.'],
    ['1964733', 'is not 14 digits'],
    ['1964733193233x', 'is not 14 digits'],
    ['00647331932334', 'starts with county 00'],
    ['59647331932334', 'starts with county 59'],
    ['19647330000000', "a district's own code"],
    ['19647330000001', 'nonpublic schools'],
  ])('refuses %j', (text, reason) => {
    const result = normalizeCdsCode(text)
    expect('problem' in result && result.problem).toContain(reason)
  })
})

describe("the state's grade spans", () => {
  it.each([
    ['K-5', 'K-5'],
    ['P-8', 'PK-8'],
    ['9-12', '9-12'],
    ['K', 'K'],
    ['9-Adult', '9-12'],
    ['Adult', null],
    ['P', null],
    ['No Data', null],
    ['UG', null],
  ])('reads %j as %j', (text, grades) => expect(stateGrades(text)).toBe(grades))
})

describe('a school checked', () => {
  it('writes grades, bands and languages one way and sorts them', () => {
    const { school: s, problems } = checkSchool(school({ grades: 'tk-5, 9 - 12', gradeBands: { '3-5': 10, 'TK-2': 20 }, languages: { ES: 3, 'zh-hant': 1, en: 5 } }))
    expect(problems).toEqual([])
    expect(s.grades).toBe('TK-5, 9-12')
    expect(Object.entries(s.gradeBands)).toEqual([['tk-2', 20], ['3-5', 10]])
    expect(Object.entries(s.languages)).toEqual([['en', 5], ['es', 3], ['zh-Hant', 1]])
  })

  it('is the same checked twice, and reads back from its own cells (property)', () => {
    const band = fc.constantFrom('tk-2', '3-5', '6-8', '9-12', 'K-5')
    const language = fc.constantFrom('en', 'ES', 'zh-hant', 'hy', 'ko', 'vi')
    fc.assert(
      fc.property(
        fc.record({
          grades: fc.constantFrom('TK-5', 'k-8', '6-8', '9-12', 'TK-12', 'tk-5, 9-12'),
          students: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: null }),
          gradeBands: fc.dictionary(band, fc.integer({ min: 0, max: 50 }), { maxKeys: 1 }),
          languages: fc.dictionary(language, fc.integer({ min: 0, max: 50 }), { maxKeys: 4 }),
          region: fc.string({ maxLength: 20 }),
        }),
        (fields) => {
          const once = checkSchool(school(fields))
          const twice = checkSchool(once.school)
          expect(twice.school).toEqual(once.school)
          if (once.problems.length > 0) return
          expect(twice.problems).toEqual([])
          const header = ['code', 'name', 'grades', 'enrollment_students', 'enrollment_grade_bands', 'enrollment_languages']
          const cells = [once.school.code, once.school.name, once.school.grades, cellOf('students', once.school.students), cellOf('gradeBands', once.school.gradeBands), cellOf('languages', once.school.languages)]
          const read = readDistrictLayout({ header, headerLine: 1, rows: [{ line: 2, cells }], widthProblems: [] })
          expect(read.problems).toEqual([])
          expect(checkSchool({ ...once.school, ...read.rows[0].values }).school).toEqual(once.school)
        },
      ),
    )
  })
})
