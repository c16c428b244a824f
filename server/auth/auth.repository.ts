import { sql, type Kysely } from 'kysely'
import type { AccountRole, Database, StaffRole } from '../db/schema'

/**
 * The schools of the account joined as `u`, in order (empty for district staff): a column for a query that signs
 * someone in by a session or an API token.
 */
export const schoolIdsOfUser = () =>
  sql<number[]>`(select coalesce(array_agg(school_id order by school_id), '{}') from user_schools where user_id = u.id)`.as('school_ids')

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
    .select([
      'u.id',
      'u.email',
      'u.role',
      's.csrf_token',
      sql<boolean>`s.last_seen_at < now() - interval '1 minute'`.as('stale'),
      schoolIdsOfUser(),
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

/** Sessions past either limit (housekeeping.ts runs it now and then), so the table holds only live sessions; how many. */
export async function deleteExpiredSessions(db: Kysely<Database>, limits: { idleMinutes: number; maxHours: number }) {
  const result = await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb(sql`last_seen_at`, '<=', sql`now() - make_interval(mins => ${limits.idleMinutes})`),
        eb(sql`created_at`, '<=', sql`now() - make_interval(hours => ${limits.maxHours})`),
      ]),
    )
    .executeTakeFirst()
  return Number(result.numDeletedRows)
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

/** A throttle row untouched this long starts over at its next attempt, and housekeeping deletes it. */
export const THROTTLE_FORGET_HOURS = 24

/** The longest wait a throttle row imposes, in seconds (15 minutes). */
const MAX_WAIT_SECONDS = 15 * 60

/**
 * Seconds a throttle row still makes the next attempt wait: the curve of loginDelaySeconds (the first `free`
 * failures cost nothing, then 1, 2, 4 ... seconds up to 15 minutes) less the time since the row's last attempt. The
 * exponent stops at 10 (1,024 s, past the cap): an account's count from every client can grow without bound.
 */
function throttleWait(free: number) {
  return sql<number>`(case when sign_in_throttle.failures < ${free} then 0 else least(power(2, least(sign_in_throttle.failures - ${free}, 10)), ${MAX_WAIT_SECONDS}) end) - extract(epoch from now() - sign_in_throttle.last_at)`
}

/** A throttle row: a client overall (email ''), a client at one account, or an account from every client (client ''). */
export interface ThrottleKey {
  client: string
  email: string
}

/** Counts one attempt on a row, only if its wait has passed (`free` null: whatever the wait); its count, or undefined. */
function countAttempt(db: Kysely<Database>, key: ThrottleKey, free: number | null) {
  return db
    .insertInto('sign_in_throttle')
    .values({ client: key.client, email: key.email, failures: 1, last_at: sql`now()` })
    .onConflict((oc) =>
      oc
        .columns(['client', 'email'])
        .doUpdateSet({
          failures: sql`case when sign_in_throttle.last_at < now() - make_interval(hours => ${THROTTLE_FORGET_HOURS}) then 1 else sign_in_throttle.failures + 1 end`,
          last_at: sql`now()`,
        })
        // Evaluated on the row as locked, after any concurrent attempt on it committed: no burst passes the limit.
        .where(free === null ? sql<boolean>`true` : sql<boolean>`${throttleWait(free)} <= 0`),
    )
    .returning('failures')
    .executeTakeFirst()
}

class Refused extends Error {
  constructor(readonly seconds: number) {
    super('refused')
  }
}

/**
 * Counts one sign-in attempt on each row, in order, in one transaction: on all of them or, when a row's wait has
 * not passed, on none; then which row refused and the seconds to wait. A row's `free` is given the counts of the
 * rows before it (as locked in this transaction) and says its free failures, or null to count it whatever its
 * wait. Callers take rows in one order (client, client at account, account), so concurrent attempts never deadlock.
 */
export async function countSignInAttempt(
  db: Kysely<Database>,
  rows: { key: ThrottleKey; free: (earlier: number[]) => number | null }[],
): Promise<{ counted: true } | { counted: false; seconds: number; row: number }> {
  let refusedRow = -1
  try {
    await db.transaction().execute(async (tx) => {
      const counted: number[] = []
      for (const [index, row] of rows.entries()) {
        const free = row.free(counted)
        const result = await countAttempt(tx, row.key, free)
        if (result) {
          counted.push(result.failures)
          continue
        }
        const wait = await tx
          .selectFrom('sign_in_throttle')
          .select(sql<number>`ceil(${throttleWait(free!)})::int`.as('seconds'))
          .where('client', '=', row.key.client)
          .where('email', '=', row.key.email)
          .executeTakeFirstOrThrow()
        refusedRow = index
        throw new Refused(Math.max(1, wait.seconds)) // rolls back the rows counted before
      }
    })
  } catch (error) {
    if (error instanceof Refused) return { counted: false, seconds: error.seconds, row: refusedRow }
    throw error
  }
  return { counted: true }
}

/** Gives back an attempt counted on these rows (the password was right). */
export async function uncountSignInAttempt(db: Kysely<Database>, keys: ThrottleKey[]) {
  // One row a statement, each its own transaction: no lock is held while waiting for another.
  for (const key of keys) {
    await db.updateTable('sign_in_throttle').set({ failures: sql`greatest(failures - 1, 0)` }).where('client', '=', key.client).where('email', '=', key.email).execute()
  }
}

export async function deleteThrottleRow(db: Kysely<Database>, key: ThrottleKey) {
  await db.deleteFrom('sign_in_throttle').where('client', '=', key.client).where('email', '=', key.email).execute()
}
