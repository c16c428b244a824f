import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { schoolIdsOfUser, type SessionUser } from './auth.repository'

const tokenColumns = ['t.id', 't.name', 't.user_id', 'u.email', 't.created_at', 't.expires_at', 't.last_used_at', 't.revoked_at'] as const

/** Tokens, newest first: one account's, or every account's (ownerId null). */
export function listTokens(db: Kysely<Database>, ownerId: number | null) {
  let query = db.selectFrom('api_tokens as t').innerJoin('users as u', 'u.id', 't.user_id').select(tokenColumns).orderBy('t.id', 'desc')
  if (ownerId !== null) query = query.where('t.user_id', '=', ownerId)
  return query.execute()
}

export function insertToken(db: Kysely<Database>, token: { userId: number; name: string; hash: Buffer; days: number }) {
  return db
    .insertInto('api_tokens')
    .values({ user_id: token.userId, name: token.name, token_hash: token.hash, expires_at: sql<Date>`now() + make_interval(days => ${token.days})` })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function findToken(db: Kysely<Database>, id: number) {
  return db.selectFrom('api_tokens as t').innerJoin('users as u', 'u.id', 't.user_id').select(tokenColumns).where('t.id', '=', id).executeTakeFirst()
}

export async function revokeToken(db: Kysely<Database>, id: number, by: number): Promise<boolean> {
  const result = await db.updateTable('api_tokens').set({ revoked_at: sql`now()`, revoked_by: by }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/**
 * The account a live token acts for: not revoked, not expired, its account not disabled; null otherwise. Notes the
 * use at most once a minute.
 */
export async function tokenUser(db: Kysely<Database>, hash: Buffer): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id as token_id',
      'u.id',
      'u.email',
      'u.role',
      sql<boolean>`t.last_used_at is null or t.last_used_at < now() - interval '1 minute'`.as('stale'),
      schoolIdsOfUser(),
    ])
    .where('t.token_hash', '=', hash)
    .where('t.revoked_at', 'is', null)
    .where(sql<boolean>`t.expires_at > now()`)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst()
  if (!row) return null
  if (row.stale) await db.updateTable('api_tokens').set({ last_used_at: sql`now()` }).where('id', '=', row.token_id).execute()
  // No CSRF token: a token only reads (plugins/access.ts refuses it anything else).
  return { id: row.id, email: row.email, role: row.role, schoolIds: row.school_ids ?? [], csrfToken: '' }
}
