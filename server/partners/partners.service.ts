import type { Kysely } from 'kysely'
import { audit } from '../audit/audit.repository'
import { canSeeSchool } from '../auth/policy'
import type { SessionUser } from '../auth/auth.repository'
import type { Database, PartnerType } from '../db/schema'
import type { Csv } from '../exports/tables'
import { BadRequest, Conflict, Forbidden, NotFound } from '../errors'
import { importRefusal } from '../imports/read-table'
import { partnerCsv, partnerTemplate, readPartnerCsv, type CsvRow } from './partners.csv'
import * as repo from './partners.repository'
import type { ServiceFields } from './partners.repository'
import type { ImportPlanRow } from './partners.schemas'

type Db = Kysely<Database>

/**
 * Who keeps what:
 * - district admins: everything (organizations, services, links, imports);
 * - district analysts: nothing (they read; server/plugins/access.ts refuses their changes);
 * - a school team: services that serve only its own schools (add, change, end, link and unlink them), and the
 *   link between its schools and any service (a county service that also reaches other schools included). An
 *   organization is shared by many schools, so a team names a new one only while adding a service at its school,
 *   and only a district admin renames, retypes or deletes one.
 */
export const OWN_SCHOOLS_ONLY = 'Your account can see only its own schools.'
export const SHARED_SERVICE = 'This service also serves schools outside your account; only a district admin can change it.'

const UNIQUE_VIOLATION = '23505'
const isUnique = (error: unknown) => (error as { code?: string }).code === UNIQUE_VIOLATION

export interface ServiceInput extends Partial<ServiceFields> {
  schoolIds?: number[]
}

function checkFields(fields: Partial<ServiceFields>, domains: Set<string>): void {
  const unknown = (fields.domains ?? []).filter((d) => !domains.has(d))
  if (unknown.length > 0) throw new BadRequest(`Unknown domain${unknown.length === 1 ? '' : 's'} ${unknown.map((d) => `"${d}"`).join(', ')}.`)
  if (fields.name !== undefined && fields.name.trim() === '') throw new BadRequest('The service needs a name.')
  if (fields.activeFrom && fields.activeUntil && fields.activeUntil < fields.activeFrom) throw new BadRequest('The service ends (activeUntil) before it starts (activeFrom).')
}

async function checkSchools(db: Db, user: SessionUser, schoolIds: number[]): Promise<void> {
  if (schoolIds.some((id) => !canSeeSchool(user, id))) throw new Forbidden(OWN_SCHOOLS_ONLY)
  const existing = new Set((await repo.schoolsByCode(db)).map((s) => s.id))
  const missing = schoolIds.filter((id) => !existing.has(id))
  if (missing.length > 0) throw new BadRequest(`There is no school ${missing.join(', ')}.`)
}

function canEditService(user: SessionUser, service: repo.ServiceRow): boolean {
  if (user.role === 'district-analyst') return false
  return user.role === 'district-admin' || (service.school_ids.length > 0 && service.school_ids.every((id) => user.schoolIds.includes(id)))
}

/** The whole inventory, each service with whether this user may change it. */
export async function inventory(db: Db, user: SessionUser) {
  const [organizations, services] = await Promise.all([repo.listOrganizations(db), repo.listServices(db)])
  return {
    organizations: organizations.map((o) => ({
      id: o.id,
      name: o.name,
      type: o.type,
      services: services.filter((s) => s.organization_id === o.id).map((s) => serviceView(s, user)),
    })),
  }
}

function serviceView(s: repo.ServiceRow, user: SessionUser) {
  return {
    id: s.id,
    organizationId: s.organization_id,
    name: s.name,
    domains: s.domains,
    delivery: s.delivery,
    hours: s.hours,
    languages: s.languages,
    capacity: s.capacity,
    activeFrom: s.active_from,
    activeUntil: s.active_until,
    active: s.active,
    schoolIds: s.school_ids,
    editable: canEditService(user, s),
  }
}

export async function createOrganization(db: Db, user: SessionUser, input: { name: string; type: PartnerType }) {
  if (input.name.trim() === '') throw new BadRequest('The organization needs a name.')
  return db.transaction().execute(async (trx) => {
    const organization = await repo.insertOrganization(trx, input).catch((error) => {
      throw isUnique(error) ? new Conflict(`An organization named "${input.name.trim()}" exists already.`) : error
    })
    await audit(trx, { actor: user, action: 'partner.organization.create', outcome: 'success', target: `organization:${organization.id}`, detail: { name: organization.name, type: organization.type } })
    return organization
  })
}

export async function changeOrganization(db: Db, user: SessionUser, id: number, input: { name?: string; type?: PartnerType }) {
  if (input.name !== undefined && input.name.trim() === '') throw new BadRequest('The organization needs a name.')
  return db.transaction().execute(async (trx) => {
    const organization = await repo.updateOrganization(trx, id, input).catch((error) => {
      throw isUnique(error) ? new Conflict(`An organization named "${input.name!.trim()}" exists already.`) : error
    })
    if (!organization) throw new NotFound(`There is no organization ${id}.`)
    await audit(trx, { actor: user, action: 'partner.organization.update', outcome: 'success', target: `organization:${id}`, detail: { ...input } })
    return organization
  })
}

