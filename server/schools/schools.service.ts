import type { Kysely } from 'kysely'
import { audit } from '../audit/audit.repository'
import type { SessionUser } from '../auth/auth.repository'
import { isDistrictStaff } from '../auth/policy'
import type { Database } from '../db/schema'
import { BadRequest, Conflict, NotFound } from '../errors'
import { importRefusal, isProblem, readTable, type TableProblem } from '../imports/read-table'
import { cdsSchoolPart, checkSchool, EMPTY_SCHOOL, FIELDS, normalizeCdsCode, sameValue, type Field, type FieldProblem, type SchoolFields } from './school-fields'
import { isStateLayout, planImport, readDistrictLayout, readStateLayout, type ExistingSchool, type PlannedRow } from './schools-file'
import * as repo from './schools.repository'
import type { ImportResult, NewSchool, School, SchoolChange } from './schools.schemas'

type Db = Kysely<Database>

/**
 * The schools directory. Every staff member reads it (a school team its own schools); district admins create,
 * change, archive and import schools (the routes say so), and each change is in the audit log: who, what, which
 * school. A school with responses, or that took part in an administration, is never deleted, only archived: its
 * history stays readable and it leaves the directory and new administrations.
 */

function fieldsOf(r: repo.SchoolRow): SchoolFields {
  return {
    code: r.code,
    name: r.name,
    stateCode: r.state_code,
    region: r.region,
    cohort: r.cohort,
    grades: r.grades,
    street: r.street,
    city: r.city,
    zip: r.zip,
    students: r.enrollment_students,
    families: r.enrollment_families,
    staff: r.enrollment_staff,
    gradeBands: r.enrollment_grade_bands,
    languages: r.enrollment_languages,
  }
}

function valuesOf(f: SchoolFields): repo.SchoolValues {
  return {
    code: f.code,
    name: f.name,
    state_code: f.stateCode,
    region: f.region,
    cohort: f.cohort,
    grades: f.grades,
    street: f.street,
    city: f.city,
    zip: f.zip,
    enrollment_students: f.students,
    enrollment_families: f.families,
    enrollment_staff: f.staff,
    enrollment_grade_bands: JSON.stringify(f.gradeBands),
    enrollment_languages: JSON.stringify(f.languages),
  }
}

function view(r: repo.SchoolRow): School {
  const { students, families, staff, gradeBands, languages, ...fields } = fieldsOf(r)
  return { id: r.id, ...fields, enrollment: { students, families, staff, gradeBands, languages }, archivedAt: r.archived_at ? r.archived_at.toISOString() : null }
}

/** The schools a staff member can see: every school for district staff, their own for a school team. */
export async function schoolsVisibleTo(db: Db, user: SessionUser, options: { archived?: boolean } = {}) {
  return (await repo.listSchools(db, isDistrictStaff(user) ? undefined : user.schoolIds, options)).map(view)
}

/** Where each field is in a request body, for the 400's details. */
const INPUT_PATH: Record<Field, string> = {
  code: 'code',
  name: 'name',
  stateCode: 'stateCode',
  region: 'region',
  cohort: 'cohort',
  grades: 'grades',
  street: 'street',
  city: 'city',
  zip: 'zip',
  students: 'enrollment.students',
  families: 'enrollment.families',
  staff: 'enrollment.staff',
  gradeBands: 'enrollment.gradeBands',
  languages: 'enrollment.languages',
}

function refusal(problems: FieldProblem[]): BadRequest {
  const more = problems.length - 1
  const message = more === 0 ? problems[0].message : `${problems[0].message} (And ${more} more problem${more === 1 ? '' : 's'}.)`
  return new BadRequest(message, problems.map((p) => ({ field: INPUT_PATH[p.field], message: p.message })))
}

/** The fields of a request body over a school's current ones (or a new school's empty ones). */
function overlay(base: SchoolFields, input: SchoolChange): SchoolFields {
  const e = input.enrollment ?? {}
  const pick = <T>(value: T | undefined, current: T) => (value === undefined ? current : value)
  return {
    code: pick(input.code, base.code),
    name: pick(input.name, base.name),
    stateCode: pick(input.stateCode, base.stateCode),
    region: pick(input.region, base.region),
    cohort: pick(input.cohort, base.cohort),
    grades: pick(input.grades, base.grades),
    street: pick(input.street, base.street),
    city: pick(input.city, base.city),
    zip: pick(input.zip, base.zip),
    students: pick(e.students, base.students),
    families: pick(e.families, base.families),
    staff: pick(e.staff, base.staff),
    gradeBands: pick(e.gradeBands, base.gradeBands),
    languages: pick(e.languages, base.languages),
  }
}

