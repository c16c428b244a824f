import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import { everyFewMs } from '../background'
import type { Database } from '../db/schema'
import { deleteExpiredSessions } from './auth.repository'
import { deleteAbandonedOidcSignIns, deleteOldPasswordLinks, deleteOldThrottleRows } from './housekeeping.repository'

/** How often housekeeping runs on a server. */
export const HOUSEKEEPING_EVERY_MS = 15 * 60 * 1000

export interface Housekeeping {
  /** Deletes what has expired now; resolves with how many rows of each kind went. */
  runOnce(): Promise<{ sessions: number; throttles: number; passwordLinks: number; oidcSignIns: number }>
  close(): Promise<void>
}

/**
 * Deletes expired sessions, throttle rows nobody touched for a day, long-expired password links and abandoned
 * sign-ins with the district's accounts, every `everyMs` in the background: the tables keep only what still
 * decides something, and a copy of the database holds no more than that. Expired rows already decide nothing
 * (every read checks the time), so a missed run loses nothing.
 */
export function housekeeping(db: Kysely<Database>, log: FastifyBaseLogger, options: { sessions: { idleMinutes: number; maxHours: number }; everyMs: number }): Housekeeping {
  const runOnce = async () => ({
    sessions: await deleteExpiredSessions(db, options.sessions),
    throttles: await deleteOldThrottleRows(db),
    passwordLinks: await deleteOldPasswordLinks(db),
    oidcSignIns: await deleteAbandonedOidcSignIns(db),
  })
  const background = everyFewMs(runOnce, { everyMs: options.everyMs, log, failed: 'housekeeping failed; it is tried again at the next tick', name: 'housekeeping' })
  return { runOnce, close: background.close }
}
