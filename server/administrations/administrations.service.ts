import type { Kysely, Transaction } from 'kysely'
import { ANALYSTS_READ_ONLY, isDistrictStaff } from '../auth/policy'
import type { SessionUser } from '../auth/auth.repository'
import { audit } from '../audit/audit.repository'
import type { Database, Role, RunBy } from '../db/schema'
import { BadRequest, Conflict, Forbidden, HttpError, NotFound } from '../errors'
import type { DefinitionIndex } from '../instruments/definition-index'
import { getCompiledVersion } from '../instruments/instruments.service'
import { assertNotArchived } from '../schools/schools.service'
import { generateCode } from './access-codes'
import { normalizeCode } from '../vocabulary/access-codes'
import { offerAtSchool, versionAtSchool } from './grade-offer'
import {
  administrationCodes,
  administrationInstruments,
  clearSchoolVersion,
  clearSchoolVersionsOf,
  clearSchoolVersionsOutside,
  existingSchools,
  findAdministrationRow,
  hasResponses,
  insertAdministration,
  insertCode,
  listAdministrations,
  lockAdministration,
  publishedVersion,
  removeSchools,
  replaceInstruments,
  revokeLiveCode,
  schoolVersions,
  setSchoolVersion,
  updateAdministration,
} from './administrations.repository'
import { parseLocalDateTime, toLocalDateTime, windowStatus, zonedToInstant, type WindowStatus } from './window'
import type { AdministrationChange, AdministrationInput } from './administrations.schemas'


type AdministrationRow = NonNullable<Awaited<ReturnType<typeof findAdministrationRow>>>

const OUTSIDE_SCHOOLS = 'This administration includes schools outside your account; a district admin runs it.'
const DISTRICT_RUNS = 'The district runs this administration; only a district admin can change it.'

/** Tries before giving up on a fresh code; with 31^8 codes a second try is already rare. */
const CODE_ATTEMPTS = 8

/**
 * A new access code for a school, retried on the rare collision with any code ever issued (codes are never
 * reused, so an old poster cannot open a new survey).
 */
export async function issueCode(trx: Transaction<Database>, administrationId: number, schoolId: number, random?: () => number) {
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const row = await insertCode(trx, { code: generateCode(random), administration_id: administrationId, school_id: schoolId })
    if (row) return row
  }
  throw new HttpError(503, 'no_free_code', `No free access code after ${CODE_ATTEMPTS} tries; try again.`)
}

/** A closed administration: closed by staff for good, or a window that ran out, which extending opens again. */
function closedConflict(current: { closed_at: Date | null }, closedByStaff: string): Conflict {
  return new Conflict(current.closed_at === null ? "This administration's window has ended; extend it to open it again." : closedByStaff)
}

function assertMayRun(user: SessionUser, schoolIds: number[]): void {
  if (user.role === 'district-analyst') throw new Forbidden(ANALYSTS_READ_ONLY)
  if (user.role === 'district-admin') return
  if (schoolIds.some((id) => !user.schoolIds.includes(id))) throw new Forbidden('Your account can run administrations only for its own schools.')
}

/**
 * May this person change the whole administration (window, versions, schools)? Admins, and teams whose schools are
 * all of a school-run one. A district-run one's window is a baseline for every school's change figures and
 * default profile, so a team that could move it (back-date it, open it early) could flip them.
 */
async function assertMayChange(db: Kysely<Database> | Transaction<Database>, user: SessionUser, administration: { id: number; run_by: RunBy }): Promise<void> {
  const { id } = administration
  if (user.role === 'district-analyst') throw new Forbidden(ANALYSTS_READ_ONLY)
  if (user.role === 'district-admin') return
  const schools = [...new Set((await administrationCodes(db, id)).map((c) => c.school_id))]
  if (!schools.some((s) => user.schoolIds.includes(s))) throw new NotFound(`No administration with id ${id}.`)
  if (schools.some((s) => !user.schoolIds.includes(s))) throw new Forbidden(OUTSIDE_SCHOOLS)
  if (administration.run_by !== 'school') throw new Forbidden(DISTRICT_RUNS)
}

