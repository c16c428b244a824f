import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { THROTTLE_FORGET_HOURS } from './auth.repository'

/** Expired and used password links are kept this long, so an old link still answers "expired" or "used", not "unknown". */
const PASSWORD_LINK_KEEP_DAYS = 30

/** A sign-in with the district's accounts lasts 10 minutes (oidc.repository.ts); one older than this is abandoned. */
const OIDC_SIGN_IN_KEEP_HOURS = 1

/** Throttle rows and wrong-current-password counts untouched for THROTTLE_FORGET_HOURS; how many. */
export async function deleteOldThrottleRows(db: Kysely<Database>) {
  const rows = await db.deleteFrom('sign_in_throttle').where(sql<boolean>`last_at < now() - make_interval(hours => ${THROTTLE_FORGET_HOURS})`).executeTakeFirst()
  const counts = await db.deleteFrom('login_failures').where(sql<boolean>`last_failed_at < now() - make_interval(hours => ${THROTTLE_FORGET_HOURS})`).executeTakeFirst()
  return Number(rows.numDeletedRows) + Number(counts.numDeletedRows)
}

/** Password links expired (or spent) more than PASSWORD_LINK_KEEP_DAYS ago; how many. */
export async function deleteOldPasswordLinks(db: Kysely<Database>) {
  const result = await db
    .deleteFrom('password_links')
    .where(sql<boolean>`least(expires_at, coalesce(used_at, expires_at)) < now() - make_interval(days => ${PASSWORD_LINK_KEEP_DAYS})`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Sign-ins with the district's accounts that were started and never finished; how many. */
export async function deleteAbandonedOidcSignIns(db: Kysely<Database>) {
  const result = await db.deleteFrom('oidc_sign_ins').where(sql<boolean>`created_at < now() - make_interval(hours => ${OIDC_SIGN_IN_KEEP_HOURS})`).executeTakeFirst()
  return Number(result.numDeletedRows)
}
