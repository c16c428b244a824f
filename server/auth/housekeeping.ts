import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
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
  let running: Promise<unknown> | null = null
  let closed = false
  const runOnce = async () => ({
    sessions: await deleteExpiredSessions(db, options.sessions),
    throttles: await deleteOldThrottleRows(db),
    passwordLinks: await deleteOldPasswordLinks(db),
    oidcSignIns: await deleteAbandonedOidcSignIns(db),
  })
  const tick = () => {
    if (closed || running) return
    running = runOnce()
      .catch((error: unknown) => log.warn({ err: error }, 'housekeeping failed; it is tried again at the next tick'))
      .finally(() => {
        running = null
      })
  }
  const timer = options.everyMs > 0 ? setInterval(tick, options.everyMs).unref() : null
  return {
    runOnce,
    async close() {
      closed = true
      if (timer) clearInterval(timer)
      await running
    },
  }
}
