import type { Table as ExportTable } from '../exports/tables'
import type { Table, TableProblem } from '../imports/read-table'
import { parseGradeSpans } from './grade-spans'
import { cdsDistrictPart, cdsSchoolPart, checkSchool, EMPTY_SCHOOL, FIELDS, formatGradeRange, normalizeCdsCode, sameValue, type Field, type SchoolFields } from './school-fields'

/**
 * The schools directory as a file, both ways: the district's own layout (the template; columns in any order, only
 * `code` or `cds_code` required) and the California Department of Education's public schools file as it is
 * published (pubschls.txt), which the same import reads. Pure: the service passes the schools that exist.
 */

/** The district layout's columns, each with the field it fills and what a person writes in it. */
export const COLUMNS: readonly { column: string; field: Field; help: string }[] = [
  { column: 'code', field: 'code', help: "The district's own short code for the school (letters, digits, . _ -). A new school needs one, or a cds_code to take it from." },
  { column: 'name', field: 'name', help: "The school's name." },
  { column: 'cds_code', field: 'stateCode', help: 'California CDS code, 14 digits: county (2), district (5), school (7). Spaces and dashes are fine.' },
  { column: 'region', field: 'region', help: 'The region or area the district groups the school in; may be empty.' },
  { column: 'cohort', field: 'cohort', help: 'The community-schools cohort, if any.' },
  { column: 'grades', field: 'grades', help: 'Grades taught: PK, TK, K and 1-12 as spans, such as TK-5, 6-8, 9-12, or "TK-5, 9-12".' },
  { column: 'street', field: 'street', help: 'Street address.' },
  { column: 'city', field: 'city', help: 'City.' },
  { column: 'zip', field: 'zip', help: 'ZIP code: 5 digits, or 5+4.' },
  { column: 'enrollment_students', field: 'students', help: 'Students enrolled (the response-rate target for students).' },
  { column: 'enrollment_families', field: 'families', help: 'Families (households) with a child enrolled.' },
  { column: 'enrollment_staff', field: 'staff', help: 'Staff headcount.' },
  { column: 'enrollment_grade_bands', field: 'gradeBands', help: 'Students per grade band, when known: "TK-2: 230; 3-5: 250".' },
  { column: 'enrollment_languages', field: 'languages', help: 'Students per home language (language codes), when known: "en: 260; es: 190; hy: 30".' },
]

const COLUMN_OF = new Map(COLUMNS.map((c) => [c.field, c.column]))
const NUMBER_FIELDS: readonly Field[] = ['students', 'families', 'staff']
const MAP_FIELDS: readonly Field[] = ['gradeBands', 'languages']
const NULLABLE_TEXT: readonly Field[] = ['stateCode', 'cohort', 'street', 'city', 'zip']
const LABELS: Record<Field, string> = {
  code: 'code',
  name: 'name',
  stateCode: 'CDS code',
  region: 'region',
  cohort: 'cohort',
  grades: 'grade span',
  street: 'street address',
  city: 'city',
  zip: 'ZIP code',
  students: 'student enrollment',
  families: 'family enrollment',
  staff: 'staff headcount',
  gradeBands: 'enrollment by grade band',
  languages: 'enrollment by home language',
}

/** One school as a file gives it: only the fields its columns hold, and where each came from. */
export interface FileRow {
  line: number
  values: Partial<SchoolFields>
  /** The header's name for each field the file gives (the column problems are named by). */
  columns: Partial<Record<Field, string>>
  /** The state's file: a new school's code is the school part of its CDS code, and a school may be found by name. */
  fromState: boolean
}

export interface ExistingSchool extends SchoolFields {
  id: number
  archived: boolean
}

export interface Change {
  column: string
  from: string
  to: string
}

export interface PlannedRow {
  line: number
  action: 'create' | 'update' | 'unchanged'
  /** The school it updates; null for a new one. */
  id: number | null
  school: SchoolFields
  changes: Change[]
  archived: boolean
}

/** How a field reads in a file: maps as "tk-2: 230; 3-5: 250", nothing as an empty cell. */
export function cellOf(field: Field, value: SchoolFields[Field]): string {
  if (value === null || value === undefined) return ''
  if (MAP_FIELDS.includes(field)) return Object.entries(value as Record<string, number>).map(([k, n]) => `${k}: ${n}`).join('; ')
  return String(value)
}

const normalizeHeader = (h: string) => h.trim().toLowerCase().replace(/[\s-]+/g, '_')

function parseCount(text: string): number | null | undefined {
  if (text === '') return null
  if (/^\d{1,3}(,\d{3})+$/.test(text) || /^\d+$/.test(text)) return Number(text.replace(/,/g, ''))
  return undefined
}

