import { sql, type Insertable, type Kysely, type Selectable } from 'kysely'
import type { Database, SchoolsTable } from '../db/schema'

type Db = Kysely<Database>

const DIRECTORY_COLUMNS = [
  'id',
  'code',
  'name',
  'region',
  'cohort',
  'grades',
  'state_code',
  'street',
  'city',
  'zip',
  'enrollment_students',
  'enrollment_families',
  'enrollment_staff',
  'enrollment_grade_bands',
  'enrollment_languages',
  'archived_at',
] as const

export type SchoolRow = Pick<Selectable<SchoolsTable>, (typeof DIRECTORY_COLUMNS)[number]>
/** A school's directory fields as stored (the maps as JSON text). */
export type SchoolValues = Omit<Insertable<SchoolsTable>, 'id' | 'archived_at' | 'created_at' | 'updated_at'>

/**
 * The district's schools, or only those with the given ids (a school team's own); archived schools only when
 * asked for.
 */
export function listSchools(db: Db, only?: number[], options: { archived?: boolean } = {}) {
  return db
    .selectFrom('schools')
    .select(DIRECTORY_COLUMNS)
    .$if(only !== undefined, (q) => (only!.length === 0 ? q.where((eb) => eb.val(false)) : q.where('id', 'in', only!)))
    .$if(options.archived !== true, (q) => q.where('archived_at', 'is', null))
    .orderBy('name')
    .orderBy('id')
    .execute()
}

export function findSchool(db: Db, id: number) {
  return db.selectFrom('schools').select(DIRECTORY_COLUMNS).where('id', '=', id).executeTakeFirst()
}

/** Every school, archived ones too, locked until the transaction ends (an import plans against them). */
export function schoolsForUpdate(trx: Db) {
  return trx.selectFrom('schools').select(DIRECTORY_COLUMNS).orderBy('id').forUpdate().execute()
}

export async function insertSchool(trx: Db, values: SchoolValues): Promise<number> {
  return (await trx.insertInto('schools').values(values).returning('id').executeTakeFirstOrThrow()).id
}

export function updateSchool(trx: Db, id: number, values: Partial<SchoolValues>) {
  return trx
    .updateTable('schools')
    .set({ ...values, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning(DIRECTORY_COLUMNS)
    .executeTakeFirst()
}

export function setArchived(trx: Db, id: number, archived: boolean) {
  return trx
    .updateTable('schools')
    .set({ archived_at: archived ? sql<Date>`now()` : null, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returning(DIRECTORY_COLUMNS)
    .executeTakeFirst()
}

/** What a school's deletion would take with it: whether it has responses, and any administration it took part in. */
export async function schoolHistory(db: Db, id: number) {
  const [responses, administrations] = await Promise.all([
    db.selectFrom('responses').select('id').where('school_id', '=', id).limit(1).executeTakeFirst(),
    db.selectFrom('access_codes as c').innerJoin('administrations as a', 'a.id', 'c.administration_id').select('a.name').distinct().where('c.school_id', '=', id).orderBy('a.name').execute(),
  ])
  return { hasResponses: responses !== undefined, administrations: administrations.map((a) => a.name) }
}

/**
 * The administrations a school is collecting in or about to: a live code in a window not ended yet. An archived
 * school would leave those posters answering for a school the directory no longer lists.
 */
export async function openAdministrations(db: Db, id: number, now: Date) {
  const rows = await db
    .selectFrom('access_codes as c')
    .innerJoin('administrations as a', 'a.id', 'c.administration_id')
    .select('a.name')
    .distinct()
    .where('c.school_id', '=', id)
    .where('c.revoked_at', 'is', null)
    .where('a.closed_at', 'is', null)
    .where('a.closes_at', '>', now)
    .orderBy('a.name')
    .execute()
  return rows.map((r) => r.name)
}

/** Deletes a school with nothing recorded about it; its account and partner-service links go with it. */
export async function deleteSchool(trx: Db, id: number): Promise<boolean> {
  await trx.deleteFrom('user_schools').where('school_id', '=', id).execute()
  await trx.deleteFrom('partner_service_schools').where('school_id', '=', id).execute()
  const result = await trx.deleteFrom('schools').where('id', '=', id).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

/** The archived schools among some. */
export function archivedAmong(db: Db, ids: number[]) {
  return db.selectFrom('schools').select(['id', 'name']).where('id', 'in', ids.length > 0 ? ids : [-1]).where('archived_at', 'is not', null).orderBy('name').execute()
}
