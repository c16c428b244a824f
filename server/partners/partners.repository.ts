import { sql, type Kysely } from 'kysely'
import type { Database, PartnerType, ServiceDelivery } from '../db/schema'

type Db = Kysely<Database>

export interface ServiceFields {
  name: string
  domains: string[]
  delivery: ServiceDelivery
  hours: string
  languages: string[]
  capacity: number | null
  activeFrom: string | null
  activeUntil: string | null
}

/** Whether a service is in place today: its period (either end open) includes the current date. */
export const activeToday = sql<boolean>`((partner_services.active_from is null or partner_services.active_from <= current_date) and (partner_services.active_until is null or partner_services.active_until >= current_date))`

export function listOrganizations(db: Db) {
  return db.selectFrom('partner_organizations').select(['id', 'name', 'type']).orderBy(sql`lower(name)`).execute()
}

/** Every service (or the one asked for) with its schools (ids) and whether it is active today. */
export function listServices(db: Db, only?: number) {
  return db
    .selectFrom('partner_services')
    .select([
      'id',
      'organization_id',
      'name',
      'domains',
      'delivery',
      'hours',
      'languages',
      'capacity',
      sql<string | null>`to_char(active_from, 'YYYY-MM-DD')`.as('active_from'),
      sql<string | null>`to_char(active_until, 'YYYY-MM-DD')`.as('active_until'),
      activeToday.as('active'),
      sql<number[]>`coalesce((select array_agg(school_id order by school_id) from partner_service_schools s where s.service_id = partner_services.id), '{}')`.as('school_ids'),
    ])
    .$if(only !== undefined, (q) => q.where('id', '=', only!))
    .orderBy(sql`lower(name)`)
    .execute()
}

export type ServiceRow = Awaited<ReturnType<typeof listServices>>[number]

export async function findService(db: Db, id: number): Promise<ServiceRow | undefined> {
  return (await listServices(db, id))[0]
}

export function findOrganization(db: Db, id: number) {
  return db.selectFrom('partner_organizations').select(['id', 'name', 'type']).where('id', '=', id).executeTakeFirst()
}

export function findOrganizationByName(db: Db, name: string) {
  return db.selectFrom('partner_organizations').select(['id', 'name', 'type']).where(sql`lower(name)`, '=', name.trim().toLowerCase()).executeTakeFirst()
}

export function insertOrganization(db: Db, values: { name: string; type: PartnerType }) {
  return db.insertInto('partner_organizations').values({ name: values.name.trim(), type: values.type }).returning(['id', 'name', 'type']).executeTakeFirstOrThrow()
}

export function updateOrganization(db: Db, id: number, values: { name?: string; type?: PartnerType }) {
  return db
    .updateTable('partner_organizations')
    .set({ ...(values.name !== undefined ? { name: values.name.trim() } : {}), ...(values.type !== undefined ? { type: values.type } : {}) })
    .where('id', '=', id)
    .returning(['id', 'name', 'type'])
    .executeTakeFirst()
}

export async function deleteOrganization(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('partner_organizations').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}

const columns = (f: Partial<ServiceFields>) => ({
  ...(f.name !== undefined ? { name: f.name.trim() } : {}),
  ...(f.domains !== undefined ? { domains: f.domains } : {}),
  ...(f.delivery !== undefined ? { delivery: f.delivery } : {}),
  ...(f.hours !== undefined ? { hours: f.hours.trim() } : {}),
  ...(f.languages !== undefined ? { languages: f.languages } : {}),
  ...(f.capacity !== undefined ? { capacity: f.capacity } : {}),
  ...(f.activeFrom !== undefined ? { active_from: f.activeFrom } : {}),
  ...(f.activeUntil !== undefined ? { active_until: f.activeUntil } : {}),
})

export async function insertService(db: Db, organizationId: number, fields: ServiceFields): Promise<number> {
  const row = await db
    .insertInto('partner_services')
    .values({ organization_id: organizationId, ...columns(fields), name: fields.name.trim(), domains: fields.domains, delivery: fields.delivery })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

export async function updateService(db: Db, id: number, fields: Partial<ServiceFields>): Promise<void> {
  await db
    .updateTable('partner_services')
    .set({ ...columns(fields), updated_at: sql`now()` })
    .where('id', '=', id)
    .execute()
}

export async function deleteService(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('partner_services').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}

export function findServiceByName(db: Db, organizationId: number, name: string) {
  return db
    .selectFrom('partner_services')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where(sql`lower(name)`, '=', name.trim().toLowerCase())
    .executeTakeFirst()
}

export async function linkSchools(db: Db, serviceId: number, schoolIds: number[]): Promise<void> {
  if (schoolIds.length === 0) return
  await db
    .insertInto('partner_service_schools')
    .values(schoolIds.map((school_id) => ({ service_id: serviceId, school_id })))
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function unlinkSchool(db: Db, serviceId: number, schoolId: number): Promise<boolean> {
  const result = await db.deleteFrom('partner_service_schools').where('service_id', '=', serviceId).where('school_id', '=', schoolId).executeTakeFirst()
  return result.numDeletedRows > 0n
}

export async function replaceSchools(db: Db, serviceId: number, schoolIds: number[]): Promise<void> {
  await db.deleteFrom('partner_service_schools').where('service_id', '=', serviceId).execute()
  await linkSchools(db, serviceId, schoolIds)
}

export function schoolsByCode(db: Db) {
  return db.selectFrom('schools').select(['id', 'code', 'name']).orderBy('name').execute()
}

/** The active services that serve these schools, one row per school and service. */
export function activeServicesOfSchools(db: Db, schoolIds: number[]) {
  return db
    .selectFrom('partner_service_schools')
    .innerJoin('partner_services', 'partner_services.id', 'partner_service_schools.service_id')
    .innerJoin('partner_organizations', 'partner_organizations.id', 'partner_services.organization_id')
    .select([
      'partner_service_schools.school_id',
      'partner_services.id',
      'partner_services.name',
      'partner_services.domains',
      'partner_services.delivery',
      'partner_organizations.id as organization_id',
      'partner_organizations.name as organization',
    ])
    .$if(schoolIds.length > 0, (q) => q.where('partner_service_schools.school_id', 'in', schoolIds))
    .$if(schoolIds.length === 0, (q) => q.where((eb) => eb.val(false)))
    .where(activeToday)
    .orderBy('partner_organizations.name')
    .orderBy('partner_services.name')
    .execute()
}