async function assertMaySeeSchool(db: Kysely<Database>, user: SessionUser, id: number, schoolId: number): Promise<void> {
  const codes = await administrationCodes(db, id)
  const visible = isDistrictStaff(user) || codes.some((c) => user.schoolIds.includes(c.school_id))
  if (!visible) throw new NotFound(`No administration with id ${id}.`)
  if (!codes.some((c) => c.school_id === schoolId)) throw new NotFound(`School ${schoolId} does not take part in this administration.`)
  if (user.role === 'district-analyst') throw new Forbidden(ANALYSTS_READ_ONLY)
  if (!isDistrictStaff(user) && !user.schoolIds.includes(schoolId)) throw new Forbidden('Your account can see only its own schools.')
}

function window(input: { opensAt: string; closesAt: string }, timeZone: string) {
  for (const [field, value] of [['opensAt', input.opensAt], ['closesAt', input.closesAt]] as const) {
    if (!parseLocalDateTime(value)) throw new BadRequest(`${field} must be a date and time such as 2026-09-08T07:30 (got ${value}).`)
  }
  const opens = zonedToInstant(input.opensAt, timeZone)
  const closes = zonedToInstant(input.closesAt, timeZone)
  if (closes <= opens) throw new BadRequest('The window must close after it opens.')
  return { opens, closes }
}

/** The versions offered, one per instrument, each published; the role comes from the instrument. */
async function resolveOffers(db: Kysely<Database> | Transaction<Database>, instruments: { slug: string; version: number }[]) {
  const slugs = instruments.map((i) => i.slug)
  const repeated = slugs.find((s, i) => slugs.indexOf(s) !== i)
  if (repeated) throw new BadRequest(`Offer one version of ${repeated}, not several.`)
  const offers: { versionId: number; role: Role; slug: string; version: number }[] = []
  for (const wanted of instruments) {
    const v = await publishedVersion(db, wanted.slug, wanted.version)
    if (!v || v.status !== 'published') throw new BadRequest(`There is no published version ${wanted.version} of ${wanted.slug}.`)
    if (ownerSchool(v) !== null) throw new BadRequest(`Version ${wanted.version} of ${wanted.slug} is one school's own; offer a district version here and choose the school's own for that school.`)
    offers.push({ versionId: v.id, role: v.role, slug: v.slug, version: v.version })
  }
  return offers
}

/** The school a version belongs to (a designer version), or null for a district version. */
function ownerSchool(version: object): number | null {
  return (version as { owner_school_id?: number | null }).owner_school_id ?? null
}

async function assertSchoolsExist(db: Kysely<Database> | Transaction<Database>, ids: number[]) {
  const found = new Set((await existingSchools(db, ids)).map((s) => s.id))
  const missing = ids.find((id) => !found.has(id))
  if (missing !== undefined) throw new BadRequest(`There is no school ${missing}.`)
}

export async function createAdministration(db: Kysely<Database>, user: SessionUser, input: AdministrationInput, timeZone: string, now = new Date()) {
  const schoolIds = [...new Set(input.schoolIds)]
  assertMayRun(user, schoolIds)
  const name = input.name.trim()
  if (!name) throw new BadRequest('Give the administration a name, such as 2026-27 fall ANA.')
  const { opens, closes } = window(input, timeZone)
  if (closes <= now) throw new BadRequest('The window must close in the future.')
  await assertSchoolsExist(db, schoolIds)
  await assertNotArchived(db, schoolIds)
  const offers = await resolveOffers(db, input.instruments)
  // A school team's administration is its own; only the district's are baselines for everyone's figures.
  const runBy: RunBy = user.role === 'district-admin' ? 'district' : 'school'

  const id = await db.transaction().execute(async (trx) => {
    const { id } = await insertAdministration(trx, { name, opens_at: opens, closes_at: closes, mode: input.mode, time_zone: timeZone, run_by: runBy })
    await replaceInstruments(trx, id, offers)
    for (const schoolId of schoolIds) await issueCode(trx, id, schoolId)
    return id
  })
  await audit(db, {
    actor: user,
    action: 'administration.create',
    outcome: 'success',
    target: `administration:${id}`,
    detail: { name, runBy, opensAt: input.opensAt, closesAt: input.closesAt, timeZone, mode: input.mode, instruments: input.instruments, schools: schoolIds },
  })
  return administrationDetail(db, user, id, now)
}

