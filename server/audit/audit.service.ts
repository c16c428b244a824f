import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { auditEntries } from './audit.repository'

/** The audit log, newest first, a page at a time (`before` is the last id of the previous page). */
export async function auditLog(db: Kysely<Database>, query: { limit: number; before?: number; action?: string }) {
  const rows = await auditEntries(db, query)
  return { entries: rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), actor: r.actor_email, action: r.action, outcome: r.outcome, target: r.target, detail: r.detail })) }
}