function parseMap(text: string): Record<string, number> | string {
  const map: Record<string, number> = {}
  for (const part of text.split(';').map((p) => p.trim()).filter((p) => p !== '')) {
    const m = /^(.+?)\s*[:=]\s*(\S+)$/.exec(part)
    const n = m ? parseCount(m[2]) : undefined
    if (!m || n === undefined || n === null) return part
    map[m[1].trim()] = n
  }
  return map
}

/** The district layout: a row per school, the cells of the columns present parsed, and every problem by line and column. */
export function readDistrictLayout(table: Table): { rows: FileRow[]; problems: TableProblem[] } {
  const problems: TableProblem[] = []
  const at = table.headerLine
  const fieldAt = new Map<number, Field>()
  const seen = new Map<string, string>()
  table.header.forEach((name, i) => {
    const known = COLUMNS.find((c) => c.column === normalizeHeader(name))
    if (!known) {
      problems.push({ line: at, column: name, message: `"${name}" is not a column of the schools file; the columns are ${COLUMNS.map((c) => c.column).join(', ')}.` })
      return
    }
    if (seen.has(known.column)) {
      problems.push({ line: at, column: name, message: `The column ${known.column} is in the header twice.` })
      return
    }
    seen.set(known.column, name)
    fieldAt.set(i, known.field)
  })
  if (!seen.has('code') && !seen.has('cds_code')) {
    problems.push({ line: at, message: 'The header needs a code or a cds_code column to know each school by. Start from the template.' })
  }
  if (problems.length > 0) return { rows: [], problems }

  const rows: FileRow[] = []
  for (const { line, cells } of table.rows) {
    if (cells.every((c) => c === '')) continue
    const values: Partial<Record<Field, unknown>> = {}
    const columns: Partial<Record<Field, string>> = {}
    for (const [i, field] of fieldAt) {
      const cell = cells[i]
      const column = table.header[i]
      columns[field] = column
      if (NUMBER_FIELDS.includes(field)) {
        const n = parseCount(cell)
        if (n === undefined) problems.push({ line, column, message: `The ${LABELS[field]} "${cell}" is not a whole number (leave it empty when unknown).` })
        else values[field] = n
      } else if (MAP_FIELDS.includes(field)) {
        const map = parseMap(cell)
        if (typeof map === 'string') problems.push({ line, column, message: `"${map}" is not written as a ${field === 'gradeBands' ? 'grade band' : 'language code'} and a number, such as "${field === 'gradeBands' ? '3-5: 250' : 'es: 190'}"; separate them with ";".` })
        else values[field] = map
      } else {
        values[field] = NULLABLE_TEXT.includes(field) && cell === '' ? null : cell
      }
    }
    rows.push({ line, values: values as Partial<SchoolFields>, columns, fromState: false })
  }
  if (rows.length === 0 && problems.length === 0) problems.push({ line: at, message: 'The file has no schools under its header.' })
  return { rows, problems }
}

/** The columns of the state's file this import reads (it has many more: phone, charter, coordinates, …). */
export const STATE_COLUMNS = ['CDSCode', 'StatusType', 'County', 'District', 'School', 'Street', 'City', 'Zip', 'GSoffered', 'GSserved'] as const

/** Whether a header is the California Department of Education's public schools file. */
export function isStateLayout(header: string[]): boolean {
  const names = new Set(header.map((h) => h.toLowerCase()))
  return names.has('cdscode') && names.has('statustype')
}

/**
 * A grade span as the state's file writes it ('K-5', 'P-8', '9-12', 'K', '9-Adult') in the directory's form, or
 * null when the school teaches no grade from K to 12 (adult education, preschool only, 'No Data').
 */
export function stateGrades(text: string): string | null {
  const token = (t: string) => (t === 'P' ? 'PK' : /^adult$/i.test(t) ? '12' : t)
  const parts = text.trim().split('-')
  if (parts.length > 2 || parts.some((p) => !/^(P|K|\d{1,2}|Adult)$/i.test(p))) return null
  if (parts.every((p) => /^adult$/i.test(p))) return null
  const spans = parseGradeSpans(parts.map(token).join('-'))
  if (spans === null || spans[0].to < 0) return null
  return spans.map(formatGradeRange).join(', ')
}

export interface StateSelection {
  district: string
  county: string
  /** Rows in the file, and why rows of the district were left out. */
  rows: number
  leftOut: { notOpen: number; districtOffice: number; noGrades: number }
}

const simple = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ')
const NO_DATA = (s: string) => (s === '' || /^no data$/i.test(s) ? null : s)

/**
 * The state's file: the open schools ("Active") of the district named (as the file writes its name, or by its
 * 7-digit county and district code), each with its CDS code, name, address and grade span. Regions, cohorts and
 * enrollment are not in it: they stay as they are, and the district adds them after.
 */