/**
 * Edits an administration. Before it opens anything may change; once open, the window moves only by opening,
 * extending or closing, and schools can join but not leave once they have answered; the instrument versions
 * are fixed from the first response, so every response of an administration answered the same questions.
 */
export async function changeAdministration(db: Kysely<Database>, user: SessionUser, id: number, change: AdministrationChange, now = new Date()) {
  const changed = await db.transaction().execute(async (trx) => {
    const current = await lockAdministration(trx, id)
    if (!current) throw new NotFound(`No administration with id ${id}.`)
    await assertMayChange(trx, user, current)
    const status = windowStatus(current, now)
    if (status === 'closed') throw closedConflict(current, 'This administration is closed; it can no longer be changed. Make a new administration instead.')

    const values: Parameters<typeof updateAdministration>[2] = {}
    const fields: string[] = []
    if (change.name !== undefined) {
      const name = change.name.trim()
      if (!name) throw new BadRequest('Give the administration a name, such as 2026-27 fall ANA.')
      values.name = name
      fields.push('name')
    }
    if (change.mode !== undefined) {
      values.mode = change.mode
      fields.push('mode')
    }
    if (change.opensAt !== undefined || change.closesAt !== undefined) {
      if (status !== 'scheduled') throw new Conflict('This administration is open: its window can only be extended or closed, not edited.')
      const { opens, closes } = window(
        { opensAt: change.opensAt ?? toLocalDateTime(current.opens_at, current.time_zone), closesAt: change.closesAt ?? toLocalDateTime(current.closes_at, current.time_zone) },
        current.time_zone,
      )
      if (closes <= now) throw new BadRequest('The window must close in the future.')
      values.opens_at = opens
      values.closes_at = closes
      fields.push('window')
    }
    if (change.instruments !== undefined) {
      if (await hasResponses(trx, id)) {
        throw new Conflict(
          'Responses have already come in under these instrument versions, so they cannot change: everyone in one administration answers the same questions. Make a new administration, or publish a new version for the next one.',
        )
      }
      const offers = await resolveOffers(trx, change.instruments)
      await replaceInstruments(trx, id, offers)
      // A school's own version stands in for a role the administration asks; a role no longer asked takes it along.
      await clearSchoolVersionsOutside(trx, id, offers.map((o) => o.role))
      fields.push('instruments')
    }
    if (change.schoolIds !== undefined) {
      const wanted = [...new Set(change.schoolIds)]
      assertMayRun(user, wanted)
      await assertSchoolsExist(trx, wanted)
      const present = [...new Set((await administrationCodes(trx, id)).map((c) => c.school_id))]
      await assertNotArchived(trx, wanted.filter((s) => !present.includes(s)))
      const leaving = present.filter((s) => !wanted.includes(s))
      if (leaving.length > 0 && (await hasResponses(trx, id, { schoolIds: leaving }))) {
        throw new Conflict('A school that has responses cannot leave the administration; revoke its code to stop new responses instead.')
      }
      if (leaving.length > 0) {
        await clearSchoolVersionsOf(trx, id, leaving)
        await removeSchools(trx, id, leaving)
      }
      for (const schoolId of wanted.filter((s) => !present.includes(s))) await issueCode(trx, id, schoolId)
      fields.push('schools')
    }
    if (fields.length === 0) throw new BadRequest('Nothing to change: send at least one of name, opensAt, closesAt, mode, instruments, schoolIds.')
    await updateAdministration(trx, id, values)
    return fields
  })
  await audit(db, { actor: user, action: 'administration.update', outcome: 'success', target: `administration:${id}`, detail: { fields: changed, ...change } })
  return administrationDetail(db, user, id, now)
}

