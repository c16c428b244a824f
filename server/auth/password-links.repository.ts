import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'

/** A new link for an account; the account's earlier unused links stop working. */
export async function insertPasswordLink(db: Kysely<Database>, link: { tokenHash: Buffer; userId: number; createdBy: number | null; hours: number }) {
  return db.transaction().execute(async (tx) => {
    await tx.updateTable('password_links').set({ used_at: sql`now()` }).where('user_id', '=', link.userId).where('used_at', 'is', null).execute()
    return tx
      .insertInto('password_links')
      .values({ token_hash: link.tokenHash, user_id: link.userId, created_by: link.createdBy, expires_at: sql<Date>`now() + make_interval(hours => ${link.hours})` })
      .returning('expires_at')
      .executeTakeFirstOrThrow()
  })
}

/** A link with its account, and whether it is spent or past its time. */
export function findPasswordLink(db: Kysely<Database>, tokenHash: Buffer) {
  return db
    .selectFrom('password_links as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .select(['l.user_id', 'u.email', 'u.disabled_at', 'l.expires_at', sql<boolean>`l.used_at is not null`.as('used'), sql<boolean>`l.expires_at <= now()`.as('expired')])
    .where('l.token_hash', '=', tokenHash)
    .executeTakeFirst()
}

/**
 * Spends a link and sets the account's password in one transaction; every session of the account ends. Null when
 * the link was spent or expired meanwhile (two tabs at once): one of them wins.
 */
export function usePasswordLink(db: Kysely<Database>, tokenHash: Buffer, passwordHash: string) {
  return db.transaction().execute(async (tx) => {
    const link = await tx
      .updateTable('password_links')
      .set({ used_at: sql`now()` })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where(sql<boolean>`expires_at > now()`)
      .returning('user_id')
      .executeTakeFirst()
    if (!link) return null
    await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', link.user_id).execute()
    await tx.deleteFrom('sessions').where('user_id', '=', link.user_id).execute()
    return link.user_id
  })
}

export function passwordHashOf(db: Kysely<Database>, userId: number) {
  return db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst()
}

/** A person's own new password: their other sessions end, the one they are using stays. */
export async function setOwnPassword(db: Kysely<Database>, userId: number, passwordHash: string, keepSession: Buffer | null) {
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute()
    await tx
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .$if(keepSession !== null, (q) => q.where('token_hash', '!=', keepSession!))
      .execute()
  })
}
