import { sql, type Kysely } from 'kysely'
import type { AccountRole, Database, StaffRole } from '../db/schema'

export interface SessionUser {
  id: number
  email: string
  role: AccountRole
  schoolIds: number[]
  csrfToken: string
}

export function findUserByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('users').select(['id', 'email', 'password_hash', 'role', 'disabled_at']).where('email', '=', email).executeTakeFirst()
}

export async function insertUser(db: Kysely<Database>, user: { email: string; passwordHash: string | null; role: AccountRole; schoolIds: number[] }) {
  return db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('users')
      .values({ email: user.email, password_hash: user.passwordHash, role: user.role })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (user.schoolIds.length > 0) {
      await tx.insertInto('user_schools').values(user.schoolIds.map((schoolId) => ({ user_id: id, school_id: schoolId }))).execute()
    }
    return id
  })
}

/** The schools a staff member belongs to (a school team's own), in id order. */
export async function schoolIdsOf(db: Kysely<Database>, userId: number): Promise<number[]> {
  const rows = await db.selectFrom('user_schools').select('school_id').where('user_id', '=', userId).orderBy('school_id').execute()
  return rows.map((r) => r.school_id)
}

export function listUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users as u')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.role',
      'u.created_at',
      'u.disabled_at',
      sql<boolean>`u.password_hash is not null`.as('has_password'),
      sql<number[]>`coalesce(array_agg(s.school_id order by s.school_id) filter (where s.school_id is not null), '{}')`.as('school_ids'),
      eb.selectFrom('sessions').select((e) => e.fn.countAll<string>().as('n')).whereRef('sessions.user_id', '=', 'u.id').as('sessions'),
    ])
    .leftJoin('user_schools as s', 's.user_id', 'u.id')
    .groupBy('u.id')
    .orderBy('u.email')
    .execute()
}

/** The accounts of these addresses that exist, in id order. */
export function usersWithEmails(db: Kysely<Database>, emails: string[]) {
  return db.selectFrom('users').select(['email', 'role']).where('email', 'in', emails).orderBy('id').execute()
}

export function findUser(db: Kysely<Database>, id: number) {
  return db.selectFrom('users').select(['id', 'email', 'role', 'disabled_at']).where('id', '=', id).executeTakeFirst()
}

export async function updateUser(db: Kysely<Database>, id: number, change: { role?: StaffRole; schoolIds?: number[]; disabled?: boolean; passwordHash?: string }) {
  await db.transaction().execute(async (tx) => {
    const set = {
      ...(change.role !== undefined ? { role: change.role } : {}),
      ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
      ...(change.disabled !== undefined ? { disabled_at: change.disabled ? sql<Date>`coalesce(disabled_at, now())` : null } : {}),
    }
    if (Object.keys(set).length > 0) await tx.updateTable('users').set(set).where('id', '=', id).execute()
    if (change.schoolIds !== undefined) {
      await tx.deleteFrom('user_schools').where('user_id', '=', id).execute()
      if (change.schoolIds.length > 0) {
        await tx.insertInto('user_schools').values(change.schoolIds.map((schoolId) => ({ user_id: id, school_id: schoolId }))).execute()
      }
    }
    // A change of role, schools, password or a disabled account takes effect now: every session ends.
    await tx.deleteFrom('sessions').where('user_id', '=', id).execute()
  })
}

/** The names of a staff member's schools, by name. */
export function schoolNames(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('schools').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute()
}

export function existingSchoolIds(db: Kysely<Database>, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([])
  return db.selectFrom('schools').select('id').where('id', 'in', ids).execute()
}

export async function insertSession(db: Kysely<Database>, session: { tokenHash: Buffer; userId: number; csrfToken: string }) {
  await db.insertInto('sessions').values({ token_hash: session.tokenHash, user_id: session.userId, csrf_token: session.csrfToken }).execute()
}

/**
 * The signed-in user behind a session token, if the session is alive: not ended, not idle longer than the idle
 * timeout, not older than the absolute limit, its account not disabled. Touching last_seen_at keeps it alive;
 * the update is skipped within a minute of the last one, so reads stay reads.
 */
export async function liveSession(db: Kysely<Database>, tokenHash: Buffer, limits: { idleMinutes: number; maxHours: number }): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.role',
      's.csrf_token',
      sql<boolean>`s.last_seen_at < now() - interval '1 minute'`.as('stale'),
      eb.selectFrom('user_schools').select(sql<number[]>`coalesce(array_agg(school_id order by school_id), '{}')`.as('ids')).whereRef('user_id', '=', 'u.id').as('school_ids'),
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('u.disabled_at', 'is', null)
    .where(sql<boolean>`s.last_seen_at > now() - make_interval(mins => ${limits.idleMinutes})`)
    .where(sql<boolean>`s.created_at > now() - make_interval(hours => ${limits.maxHours})`)
    .executeTakeFirst()
  if (!row) return null
  if (row.stale) await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('token_hash', '=', tokenHash).execute()
  return { id: row.id, email: row.email, role: row.role, schoolIds: row.school_ids ?? [], csrfToken: row.csrf_token }
}

export async function deleteSession(db: Kysely<Database>, tokenHash: Buffer) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute()
}

export async function deleteSessionsOf(db: Kysely<Database>, userId: number) {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Every session but those of one account; how many ended. */
export async function deleteSessionsExcept(db: Kysely<Database>, userId: number) {
  const result = await db.deleteFrom('sessions').where('user_id', '!=', userId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Sessions past either limit; run now and then so the table holds only live sessions. */
export async function deleteExpiredSessions(db: Kysely<Database>, limits: { idleMinutes: number; maxHours: number }) {
  await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb(sql`last_seen_at`, '<=', sql`now() - make_interval(mins => ${limits.idleMinutes})`),
        eb(sql`created_at`, '<=', sql`now() - make_interval(hours => ${limits.maxHours})`),
      ]),
    )
    .execute()
}

/** The failure count for an address and how many seconds since the last one. */
export function loginFailures(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('login_failures')
    .select(['failures', sql<number>`extract(epoch from now() - last_failed_at)::float8`.as('seconds_since')])
    .where('email', '=', email)
    .executeTakeFirst()
}

export async function recordLoginFailure(db: Kysely<Database>, email: string) {
  await db
    .insertInto('login_failures')
    .values({ email, failures: 1, last_failed_at: sql`now()` })
    .onConflict((oc) => oc.column('email').doUpdateSet({ failures: sql`login_failures.failures + 1`, last_failed_at: sql`now()` }))
    .execute()
}

export async function clearLoginFailures(db: Kysely<Database>, email: string) {
  await db.deleteFrom('login_failures').where('email', '=', email).execute()
}