export function readStateLayout(table: Table, district: string | undefined): { rows: FileRow[]; problems: TableProblem[]; selection: StateSelection | null } {
  const at = table.headerLine
  const index = new Map(table.header.map((h, i) => [h.toLowerCase(), i]))
  const missing = STATE_COLUMNS.filter((c) => !index.has(c.toLowerCase()))
  if (missing.length > 0) return { rows: [], selection: null, problems: [{ line: at, message: `This looks like the state's schools file but lacks the column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}.` }] }
  const cell = (cells: string[], column: (typeof STATE_COLUMNS)[number]) => cells[index.get(column.toLowerCase())!] ?? ''
  const wanted = district?.trim() ?? ''
  if (wanted === '') {
    return {
      rows: [],
      selection: null,
      problems: [{ line: at, message: 'This is the state\'s schools file, which lists every district in California: name your district as the file writes it (such as "Los Angeles Unified") or by its 7-digit county and district code.' }],
    }
  }
  const byCode = /^\d{7}$/.test(wanted)
  const mine = table.rows.filter((r) => (byCode ? cdsDistrictPart(cell(r.cells, 'CDSCode').replace(/\D/g, '').padStart(14, '0')) === wanted : simple(cell(r.cells, 'District')) === simple(wanted)))
  if (mine.length === 0) {
    const near = [...new Set(table.rows.map((r) => cell(r.cells, 'District')).filter((d) => simple(d).includes(simple(wanted).split(' ')[0])))].slice(0, 5)
    return { rows: [], selection: null, problems: [{ line: at, message: `The file has no district ${byCode ? `with the code ${wanted}` : `named "${wanted}"`}.${near.length > 0 ? ` Districts with a similar name: ${near.join(', ')}.` : ''}` }] }
  }
  const districts = new Map(mine.map((r) => [cdsDistrictPart(cell(r.cells, 'CDSCode').padStart(14, '0')), `${cell(r.cells, 'District')} (${cell(r.cells, 'County')} County)`]))
  if (districts.size > 1) {
    const list = [...districts].map(([code, name]) => `${name}: ${code}`).join('; ')
    return { rows: [], selection: null, problems: [{ line: at, message: `"${wanted}" names more than one district (${list}); name yours by its 7-digit code.` }] }
  }

  const leftOut = { notOpen: 0, districtOffice: 0, noGrades: 0 }
  const rows: FileRow[] = []
  const columns: Partial<Record<Field, string>> = { code: 'CDSCode', stateCode: 'CDSCode', name: 'School', street: 'Street', city: 'City', zip: 'Zip', grades: 'GSoffered' }
  for (const { line, cells } of mine) {
    const cds = cell(cells, 'CDSCode')
    if (cell(cells, 'StatusType') !== 'Active') leftOut.notOpen++
    else if (/0000000$/.test(cds) || NO_DATA(cell(cells, 'School')) === null) leftOut.districtOffice++
    else {
      const grades = stateGrades(cell(cells, 'GSoffered')) ?? stateGrades(cell(cells, 'GSserved'))
      if (grades === null) leftOut.noGrades++
      else {
        const values: Partial<SchoolFields> = { stateCode: cds, name: cell(cells, 'School'), street: NO_DATA(cell(cells, 'Street')), city: NO_DATA(cell(cells, 'City')), zip: NO_DATA(cell(cells, 'Zip')), grades }
        rows.push({ line, values, columns, fromState: true })
      }
    }
  }
  const first = mine[0].cells
  const selection = { district: cell(first, 'District'), county: cell(first, 'County'), rows: table.rows.length, leftOut }
  if (rows.length === 0) return { rows, selection, problems: [{ line: at, message: `The file has no open school of ${selection.district} (${selection.county} County) that teaches grades K to 12.` }] }
  return { rows, selection, problems: [] }
}

/**
 * What importing the rows would do, against the schools that exist: a row is the school with its CDS code, else
 * the one with its code (else, from the state's file, the one of the same name without a CDS code), else a new
 * school. Fields whose column the file lacks stay as they are; an empty cell empties a field. Every problem is
 * named by line and column, and a file with any problem changes nothing.
 */
