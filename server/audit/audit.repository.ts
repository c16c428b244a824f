import { sql, type Kysely } from 'kysely'
import type { AuditOutcome, Database } from '../db/schema'

export interface AuditEntry {
  actor: { id: number; email: string } | null
  /** What was done, e.g. 'auth.login', 'export.responses', 'user.create'. */
  action: string
  outcome: AuditOutcome
  /** What it was done to, e.g. 'school:3' or 'user:7'. */
  target?: string
  /** Parameters worth knowing later (filters, formats, changed fields); never answers, passwords or addresses. */
  detail?: Record<string, unknown>
}

export async function audit(db: Kysely<Database>, entry: AuditEntry) {
  await db
    .insertInto('audit_log')
    .values({
      actor_id: entry.actor?.id ?? null,
      actor_email: entry.actor?.email ?? null,
      action: entry.action,
      outcome: entry.outcome,
      target: entry.target ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute()
}

/** Newest first, a page at a time (`before` is the last id of the previous page). */
export function auditEntries(db: Kysely<Database>, query: { limit: number; before?: number; action?: string }) {
  return db
    .selectFrom('audit_log')
    .select(['id', 'at', 'actor_email', 'action', 'outcome', 'target', 'detail'])
    .$if(query.before !== undefined, (q) => q.where('id', '<', String(query.before)))
    .$if(query.action !== undefined, (q) => q.where(sql<boolean>`starts_with(action, ${query.action!})`))
    .orderBy('id', 'desc')
    .limit(query.limit)
    .execute()
}
