import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'

/** Whether an admin who can sign in exists. */
export async function hasActiveAdmin(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('role', '=', 'district-admin').where('disabled_at', 'is', null).limit(1).executeTakeFirst()
  return row !== undefined
}

/**
 * Makes the first admin, or nothing when an active admin exists by now. A transaction-scoped lock makes two
 * first-run pages sent at the same moment take turns, so the second finds the first's admin.
 */
export function insertFirstAdmin(db: Kysely<Database>, admin: { email: string; passwordHash: string }) {
  return db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext('ana:first-admin'))`.execute(tx)
    if (await hasActiveAdmin(tx)) return null
    const row = await tx
      .insertInto('users')
      .values({ email: admin.email, password_hash: admin.passwordHash, role: 'district-admin' })
      // An existing account of that address (a school team member, a disabled admin) becomes the admin.
      .onConflict((oc) => oc.column('email').doUpdateSet({ password_hash: admin.passwordHash, role: 'district-admin', disabled_at: null }))
      .returning('id')
      .executeTakeFirstOrThrow()
    await tx.deleteFrom('user_schools').where('user_id', '=', row.id).execute()
    await tx.deleteFrom('sessions').where('user_id', '=', row.id).execute()
    return row.id
  })
}
