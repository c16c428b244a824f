import type { FastifyBaseLogger } from 'fastify'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { decideBatches } from '../disclosure/release-rule'
import { NotFound } from '../errors'
import { windowStatus } from '../administrations/window'
import { currentReleases, endedWithoutFinalCut, insertRelease, releasedSchools, takeIn, waitingBatches } from './releases.repository'
import { FOLD_LOCK, foldReleasedWithin } from './rollups.repository'

export interface CutResult {
  /** The release cut, or null when no waiting batch could join (an interim cut then makes none). */
  release: { number: number; cutAt: Date; final: boolean } | null
  /** Responses taken in. */
  released: number
  /** Schools with responses still waiting: their batch would have shown a group under k (never a count). */
  schoolsWaiting: number
}

/**
 * Cuts a release of one administration: decides each waiting batch by the release rule (disclosure/release-rule.ts),
 * takes the joining ones in and folds them into the rollups, all in one transaction under the fold lock, so a reader
 * sees the release before or after, never half of it. A cut after the window ended is final and always makes a
 * release (the last one, even if nothing more could join), so the scheduled cut runs once.
 */
export async function cutRelease(db: Kysely<Database>, administrationId: number, options: { minCellSize: number; cutBy: number | null; now?: Date }): Promise<CutResult> {
  const administration = await db.selectFrom('administrations').select(['id', 'opens_at', 'closes_at', 'closed_at']).where('id', '=', administrationId).executeTakeFirst()
  if (!administration) throw new NotFound(`No administration with id ${administrationId}.`)
  const final = windowStatus(administration, options.now ?? new Date()) === 'closed'
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${FOLD_LOCK})`.execute(trx)
    const batches = await waitingBatches(trx, administrationId)
    const decisions = decideBatches(batches, await releasedSchools(trx, administrationId), options.minCellSize)
    const joining = decisions.filter((d) => d.joins)
    const schoolsWaiting = new Set(decisions.filter((d) => !d.joins).map((d) => d.schoolId)).size
    if (joining.length === 0 && !final) return { release: null, released: 0, schoolsWaiting }
    const release = await insertRelease(trx, { administrationId, final, cutBy: options.cutBy })
    const released = await takeIn(trx, administrationId, release.id, joining)
    await foldReleasedWithin(trx)
    return { release: { number: release.number, cutAt: release.cut_at, final: release.final }, released, schoolsWaiting }
  })
}

/** What staff are told of an administration's figures: the release they read and when the next can come. */
export interface ReleaseInfo {
  number: number | null
  cutAt: string | null
  final: boolean
  /** When the next release is due at the latest: the window's end, while it is open; null once it has ended. */
  nextAt: string | null
}

export async function releaseInfo(db: Kysely<Database>, administration: { id: number; closes_at: Date; closed_at: Date | null }, now = new Date()): Promise<ReleaseInfo> {
  const [current] = await currentReleases(db, [administration.id])
  const end = administration.closed_at && administration.closed_at < administration.closes_at ? administration.closed_at : administration.closes_at
  return {
    number: current?.number ?? null,
    cutAt: current?.cut_at.toISOString() ?? null,
    final: current?.final ?? false,
    nextAt: end > now ? end.toISOString() : null,
  }
}

export interface ReleaseSchedule {
  /** Cuts what is due now; resolves with how many releases it cut. */
  runOnce(now?: Date): Promise<number>
  close(): Promise<void>
}

/**
 * The scheduled cuts: a release for every administration whose window has ended since its last release. Runs
 * every `everyMs` in the background; a cut in another process waits on the same lock, and the second one then finds
 * nothing due.
 */
export function releaseSchedule(db: Kysely<Database>, log: FastifyBaseLogger, options: { minCellSize: number; everyMs: number }): ReleaseSchedule {
  let running: Promise<number> | null = null
  let closed = false
  const runOnce = async (now = new Date()) => {
    let cut = 0
    for (const { id } of await endedWithoutFinalCut(db, now)) {
      await cutRelease(db, id, { minCellSize: options.minCellSize, cutBy: null, now })
      cut += 1
    }
    return cut
  }
  const tick = () => {
    if (closed || running) return
    running = runOnce()
      .catch((error: unknown) => {
        log.warn({ err: error }, 'a scheduled release cut failed; it is tried again at the next tick')
        return 0
      })
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