/** Open now, before the planned start. */
export async function openNow(db: Kysely<Database>, user: SessionUser, id: number, now = new Date()) {
  await db.transaction().execute(async (trx) => {
    const current = await lockAdministration(trx, id)
    if (!current) throw new NotFound(`No administration with id ${id}.`)
    await assertMayChange(trx, user, current)
    const status = windowStatus(current, now)
    if (status === 'open') throw new Conflict('This administration is already open.')
    if (status === 'closed') throw closedConflict(current, 'This administration is closed; it cannot be reopened. Make a new administration instead.')
    await updateAdministration(trx, id, { opens_at: now })
  })
  await audit(db, { actor: user, action: 'administration.open', outcome: 'success', target: `administration:${id}` })
  return administrationDetail(db, user, id, now)
}

/** A later close. A window that ran out can be extended again; one closed by staff stays closed. */
export async function extend(db: Kysely<Database>, user: SessionUser, id: number, closesAt: string, now = new Date()) {
  const previous = await db.transaction().execute(async (trx) => {
    const current = await lockAdministration(trx, id)
    if (!current) throw new NotFound(`No administration with id ${id}.`)
    await assertMayChange(trx, user, current)
    if (current.closed_at !== null) throw new Conflict('This administration was closed by staff; it cannot be reopened. Make a new administration instead.')
    if (!parseLocalDateTime(closesAt)) throw new BadRequest(`closesAt must be a date and time such as 2026-10-02T23:59 (got ${closesAt}).`)
    const closes = zonedToInstant(closesAt, current.time_zone)
    if (closes <= current.closes_at) throw new BadRequest(`Extending moves the close later than it is now (${toLocalDateTime(current.closes_at, current.time_zone)}).`)
    if (closes <= now) throw new BadRequest('The window must close in the future.')
    await updateAdministration(trx, id, { closes_at: closes })
    return toLocalDateTime(current.closes_at, current.time_zone)
  })
  await audit(db, { actor: user, action: 'administration.extend', outcome: 'success', target: `administration:${id}`, detail: { from: previous, to: closesAt } })
  return administrationDetail(db, user, id, now)
}

/** Close now: every code of the administration answers "closed" from this moment. */
export async function closeNow(db: Kysely<Database>, user: SessionUser, id: number, now = new Date()) {
  await db.transaction().execute(async (trx) => {
    const current = await lockAdministration(trx, id)
    if (!current) throw new NotFound(`No administration with id ${id}.`)
    await assertMayChange(trx, user, current)
    if (windowStatus(current, now) === 'closed') throw new Conflict('This administration is already closed.')
    await updateAdministration(trx, id, { closed_at: now })
  })
  await audit(db, { actor: user, action: 'administration.close', outcome: 'success', target: `administration:${id}` })
  return administrationDetail(db, user, id, now)
}

/** A new code for a school, the old one revoked in the same transaction (a poster went missing, a code leaked). */
export async function replaceCode(db: Kysely<Database>, user: SessionUser, id: number, schoolId: number) {
  await assertMaySeeSchool(db, user, id, schoolId)
  const { revoked, issued } = await db.transaction().execute(async (trx) => {
    // Two replacements at once take turns: otherwise both revoke the same old code and both insert a live one,
    // and the second breaks the one-live-code-per-school index (a 500).
    await lockAdministration(trx, id)
    const revoked = await revokeLiveCode(trx, id, schoolId)
    const issued = await issueCode(trx, id, schoolId)
    return { revoked: revoked.map((r) => r.code), issued }
  })
  // The audit log names the school, never the code: a code in the log would open the survey.
  await audit(db, { actor: user, action: 'access-code.replace', outcome: 'success', target: `administration:${id}`, detail: { school: schoolId, revoked: revoked.length } })
  return { code: issued.code, createdAt: issued.created_at.toISOString() }
}