/** A unique constraint broken by a write: which code is taken, in words. */
function uniqueConflict(school: SchoolFields) {
  return (error: unknown): never => {
    const e = error as { code?: string; constraint?: string }
    if (e.code === '23505' && e.constraint === 'schools_code_key') throw new Conflict(`Another school has the code "${school.code}".`)
    if (e.code === '23505' && e.constraint === 'schools_state_code_key') throw new Conflict(`Another school has the CDS code ${school.stateCode}.`)
    throw error
  }
}

export async function createSchool(db: Db, user: SessionUser, input: NewSchool): Promise<School> {
  const fields = overlay(EMPTY_SCHOOL, input)
  if (!input.code) {
    const cds = fields.stateCode ? normalizeCdsCode(fields.stateCode) : null
    if (cds === null) throw new BadRequest('Give the school a code, or its CDS code to take one from.', [{ field: 'code', message: 'Give the school a code, or its CDS code to take one from.' }])
    if ('code' in cds) fields.code = cdsSchoolPart(cds.code)
  }
  const { school, problems } = checkSchool(fields)
  if (problems.length > 0) throw refusal(problems)
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertSchool(trx, valuesOf(school)).catch(uniqueConflict(school))
    await audit(trx, { actor: user, action: 'school.create', outcome: 'success', target: `school:${id}` })
    return view((await repo.findSchool(trx, id))!)
  })
}

/** Changes the fields given; a change that changes nothing writes nothing. */
export async function changeSchool(db: Db, user: SessionUser, id: number, input: SchoolChange): Promise<School> {
  return db.transaction().execute(async (trx) => {
    const row = await repo.findSchool(trx, id)
    if (!row) throw new NotFound(`There is no school ${id}.`)
    const before = fieldsOf(row)
    const { school, problems } = checkSchool(overlay(before, input))
    if (problems.length > 0) throw refusal(problems)
    const changed = FIELDS.filter((f) => !sameValue(before[f], school[f]))
    if (changed.length === 0) return view(row)
    const updated = await repo.updateSchool(trx, id, valuesOf(school)).catch(uniqueConflict(school))
    await audit(trx, { actor: user, action: 'school.update', outcome: 'success', target: `school:${id}`, detail: { fields: changed.map((f) => INPUT_PATH[f]) } })
    return view(updated!)
  })
}

/**
 * Archives a school (it leaves the directory and new administrations; its history stays), or brings one back. A
 * school collecting in an administration that has not ended is not archived: its posters still answer for it.
 */
export async function setArchived(db: Db, user: SessionUser, id: number, archived: boolean, now = new Date()): Promise<School> {
  return db.transaction().execute(async (trx) => {
    const row = await repo.findSchool(trx, id)
    if (!row) throw new NotFound(`There is no school ${id}.`)
    if ((row.archived_at !== null) === archived) throw new Conflict(`${row.name} ${archived ? 'is archived already' : 'is not archived'}.`)
    const open = archived ? await repo.openAdministrations(trx, id, now) : []
    if (open.length > 0) {
      throw new Conflict(`${row.name} takes part in ${open.map((n) => `"${n}"`).join(', ')}, which has not ended: take it out of the administration, or revoke its code, first.`)
    }
    const changed = await repo.setArchived(trx, id, archived)
    await audit(trx, { actor: user, action: archived ? 'school.archive' : 'school.restore', outcome: 'success', target: `school:${id}` })
    return view(changed!)
  })
}

/**
 * Deletes a school entered by mistake: only one with no responses that never took part in an administration.
 * Anything else is history, so it is archived instead.
 */
export async function deleteSchool(db: Db, user: SessionUser, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await repo.findSchool(trx, id)
    if (!row) throw new NotFound(`There is no school ${id}.`)
    const history = await repo.schoolHistory(trx, id)
    if (history.hasResponses) throw new Conflict(`${row.name} has responses, so it is never deleted: archive it instead.`)
    if (history.administrations.length > 0) {
      throw new Conflict(`${row.name} took part in ${history.administrations.map((n) => `"${n}"`).join(', ')}, so it is kept: archive it instead.`)
    }
    await repo.deleteSchool(trx, id).catch((error: { code?: string }) => {
      throw error.code === '23503' ? new Conflict(`Instrument versions or drafts of ${row.name}'s own refer to it, so it is kept: archive it instead.`) : error
    })
    await audit(trx, { actor: user, action: 'school.delete', outcome: 'success', target: `school:${id}` })
  })
}

