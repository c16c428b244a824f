import { parseGradeRange, parseGradeSpans, type GradeRange } from './grade-spans'

/**
 * A school's directory fields, and the rules each must meet, the same for the form (POST/PATCH /api/schools) and
 * for every import (the district's file, the state's file, the command line). Pure: no I/O.
 */
export interface SchoolFields {
  /** The district's own short code. */
  code: string
  name: string
  /** California's 14-digit CDS code: 2 digits county, 5 district, 7 school. */
  stateCode: string | null
  /** '' when the district has not given one yet. */
  region: string
  cohort: string | null
  /** Grade spans as the school declares them: 'TK-5', '6-8', 'K-8', '9-12', 'TK-5, 9-12'. */
  grades: string
  street: string | null
  city: string | null
  zip: string | null
  /** Enrollment by role: what response rates and review holds measure against. */
  students: number | null
  families: number | null
  /** Staff headcount. */
  staff: number | null
  /** Students per grade band ('tk-2', '3-5', '6-8', '9-12', as instruments ask), when known. */
  gradeBands: Record<string, number>
  /** Students per home language (a language tag: 'en', 'es', 'zh-Hant'), when known. */
  languages: Record<string, number>
}

export type Field = keyof SchoolFields

/** A new school before any field is given. */
export const EMPTY_SCHOOL: SchoolFields = { code: '', name: '', stateCode: null, region: '', cohort: null, grades: '', street: null, city: null, zip: null, students: null, families: null, staff: null, gradeBands: {}, languages: {} }

export interface FieldProblem {
  field: Field
  message: string
}

export const MAX_ENROLLMENT = 1_000_000
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/
const ZIP = /^\d{5}(-\d{4})?$/
const LANGUAGE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/

/** California's 58 counties are numbered 01 (Alameda) to 58 (Yuba) in the first two digits of a CDS code. */
const COUNTIES = 58

/** A CDS code as people write it ('19 64733 1932334', '19-64733-1932334') as its 14 digits, or the reason it is not one. */
export function normalizeCdsCode(text: string): { code: string } | { problem: string } {
  const digits = text.replace(/[\s-]/g, '')
  const shown = text.trim()
  // A spreadsheet that took the code for a number drops the leading zero of counties 01 to 09; a code cut short
  // looks the same, so the person says which.
  if (/^[1-9]\d{12}$/.test(digits)) {
    return { problem: `The CDS code "${shown}" has 13 digits: if a spreadsheet dropped its leading zero, write it as text, as 0${digits}.` }
  }
  if (!/^\d{14}$/.test(digits)) return { problem: `The CDS code "${shown}" is not 14 digits (2 for the county, 5 for the district, 7 for the school).` }
  const code = digits
  const county = Number(code.slice(0, 2))
  if (county < 1 || county > COUNTIES) return { problem: `The CDS code "${shown}" starts with county ${code.slice(0, 2)}; California's counties are 01 to 58.` }
  const school = code.slice(7)
  if (school === '0000000') return { problem: `The CDS code "${shown}" ends in 0000000, which is a district's own code, not a school's.` }
  if (school === '0000001') return { problem: `The CDS code "${shown}" ends in 0000001, which stands for the district's nonpublic schools, not one school.` }
  return { code }
}

/** The district and school parts of a CDS code: the short code a school from the state's file starts with. */
export const cdsSchoolPart = (cds: string) => cds.slice(7)
/** The county and district parts (7 digits), which name a district across the state. */
export const cdsDistrictPart = (cds: string) => cds.slice(0, 7)

const GRADE_NAMES: Record<number, string> = { [-2]: 'PK', [-1]: 'TK', 0: 'K' }
const gradeName = (g: number) => GRADE_NAMES[g] ?? String(g)

/** A grade range written the way the directory shows it: 'TK-5', 'K', '9-12'. */
export function formatGradeRange(range: GradeRange): string {
  return range.from === range.to ? gradeName(range.from) : `${gradeName(range.from)}-${gradeName(range.to)}`
}

/** A grade band as instruments key it ('tk-2', '3-5'): the form enrollment by grade band is stored in. */
export const gradeBandKey = (range: GradeRange) => formatGradeRange(range).toLowerCase()

/** A language tag in its usual case: 'es', 'zh-Hant', 'pt-BR'. */
export function languageKey(tag: string): string {
  const [primary, ...rest] = tag.trim().split('-')
  const part = (p: string) => (p.length === 4 ? p[0].toUpperCase() + p.slice(1).toLowerCase() : p.length === 2 ? p.toUpperCase() : p.toLowerCase())
  return [primary.toLowerCase(), ...rest.map(part)].join('-')
}

const sum = (map: Record<string, number>) => Object.values(map).reduce((a, b) => a + b, 0)

function text(value: string | null, field: Field, label: string, max: number, problems: FieldProblem[]): string | null {
  if (value === null) return null
  const v = value.trim()
  if (v.length > max) problems.push({ field, message: `The ${label} is longer than ${max} characters.` })
  return v === '' ? null : v
}

function count(value: number | null, field: Field, label: string, problems: FieldProblem[]): number | null {
  if (value === null) return null
  if (!Number.isInteger(value) || value < 0 || value > MAX_ENROLLMENT) problems.push({ field, message: `The ${label} "${value}" is not a whole number from 0 to ${MAX_ENROLLMENT}.` })
  return value
}

/**
 * Normalizes a school's fields (trimmed text, the CDS code's 14 digits, grade spans and map keys written one way)
 * and checks each rule, naming the field of every problem. A school passes when `problems` is empty.
 */