/** Revokes a school's code without a new one: the school stops collecting. */
export async function revokeCode(db: Kysely<Database>, user: SessionUser, id: number, schoolId: number, code: string) {
  await assertMaySeeSchool(db, user, id, schoolId)
  const revoked = await db.transaction().execute((trx) => revokeLiveCode(trx, id, schoolId, normalizeCode(code)))
  if (revoked.length === 0) throw new NotFound('This school has no code in use with that value in this administration.')
  await audit(db, { actor: user, action: 'access-code.revoke', outcome: 'success', target: `administration:${id}`, detail: { school: schoolId } })
}

/**
 * The version a school answers for a role in place of the administration's: a school's own version (from the
 * designer) or another district version of the same instrument role. Fixed from the school's first response
 * for that role.
 */
export async function chooseSchoolVersion(
  db: Kysely<Database>,
  user: SessionUser,
  id: number,
  schoolId: number,
  role: Role,
  choice: { slug: string; version: number } | null,
) {
  await assertMaySeeSchool(db, user, id, schoolId)
  await db.transaction().execute(async (trx) => {
    const current = await lockAdministration(trx, id)
    if (!current) throw new NotFound(`No administration with id ${id}.`)
    if (windowStatus(current, new Date()) === 'closed') throw closedConflict(current, 'This administration is closed; it can no longer be changed. Make a new administration instead.')
    if (await hasResponses(trx, id, { schoolId, role })) {
      throw new Conflict(`This school already has ${role} responses under the current version, so it cannot change: everyone at a school answers the same questions within one administration.`)
    }
    if (choice === null) {
      await clearSchoolVersion(trx, id, schoolId, role)
      return
    }
    const v = await publishedVersion(trx, choice.slug, choice.version)
    if (!v || v.status !== 'published') throw new BadRequest(`There is no published version ${choice.version} of ${choice.slug}.`)
    if (v.role !== role) throw new BadRequest(`${choice.slug} is a ${v.role} instrument, not a ${role} one.`)
    if (!(await administrationInstruments(trx, id)).some((i) => i.role === role)) {
      throw new BadRequest(`This administration does not ask the ${role} role; a school's own version can only stand in for a role it asks.`)
    }
    const owner = ownerSchool(v)
    if (owner !== null && owner !== schoolId) throw new Forbidden("This version belongs to another school; a school answers only the district's versions or its own.")
    const [school] = await existingSchools(trx, [schoolId])
    const atSchool = await versionAtSchool(trx, v.id, school.grades)
    if (!atSchool.offered) {
      throw new BadRequest(`Version ${choice.version} of ${choice.slug} is for grades ${atSchool.instrumentGrades}; ${school.name} teaches ${school.grades}, so no one there could answer it.`)
    }
    await setSchoolVersion(trx, { administration_id: id, school_id: schoolId, role, instrument_version_id: v.id })
  })
  await audit(db, { actor: user, action: 'administration.school-version', outcome: 'success', target: `administration:${id}`, detail: { school: schoolId, role, choice } })
  return administrationDetail(db, user, id)
}

export async function listForUser(db: Kysely<Database>, user: SessionUser, now = new Date()) {
  const rows = await listAdministrations(db, isDistrictStaff(user) ? undefined : user.schoolIds)
  return rows.map((a) => summary(a, now))
}