/** Refuses archived schools joining an administration: the directory no longer offers them. */
export async function assertNotArchived(db: Db, schoolIds: number[]): Promise<void> {
  const archived = await repo.archivedAmong(db, schoolIds)
  if (archived.length > 0) throw new BadRequest(`${archived.map((s) => s.name).join(', ')} ${archived.length === 1 ? 'is' : 'are'} archived: restore ${archived.length === 1 ? 'it' : 'them'} in the school directory first.`)
}

class PlanProblems extends Error {
  constructor(readonly problems: TableProblem[]) {
    super('the import file has problems')
  }
}

const byLine = (a: TableProblem, b: TableProblem) => a.line - b.line

/**
 * A schools file: the district's layout (CSV or XLSX) or the state's public schools file. Every row is checked
 * first and every problem named by line and column; with any problem nothing is written. A preview stops there and
 * says what each row would do. Otherwise all rows go in one transaction: new schools created, changed ones updated
 * (by CDS code, else by code), the same file a second time changing nothing. An import never archives or deletes.
 */
/** `user` is null from the command line (npm run schools:import), which the audit log says instead of a name. */
export async function importSchools(db: Db, user: SessionUser | null, file: Uint8Array, options: { preview: boolean; district?: string }): Promise<ImportResult> {
  const via = user === null ? { via: 'command line' } : {}
  const failed = async (problems: TableProblem[]): Promise<never> => {
    await audit(db, { actor: user, action: 'school.import', outcome: 'failure', detail: { ...via, problems: problems.length, firstLine: problems[0].line } })
    throw importRefusal(problems)
  }
  const read = await readTable(file)
  if (isProblem(read)) return failed([read])
  if (read.header.every((h) => h === '')) return failed([{ line: 1, message: 'The file is empty.' }])
  const state = isStateLayout(read.header)
  const parsed = state ? readStateLayout(read, options.district) : { ...readDistrictLayout(read), selection: null }
  // Without rows (a bad header, the state's file without a district) there is nothing more to check.
  if (parsed.rows.length === 0) return failed(parsed.problems)
  // Cells that did not read are named with what the plan finds, so one preview lists every problem.
  const fileProblems = [...(state ? [] : read.widthProblems), ...parsed.problems]

  const run = async (trx: Db, write: boolean): Promise<PlannedRow[]> => {
    const existing: ExistingSchool[] = (write ? await repo.schoolsForUpdate(trx) : await repo.listSchools(trx, undefined, { archived: true })).map((r) => ({ ...fieldsOf(r), id: r.id, archived: r.archived_at !== null }))
    const { plan, problems } = planImport(parsed.rows, existing)
    if (fileProblems.length + problems.length > 0) throw new PlanProblems([...fileProblems, ...problems].sort(byLine))
    if (!write) return plan
    for (const row of plan) {
      if (row.action === 'create') {
        const id = await repo.insertSchool(trx, valuesOf(row.school))
        row.id = id
        await audit(trx, { actor: user, action: 'school.create', outcome: 'success', target: `school:${id}`, detail: { ...via, import: true } })
      } else if (row.action === 'update') {
        await repo.updateSchool(trx, row.id!, valuesOf(row.school))
        await audit(trx, { actor: user, action: 'school.update', outcome: 'success', target: `school:${row.id}`, detail: { ...via, import: true, fields: row.changes.map((c) => c.column) } })
      }
    }
    return plan
  }

  let plan: PlannedRow[]
  try {
    plan = options.preview
      ? await run(db, false)
      : await db.transaction().execute(async (trx) => {
          const plan = await run(trx, true)
          await audit(trx, { actor: user, action: 'school.import', outcome: 'success', detail: { ...via, layout: state ? 'state' : 'district', ...summaryOf(plan) } })
          return plan
        })
  } catch (error) {
    if (error instanceof PlanProblems) return failed(error.problems)
    // Two imports at once may both create the same school: the second is told to run again.
    if ((error as { code?: string }).code === '23505') throw new Conflict('The schools changed while importing; nothing was imported. Import the file again.')
    throw error
  }
  return {
    preview: options.preview,
    layout: state ? 'state' : 'district',
    state: parsed.selection,
    summary: summaryOf(plan),
    rows: plan.map((r) => ({ line: r.line, action: r.action, id: r.id, code: r.school.code, name: r.school.name, archived: r.archived, changes: r.changes })),
  }
}

function summaryOf(plan: PlannedRow[]) {
  const count = (action: PlannedRow['action']) => plan.filter((r) => r.action === action).length
  return { created: count('create'), updated: count('update'), unchanged: count('unchanged') }
}