export async function removeOrganization(db: Db, user: SessionUser, id: number) {
  await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteOrganization(trx, id))) throw new NotFound(`There is no organization ${id}.`)
    await audit(trx, { actor: user, action: 'partner.organization.delete', outcome: 'success', target: `organization:${id}` })
  })
}

/** A service at school `schoolId` (and at the other schools listed), under an existing organization or a new one. */
export async function createService(
  db: Db,
  user: SessionUser,
  schoolId: number,
  input: ServiceFields & { organizationId?: number; organization?: { name: string; type: PartnerType }; schoolIds?: number[] },
  domains: Set<string>,
) {
  if ((input.organizationId === undefined) === (input.organization === undefined)) {
    throw new BadRequest('Choose an existing organization (organizationId) or name a new one (organization), not both.')
  }
  checkFields(input, domains)
  const schoolIds = [...new Set([schoolId, ...(input.schoolIds ?? [])])]
  await checkSchools(db, user, schoolIds)
  return db.transaction().execute(async (trx) => {
    let organizationId = input.organizationId
    if (organizationId !== undefined) {
      if (!(await repo.findOrganization(trx, organizationId))) throw new BadRequest(`There is no organization ${organizationId}.`)
    } else {
      const created = await repo.insertOrganization(trx, input.organization!).catch((error) => {
        throw isUnique(error) ? new Conflict(`An organization named "${input.organization!.name.trim()}" exists already: choose it from the list.`) : error
      })
      await audit(trx, { actor: user, action: 'partner.organization.create', outcome: 'success', target: `organization:${created.id}`, detail: { name: created.name, type: created.type } })
      organizationId = created.id
    }
    const id = await repo.insertService(trx, organizationId, input).catch((error) => {
      throw isUnique(error) ? new Conflict(`This organization already has a service named "${input.name.trim()}".`) : error
    })
    await repo.linkSchools(trx, id, schoolIds)
    await audit(trx, { actor: user, action: 'partner.service.create', outcome: 'success', target: `service:${id}`, detail: { organizationId, name: input.name, domains: input.domains, schoolIds } })
    return serviceView((await repo.findService(trx, id))!, user)
  })
}

async function serviceAtSchool(db: Db, serviceId: number, schoolId: number) {
  const service = await repo.findService(db, serviceId)
  if (!service) throw new NotFound(`There is no service ${serviceId}.`)
  if (!service.school_ids.includes(schoolId)) throw new NotFound(`Service ${serviceId} does not serve school ${schoolId}.`)
  return service
}

export async function changeService(db: Db, user: SessionUser, schoolId: number, serviceId: number, input: ServiceInput, domains: Set<string>) {
  const service = await serviceAtSchool(db, serviceId, schoolId)
  if (!canEditService(user, service)) throw new Forbidden(SHARED_SERVICE)
  checkFields({ ...input, activeFrom: input.activeFrom === undefined ? service.active_from : input.activeFrom, activeUntil: input.activeUntil === undefined ? service.active_until : input.activeUntil }, domains)
  if (input.schoolIds !== undefined) {
    if (input.schoolIds.length === 0) throw new BadRequest('A service keeps at least one school; to end it, set activeUntil, or delete it.')
    await checkSchools(db, user, input.schoolIds)
  }
  return db.transaction().execute(async (trx) => {
    const { schoolIds, ...fields } = input
    await repo.updateService(trx, serviceId, fields).catch((error) => {
      throw isUnique(error) ? new Conflict(`This organization already has a service named "${input.name!.trim()}".`) : error
    })
    if (schoolIds !== undefined) await repo.replaceSchools(trx, serviceId, schoolIds)
    await audit(trx, { actor: user, action: 'partner.service.update', outcome: 'success', target: `service:${serviceId}`, detail: { ...input } })
    return serviceView((await repo.findService(trx, serviceId))!, user)
  })
}

export async function linkService(db: Db, user: SessionUser, schoolId: number, serviceId: number) {
  await checkSchools(db, user, [schoolId])
  await db.transaction().execute(async (trx) => {
    if (!(await repo.findService(trx, serviceId))) throw new NotFound(`There is no service ${serviceId}.`)
    await repo.linkSchools(trx, serviceId, [schoolId])
    await audit(trx, { actor: user, action: 'partner.service.link', outcome: 'success', target: `service:${serviceId}`, detail: { schoolId } })
  })
}

export async function unlinkService(db: Db, user: SessionUser, schoolId: number, serviceId: number) {
  await db.transaction().execute(async (trx) => {
    await serviceAtSchool(trx, serviceId, schoolId)
    await repo.unlinkSchool(trx, serviceId, schoolId)
    await audit(trx, { actor: user, action: 'partner.service.unlink', outcome: 'success', target: `service:${serviceId}`, detail: { schoolId } })
  })
}