function summary(a: Pick<AdministrationRow, 'id' | 'name' | 'opens_at' | 'closes_at' | 'closed_at' | 'mode' | 'time_zone' | 'run_by'> & { schools?: number | null }, now: Date) {
  const status: WindowStatus = windowStatus(a, now)
  return {
    id: a.id,
    name: a.name,
    status,
    opensAt: a.opens_at.toISOString(),
    closesAt: (a.closed_at ?? a.closes_at).toISOString(),
    localOpensAt: toLocalDateTime(a.opens_at, a.time_zone),
    localClosesAt: toLocalDateTime(a.closed_at ?? a.closes_at, a.time_zone),
    timeZone: a.time_zone,
    mode: a.mode,
    runBy: a.run_by,
    closed: status === 'closed',
    ...(a.schools !== undefined ? { schools: a.schools ?? 0 } : {}),
  }
}

/** One administration as its page shows it: window, versions, schools with their codes (a team sees its own). */
export async function administrationDetail(db: Kysely<Database>, user: SessionUser, id: number, now = new Date()) {
  const row = await findAdministrationRow(db, id)
  if (!row) throw new NotFound(`No administration with id ${id}.`)
  const codes = await administrationCodes(db, id)
  const own = (schoolId: number) => isDistrictStaff(user) || user.schoolIds.includes(schoolId)
  if (!codes.some((c) => own(c.school_id)) && !isDistrictStaff(user)) throw new NotFound(`No administration with id ${id}.`)
  const instruments = await administrationInstruments(db, id)
  const overrides = await schoolVersions(db, id)

  const schools = new Map<
    number,
    { id: number; name: string; code: string; region: string; grades: string; live: string | null; revoked: string[]; versions: { role: Role; slug: string; version: number; id: number }[] }
  >()
  for (const c of codes) {
    if (!own(c.school_id)) continue
    const school = schools.get(c.school_id) ?? { id: c.school_id, name: c.name, code: c.school_code, region: c.region, grades: c.grades, live: null, revoked: [], versions: [] }
    // Codes open the survey: analysts read results and never need them.
    if (user.role !== 'district-analyst') {
      if (c.revoked_at === null) school.live = c.code
      else school.revoked.push(c.code)
    }
    schools.set(c.school_id, school)
  }
  for (const o of overrides) schools.get(o.school_id)?.versions.push({ role: o.role, slug: o.slug, version: o.version, id: o.id })
  const indexes = new Map<number, DefinitionIndex>()
  for (const versionId of new Set([...instruments.map((i) => i.id), ...overrides.map((o) => o.id)])) indexes.set(versionId, (await getCompiledVersion(db, versionId)).index)
  // What each school's people are offered: the administration's versions, or the school's own for a role, that its grades can answer.
  const offeredAt = (s: { grades: string; versions: { role: Role; slug: string; version: number; id: number }[] }) =>
    [...instruments.filter((i) => !s.versions.some((v) => v.role === i.role)), ...s.versions].flatMap((i) => {
      const offer = offerAtSchool(indexes.get(i.id)!, s.grades)
      return offer.offered ? [{ role: i.role, slug: i.slug, version: i.version, grades: offer.grades }] : []
    })
  const allSchools = new Set(codes.map((c) => c.school_id))
  const mayChange = user.role === 'district-admin' || (user.role === 'school-team' && row.run_by === 'school' && [...allSchools].every((s) => user.schoolIds.includes(s)))

  return {
    ...summary(row, now),
    hasResponses: await hasResponses(db, id),
    mayChange,
    instruments: instruments.map((i) => ({ slug: i.slug, version: i.version, role: i.role, title: i.title ?? i.slug, minutes: i.minutes })),
    schools: [...schools.values()].map((s) => ({
      id: s.id,
      name: s.name,
      schoolCode: s.code,
      region: s.region,
      grades: s.grades,
      code: s.live,
      revokedCodes: s.revoked,
      versions: s.versions.map(({ role, slug, version }) => ({ role, slug, version })),
      offered: offeredAt(s),
    })),
  }
}

export type AdministrationDetail = Awaited<ReturnType<typeof administrationDetail>>