export function planImport(rows: FileRow[], existing: ExistingSchool[]): { plan: PlannedRow[]; problems: TableProblem[] } {
  const problems: TableProblem[] = []
  const plan: PlannedRow[] = []
  const byCds = new Map(existing.filter((s) => s.stateCode !== null).map((s) => [s.stateCode!, s]))
  const byCode = new Map(existing.map((s) => [s.code, s]))
  const byName = new Map(existing.filter((s) => s.stateCode === null).map((s) => [simple(s.name), s]))
  const codesInFile = new Map<string, number>()
  const cdsInFile = new Map<string, number>()
  const matched = new Map<number, number>()

  for (const row of rows) {
    const columnOf = (field: Field) => row.columns[field] ?? COLUMN_OF.get(field)!
    const bad = (field: Field | null, message: string) => problems.push({ line: row.line, ...(field ? { column: columnOf(field) } : {}), message })
    const before = problems.length
    /** Fields a problem was named for already (checkSchool would say the same again). */
    const named = new Set<Field>()

    let cds: string | null = null
    if (row.values.stateCode) {
      const n = normalizeCdsCode(row.values.stateCode)
      if ('problem' in n) named.add('stateCode')
      else cds = n.code
    }
    const code = row.values.code?.trim() || null
    const found = (cds !== null ? byCds.get(cds) : undefined) ?? (code !== null ? byCode.get(code) : undefined) ?? (row.fromState && row.values.name ? byName.get(simple(row.values.name)) : undefined)

    const values = { ...row.values }
    // An empty code cell keeps a school's code (a new one takes the school part of its CDS code).
    if (code === null) delete values.code
    const merged: SchoolFields = { ...(found ?? EMPTY_SCHOOL), ...values }
    if (!found) {
      if (code === null && cds !== null) merged.code = cdsSchoolPart(cds)
      else if (code === null) {
        bad(row.columns.code ? 'code' : null, row.columns.code ? 'A new school needs a code (or a cds_code to take it from).' : 'This school is new, and the file gives it no code: add a code or a cds_code column.')
        named.add('code')
      }
      for (const field of ['name', 'grades'] as const) {
        if (row.columns[field] === undefined) {
          bad(null, `This school is new, and the file has no ${COLUMN_OF.get(field)} column to give its ${LABELS[field]}.`)
          named.add(field)
        }
      }
    }
    const checked = checkSchool(merged)
    for (const p of checked.problems) if (p.field === 'stateCode' || !named.has(p.field)) bad(p.field, p.message)
    const school = checked.school

    if (found && matched.has(found.id)) {
      bad(cds !== null && found.stateCode === cds ? 'stateCode' : 'code', `This is the same school as on line ${matched.get(found.id)} (${found.name}).`)
      continue
    }
    if (found) matched.set(found.id, row.line)
    if (school.code !== '' && !named.has('code')) {
      const holder = byCode.get(school.code)
      if (codesInFile.has(school.code)) bad('code', `The code "${school.code}" is on line ${codesInFile.get(school.code)} already.`)
      else if (holder && holder.id !== found?.id) bad('code', `The code "${school.code}" belongs to another school, ${holder.name}.`)
      else codesInFile.set(school.code, row.line)
    }
    if (school.stateCode !== null) {
      const holder = byCds.get(school.stateCode)
      if (cdsInFile.has(school.stateCode)) bad('stateCode', `The CDS code ${school.stateCode} is on line ${cdsInFile.get(school.stateCode)} already.`)
      else if (holder && holder.id !== found?.id) bad('stateCode', `The CDS code ${school.stateCode} belongs to another school, ${holder.name}.`)
      else cdsInFile.set(school.stateCode, row.line)
    }
    if (problems.length > before) continue

    const changes = found
      ? FIELDS.filter((f) => !sameValue(found[f], school[f])).map((f) => ({ column: COLUMN_OF.get(f)!, from: cellOf(f, found[f]), to: cellOf(f, school[f]) }))
      : []
    plan.push({ line: row.line, action: found ? (changes.length > 0 ? 'update' : 'unchanged') : 'create', id: found?.id ?? null, school, changes, archived: found?.archived ?? false })
  }
  return { plan, problems }
}

/** The template: the district layout's header and two example schools to overwrite. */
export function templateTable(): ExportTable {
  const examples: SchoolFields[] = [
    { code: 'LINC', name: 'Lincoln Elementary', stateCode: null, region: 'North', cohort: '2026', grades: 'TK-5', street: '1200 Lincoln Ave', city: 'Pasadena', zip: '91103', students: 480, families: 390, staff: 36, gradeBands: { 'tk-2': 230, '3-5': 250 }, languages: { en: 260, es: 190, hy: 30 } },
    { code: 'ROOS', name: 'Roosevelt High', stateCode: null, region: 'South', cohort: null, grades: '9-12', street: '456 Fremont St', city: 'Los Angeles', zip: '90033', students: 1650, families: 1400, staff: 110, gradeBands: {}, languages: {} },
  ]
  return { name: 'Schools', columns: COLUMNS.map((c) => c.column), rows: examples.map((s) => COLUMNS.map((c) => cellOf(c.field, s[c.field]) || null)) }
}