export function checkSchool(input: SchoolFields): { school: SchoolFields; problems: FieldProblem[] } {
  const problems: FieldProblem[] = []
  const code = input.code.trim()
  if (code === '') problems.push({ field: 'code', message: "The school's code is empty." })
  else if (code.length > 40) problems.push({ field: 'code', message: "The school's code is longer than 40 characters." })
  else if (!CODE.test(code)) problems.push({ field: 'code', message: `The code "${code}" may hold only letters, digits, ".", "_" and "-", starting with a letter or digit.` })

  const name = input.name.trim()
  if (name === '') problems.push({ field: 'name', message: "The school's name is empty." })
  else if (name.length > 200) problems.push({ field: 'name', message: "The school's name is longer than 200 characters." })

  let stateCode: string | null = null
  if (input.stateCode !== null && input.stateCode.trim() !== '') {
    const cds = normalizeCdsCode(input.stateCode)
    if ('problem' in cds) problems.push({ field: 'stateCode', message: cds.problem })
    else stateCode = cds.code
  }

  const region = input.region.trim()
  if (region.length > 100) problems.push({ field: 'region', message: 'The region is longer than 100 characters.' })
  const cohort = text(input.cohort, 'cohort', 'cohort', 100, problems)

  const spans = parseGradeSpans(input.grades)
  let grades = input.grades.trim()
  if (grades === '') problems.push({ field: 'grades', message: 'The grade span is empty: write the grades the school teaches, such as TK-5, 6-8, 9-12 or K-8.' })
  else if (spans === null) problems.push({ field: 'grades', message: `The grade span "${grades}" is not grades from PK, TK and K to 12, such as TK-5, 6-8, 9-12 or "TK-5, 9-12".` })
  else grades = spans.map(formatGradeRange).join(', ')

  const street = text(input.street, 'street', 'street address', 200, problems)
  const city = text(input.city, 'city', 'city', 100, problems)
  const zip = text(input.zip, 'zip', 'ZIP code', 10, problems)
  if (zip !== null && !ZIP.test(zip)) problems.push({ field: 'zip', message: `The ZIP code "${zip}" is not 5 digits (or 5+4, as 90012-1234).` })

  const students = count(input.students, 'students', 'student enrollment', problems)
  const families = count(input.families, 'families', 'family enrollment', problems)
  const staff = count(input.staff, 'staff', 'staff headcount', problems)

  const gradeBands: Record<string, number> = {}
  const bandRanges: [string, GradeRange][] = []
  for (const [key, n] of Object.entries(input.gradeBands)) {
    const range = parseGradeRange(key)
    if (range === null) {
      problems.push({ field: 'gradeBands', message: `The grade band "${key}" is not a range of grades such as TK-2, 3-5, 6-8 or 9-12.` })
      continue
    }
    const band = gradeBandKey(range)
    if (!Number.isInteger(n) || n < 0 || n > MAX_ENROLLMENT) problems.push({ field: 'gradeBands', message: `The enrollment of grade band ${band} "${n}" is not a whole number from 0 to ${MAX_ENROLLMENT}.` })
    const overlap = bandRanges.find(([, r]) => r.from <= range.to && range.from <= r.to)
    if (overlap) problems.push({ field: 'gradeBands', message: `The grade bands ${overlap[0]} and ${band} overlap.` })
    // Overlap is enough, as for instruments (grade-spans.ts): the state's file writes a school with TK as K.
    else if (spans !== null && !spans.some((s) => s.from <= range.to && range.from <= s.to)) {
      problems.push({ field: 'gradeBands', message: `The grade band ${band} is outside the school's grades (${grades}).` })
    }
    bandRanges.push([band, range])
    gradeBands[band] = n
  }
  bandRanges.sort((a, b) => a[1].from - b[1].from)
  const sortedBands = Object.fromEntries(bandRanges.map(([band]) => [band, gradeBands[band]]))
  if (students !== null && sum(sortedBands) > students) {
    problems.push({ field: 'gradeBands', message: `The grade bands add up to ${sum(sortedBands)} students, more than the school's ${students} enrolled.` })
  }

  const languages: Record<string, number> = {}
  for (const [tag, n] of Object.entries(input.languages)) {
    if (!LANGUAGE.test(tag.trim())) {
      problems.push({ field: 'languages', message: `"${tag}" is not a language code such as en, es, ko, hy, vi, tl or zh-Hant.` })
      continue
    }
    const key = languageKey(tag)
    if (key in languages) problems.push({ field: 'languages', message: `The language ${key} is listed twice.` })
    if (!Number.isInteger(n) || n < 0 || n > MAX_ENROLLMENT) problems.push({ field: 'languages', message: `The enrollment of language ${key} "${n}" is not a whole number from 0 to ${MAX_ENROLLMENT}.` })
    languages[key] = n
  }
  const sortedLanguages = Object.fromEntries(Object.entries(languages).sort(([a], [b]) => a.localeCompare(b)))
  if (students !== null && sum(sortedLanguages) > students) {
    problems.push({ field: 'languages', message: `The home languages add up to ${sum(sortedLanguages)} students, more than the school's ${students} enrolled.` })
  }

  return {
    school: { code, name, stateCode, region, cohort, grades, street, city, zip, students, families, staff, gradeBands: sortedBands, languages: sortedLanguages },
    problems,
  }
}

/** Whether two schools' fields are the same (after checkSchool, so written the same way). */
export function sameValue(a: SchoolFields[Field], b: SchoolFields[Field]): boolean {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a)
    return ka.length === Object.keys(b).length && ka.every((k) => (a as Record<string, number>)[k] === (b as Record<string, number>)[k])
  }
  return a === b
}

export const FIELDS: readonly Field[] = ['code', 'name', 'stateCode', 'region', 'cohort', 'grades', 'street', 'city', 'zip', 'students', 'families', 'staff', 'gradeBands', 'languages']