export async function removeService(db: Db, user: SessionUser, serviceId: number) {
  await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteService(trx, serviceId))) throw new NotFound(`There is no service ${serviceId}.`)
    await audit(trx, { actor: user, action: 'partner.service.delete', outcome: 'success', target: `service:${serviceId}` })
  })
}

/**
 * A partner CSV: every row checked first, each problem reported with its line; with any problem nothing is written.
 * A preview stops there and says what would change. Otherwise all rows go in one transaction: organizations
 * matched by name (created, or their type updated), services by organization and name (created, or replaced with
 * the row's fields and schools).
 */
export async function importPartners(db: Db, user: SessionUser, csv: string, options: { preview: boolean; domains: Set<string> }) {
  const schools = await repo.schoolsByCode(db)
  const idOf = new Map(schools.map((s) => [s.code, s.id]))
  const { rows, problems } = readPartnerCsv(csv, { domains: options.domains, schoolCodes: new Set(idOf.keys()) })
  if (problems.length > 0) {
    await audit(db, { actor: user, action: 'partner.import', outcome: 'failure', detail: { problems: problems.length, firstLine: problems[0].line } })
    throw importRefusal(problems)
  }
  const run = async (trx: Db, write: boolean) => {
    const plan: ImportPlanRow[] = []
    const created = new Map<string, number>()
    for (const row of rows) plan.push(await applyRow(trx, row, idOf, created, write))
    return plan
  }
  if (options.preview) return { preview: true, rows: await run(db, false) }
  // Two imports at once may both create the same organization or service: the second is told to run again.
  const plan = await db.transaction().execute(async (trx) => {
    const plan = await run(trx, true)
    const count = (key: 'organizationAction' | 'serviceAction', action: string) => plan.filter((p) => p[key] === action).length
    await audit(trx, {
      actor: user,
      action: 'partner.import',
      outcome: 'success',
      detail: { rows: plan.length, organizationsCreated: count('organizationAction', 'create'), servicesCreated: count('serviceAction', 'create'), servicesUpdated: count('serviceAction', 'update') },
    })
    return plan
  }).catch((error) => {
    throw isUnique(error) ? new Conflict('The inventory changed while importing; nothing was imported. Import the file again.') : error
  })
  return { preview: false, rows: plan }
}

async function applyRow(trx: Db, row: CsvRow, idOf: Map<string, number>, created: Map<string, number>, write: boolean): Promise<ImportPlanRow> {
  const key = row.organization.name.toLowerCase()
  const existing = await repo.findOrganizationByName(trx, row.organization.name)
  let organizationId = existing?.id ?? created.get(key)
  let organizationAction: ImportPlanRow['organizationAction'] = 'keep'
  if (organizationId === undefined) {
    organizationAction = 'create'
    organizationId = write ? (await repo.insertOrganization(trx, row.organization)).id : -created.size - 1
    created.set(key, organizationId)
  } else if (existing && existing.type !== row.organization.type) {
    organizationAction = 'update'
    if (write) await repo.updateOrganization(trx, organizationId, { type: row.organization.type })
  }
  const service = organizationId > 0 ? await repo.findServiceByName(trx, organizationId, row.service.name) : undefined
  const schoolIds = row.schoolCodes.map((c) => idOf.get(c)!)
  if (write) {
    const id = service ? service.id : await repo.insertService(trx, organizationId, row.service)
    if (service) await repo.updateService(trx, id, row.service)
    await repo.replaceSchools(trx, id, schoolIds)
  }
  return { line: row.line, organization: row.organization.name, organizationAction, service: row.service.name, serviceAction: service ? 'update' : 'create', schools: schoolIds.length }
}

export async function exportPartners(db: Db): Promise<Csv> {
  const [organizations, services, schools] = await Promise.all([repo.listOrganizations(db), repo.listServices(db), repo.schoolsByCode(db)])
  const organization = new Map(organizations.map((o) => [o.id, o]))
  const code = new Map(schools.map((s) => [s.id, s.code]))
  return partnerCsv(
    services
      .map((s) => ({
        organization: organization.get(s.organization_id)!.name,
        organizationType: organization.get(s.organization_id)!.type,
        name: s.name,
        domains: s.domains,
        schoolCodes: s.school_ids.map((id) => code.get(id)!),
        delivery: s.delivery,
        hours: s.hours,
        languages: s.languages,
        capacity: s.capacity,
        activeFrom: s.active_from,
        activeUntil: s.active_until,
      }))
      .sort((a, b) => a.organization.localeCompare(b.organization) || a.name.localeCompare(b.name)),
  )
}

export async function template(db: Db, domainIds: string[]): Promise<Csv> {
  const schools = await repo.schoolsByCode(db)
  return partnerTemplate(schools[0]?.code ?? null, domainIds)
}
