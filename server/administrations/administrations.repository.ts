import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database, Role, RunBy } from '../db/schema'
import type { Mode } from '../vocabulary/channels'

type Db = Kysely<Database> | Transaction<Database>

/** Administrations, newest first; for a school team, only those their schools take part in. */
export function listAdministrations(db: Db, onlySchools?: number[]) {
  return db
    .selectFrom('administrations as a')
    .select((eb) => [
      'a.id',
      'a.name',
      'a.opens_at',
      'a.closes_at',
      'a.closed_at',
      'a.mode',
      'a.time_zone',
      'a.run_by',
      eb.selectFrom('access_codes as c').select(sql<number>`count(distinct c.school_id)::int`.as('n')).whereRef('c.administration_id', '=', 'a.id').as('schools'),
    ])
    .$if(onlySchools !== undefined, (q) =>
      q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('access_codes as c')
            .select('c.code')
            .whereRef('c.administration_id', '=', 'a.id')
            .where('c.school_id', 'in', onlySchools!.length > 0 ? onlySchools! : [-1]),
        ),
      ),
    )
    .orderBy('a.opens_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute()
}

export function findAdministrationRow(db: Db, id: number) {
  return db.selectFrom('administrations').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Locks the administration's row for a change: two coordinators editing at once take turns. */
export function lockAdministration(trx: Transaction<Database>, id: number) {
  return trx.selectFrom('administrations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** The instrument versions the administration offers everyone, by role. */
export function administrationInstruments(db: Db, id: number) {
  return db
    .selectFrom('administration_instruments as ai')
    .innerJoin('instrument_versions as v', 'v.id', 'ai.instrument_version_id')
    .select(['v.id', 'v.slug', 'v.version', 'ai.role', sql<string | Record<string, string> | null>`v.definition -> 'title'`.as('title'), sql<number | null>`(v.definition -> 'ana' ->> 'minutes')::int`.as('minutes')])
    .where('ai.administration_id', '=', id)
    .orderBy('ai.role')
    .orderBy('v.slug')
    .execute()
}

/** The schools taking part (those with a code for it), each with its codes, newest first. */
export function administrationCodes(db: Db, id: number) {
  return db
    .selectFrom('access_codes as c')
    .innerJoin('schools as s', 's.id', 'c.school_id')
    .select(['s.id as school_id', 's.name', 's.code as school_code', 's.region', 's.grades', 'c.code', 'c.revoked_at', 'c.created_at'])
    .where('c.administration_id', '=', id)
    .orderBy('s.name')
    .orderBy('c.created_at', 'desc')
    .execute()
}

/** Schools answering their own version for a role in this administration. */
export function schoolVersions(db: Db, id: number) {
  return db
    .selectFrom('administration_school_instruments as si')
    .innerJoin('instrument_versions as v', 'v.id', 'si.instrument_version_id')
    .select(['si.school_id', 'si.role', 'v.slug', 'v.version', 'v.id'])
    .where('si.administration_id', '=', id)
    .execute()
}

export function publishedVersion(db: Db, slug: string, version: number) {
  return db
    .selectFrom('instrument_versions as v')
    .innerJoin('instruments as i', 'i.slug', 'v.slug')
    .selectAll('v')
    .select('i.role')
    .where('v.slug', '=', slug)
    .where('v.version', '=', version)
    .executeTakeFirst()
}

export function existingSchools(db: Db, ids: number[]) {
  return db.selectFrom('schools').select(['id', 'name', 'grades']).where('id', 'in', ids.length > 0 ? ids : [-1]).execute()
}

/** Whether any response has come in, optionally for one school and role. */
export async function hasResponses(db: Db, administrationId: number, where: { schoolId?: number; role?: Role; schoolIds?: number[] } = {}) {
  const row = await db
    .selectFrom('responses')
    .select('id')
    .where('administration_id', '=', administrationId)
    .$if(where.schoolId !== undefined, (q) => q.where('school_id', '=', where.schoolId!))
    .$if(where.schoolIds !== undefined, (q) => q.where('school_id', 'in', where.schoolIds!.length ? where.schoolIds! : [-1]))
    .$if(where.role !== undefined, (q) => q.where('role', '=', where.role!))
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

export function insertAdministration(
  trx: Transaction<Database>,
  values: { name: string; opens_at: Date; closes_at: Date; mode: Mode; time_zone: string; run_by: RunBy },
) {
  return trx.insertInto('administrations').values(values).returning('id').executeTakeFirstOrThrow()
}

export function updateAdministration(
  trx: Transaction<Database>,
  id: number,
  values: Partial<{ name: string; opens_at: Date; closes_at: Date; closed_at: Date | null; mode: Mode; time_zone: string }>,
) {
  return trx
    .updateTable('administrations')
    .set({ ...values, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute()
}

export async function replaceInstruments(trx: Transaction<Database>, id: number, offers: { versionId: number; role: Role }[]) {
  await trx.deleteFrom('administration_instruments').where('administration_id', '=', id).execute()
  if (offers.length === 0) return
  await trx
    .insertInto('administration_instruments')
    .values(offers.map((o) => ({ administration_id: id, instrument_version_id: o.versionId, role: o.role })))
    .execute()
}

/** A new code, or undefined when the code is already taken (any administration, any school). */
export function insertCode(trx: Transaction<Database>, values: { code: string; administration_id: number; school_id: number }) {
  return trx
    .insertInto('access_codes')
    .values(values)
    .onConflict((oc) => oc.column('code').doNothing())
    .returning(['code', 'created_at'])
    .executeTakeFirst()
}

export function revokeLiveCode(trx: Transaction<Database>, administrationId: number, schoolId: number, code?: string) {
  return trx
    .updateTable('access_codes')
    .set({ revoked_at: sql<Date>`now()` })
    .where('administration_id', '=', administrationId)
    .where('school_id', '=', schoolId)
    .where('revoked_at', 'is', null)
    .$if(code !== undefined, (q) => q.where('code', '=', code!))
    .returning('code')
    .execute()
}

/** Drops the schools' own versions for the roles no longer asked (every role when none is). */
export function clearSchoolVersionsOutside(trx: Transaction<Database>, administrationId: number, roles: Role[]) {
  return trx
    .deleteFrom('administration_school_instruments')
    .where('administration_id', '=', administrationId)
    .$if(roles.length > 0, (q) => q.where('role', 'not in', roles))
    .execute()
}

/** Drops these schools' own versions. */
export function clearSchoolVersionsOf(trx: Transaction<Database>, administrationId: number, schoolIds: number[]) {
  return trx.deleteFrom('administration_school_instruments').where('administration_id', '=', administrationId).where('school_id', 'in', schoolIds).execute()
}

export function removeSchools(trx: Transaction<Database>, administrationId: number, schoolIds: number[]) {
  return trx.deleteFrom('access_codes').where('administration_id', '=', administrationId).where('school_id', 'in', schoolIds).execute()
}

export function setSchoolVersion(trx: Transaction<Database>, values: { administration_id: number; school_id: number; role: Role; instrument_version_id: number }) {
  return trx
    .insertInto('administration_school_instruments')
    .values(values)
    .onConflict((oc) => oc.columns(['administration_id', 'school_id', 'role']).doUpdateSet({ instrument_version_id: values.instrument_version_id, updated_at: sql<Date>`now()` }))
    .execute()
}

export function clearSchoolVersion(trx: Transaction<Database>, administrationId: number, schoolId: number, role: Role) {
  return trx
    .deleteFrom('administration_school_instruments')
    .where('administration_id', '=', administrationId)
    .where('school_id', '=', schoolId)
    .where('role', '=', role)
    .executeTakeFirst()
}
