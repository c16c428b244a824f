import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import { audit } from '../audit/audit.repository'
import { everyFewMs } from '../background'
import type { SessionUser } from '../auth/auth.repository'
import type { Config } from '../config'
import type { Database } from '../db/schema'
import { decideBatches } from '../disclosure/release-rule'
import { NotFound } from '../errors'
import { windowStatus } from '../administrations/window'
import { findHolds, type ReviewRule } from '../disclosure/review-rule'
import {
  administrationWindow,
  claimedBatches,
  claimWaiting,
  countInRelease,
  currentReleases,
  dropRelease,
  endedWithoutFinalCut,
  giveBack,
  insertRelease,
  releasedSchools,
  releasesOf,
} from './releases.repository'
import { holdResponses, reviewGroups } from './review-holds.repository'
import { foldReleasedWithin, lockFolds } from './rollups.repository'

/** The review rule the config sets: B responses, at most this many minutes apart one after another. */
export function reviewRuleOf(config: Pick<Config, 'reviewBurst' | 'reviewBurstMinutes'>): ReviewRule {
  return { burst: config.reviewBurst, spanMs: config.reviewBurstMinutes * 60_000 }
}

export interface CutResult {
  /** The release cut, or null when no waiting batch could join (an interim cut then makes none). */
  release: { number: number; cutAt: Date; final: boolean } | null
  /** Responses taken in (for the server's own use: the API says how many schools, never how many responses). */
  released: number
  /** Schools whose waiting responses this release took in. */
  schoolsTakenIn: number
  /** Schools with responses still waiting: their batch would have shown a group under k (never a count). */
  schoolsWaiting: number
  /** Review holds this cut made (groups, never a count of responses). */
  holds: number
}

/**
 * Cuts a release of one administration, in one transaction under the fold lock, so a reader sees the release before
 * or after, never half of it:
 *   1. claims every waiting response that may join (never held, or held and approved), in one statement, so the cut
 *      works on a fixed set and a response stored meanwhile waits for the next cut;
 *   2. with a review rule, holds the new ones that came in a burst or beyond enrollment (disclosure/review-rule.ts):
 *      they leave the set and count in no cell until a district admin approves them;
 *   3. decides each batch by the release rule (disclosure/release-rule.ts) and gives back the ones that may not join;
 *   4. folds what joined.
 * A cut after the window ended is final and always makes a release (the last one, even if nothing more could join),
 * so the scheduled cut runs once. `review: null` skips step 2: only for responses the system made itself (the demo).
 */
export async function cutRelease(
  db: Kysely<Database>,
  administrationId: number,
  options: { minCellSize: number; review: ReviewRule | null; cutBy: number | null; now?: Date },
): Promise<CutResult> {
  return db.transaction().execute((trx) => cutReleaseWithin(trx, administrationId, options))
}

/** cutRelease inside the caller's transaction (npm run bench:profiles times a cut it then rolls back). */
export async function cutReleaseWithin(
  trx: Kysely<Database>,
  administrationId: number,
  options: { minCellSize: number; review: ReviewRule | null; cutBy: number | null; now?: Date },
): Promise<CutResult> {
  const administration = await administrationWindow(trx, administrationId)
  if (!administration) throw new NotFound(`No administration with id ${administrationId}.`)
  // One clock for both: whether the cut is final and when it was cut (the scheduled cut passes its own `now`).
  const now = options.now ?? new Date()
  const final = windowStatus(administration, now) === 'closed'
  await lockFolds(trx)
  const released = await releasedSchools(trx, administrationId)
  const release = await insertRelease(trx, { administrationId, final, cutBy: options.cutBy, at: now })
  await claimWaiting(trx, administrationId, release.id)
  let holds = 0
  if (options.review) {
    for (const hold of findHolds(await reviewGroups(trx, administrationId, release.id), options.review)) {
      const id = await holdResponses(trx, { administrationId, releaseId: release.id, schoolId: hold.schoolId, role: hold.role, reasons: hold.reasons, ids: hold.keys })
      if (id !== null) holds += 1
    }
  }
  const decisions = decideBatches(await claimedBatches(trx, release.id), released, options.minCellSize)
  const waiting = decisions.filter((d) => !d.joins)
  await giveBack(trx, release.id, waiting)
  const schoolsWaiting = new Set(waiting.map((d) => d.schoolId)).size
  const joining = decisions.length - waiting.length
  if (joining === 0 && !final) {
    await dropRelease(trx, release.id)
    return { release: null, released: 0, schoolsTakenIn: 0, schoolsWaiting, holds }
  }
  const responsesTakenIn = await countInRelease(trx, release.id)
  await foldReleasedWithin(trx)
  const schoolsTakenIn = new Set(decisions.filter((d) => d.joins).map((d) => d.schoolId)).size
  return { release: { number: release.number, cutAt: release.cut_at, final: release.final }, released: responsesTakenIn, schoolsTakenIn, schoolsWaiting, holds }
}

/** An administration's releases, newest first. */
export async function listReleases(db: Kysely<Database>, administrationId: number) {
  return (await releasesOf(db, administrationId)).map((r) => ({ number: r.number, cutAt: r.cut_at.toISOString(), final: r.final }))
}

/** A release a district admin cuts now (the review rule applies), recorded in the audit log. */
export async function cutReleaseNow(db: Kysely<Database>, administrationId: number, options: { minCellSize: number; review: ReviewRule }, user: SessionUser): Promise<CutResult> {
  const result = await cutRelease(db, administrationId, { minCellSize: options.minCellSize, review: options.review, cutBy: user.id })
  await audit(db, {
    actor: user,
    action: 'release.cut',
    outcome: 'success',
    target: `administration:${administrationId}`,
    detail: { number: result.release?.number ?? null, holds: result.holds },
  })
  return result
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
export function releaseSchedule(db: Kysely<Database>, log: FastifyBaseLogger, options: { minCellSize: number; review: ReviewRule; everyMs: number }): ReleaseSchedule {
  const runOnce = async (now = new Date()) => {
    let cut = 0
    for (const { id } of await endedWithoutFinalCut(db, now)) {
      await cutRelease(db, id, { minCellSize: options.minCellSize, review: options.review, cutBy: null, now })
      cut += 1
    }
    return cut
  }
  const background = everyFewMs(() => runOnce(), { everyMs: options.everyMs, log, failed: 'a scheduled release cut failed; it is tried again at the next tick', name: 'release-cuts' })
  return { runOnce, close: background.close }
}
