import type { Kysely } from 'kysely'
import { audit } from '../audit/audit.repository'
import type { SessionUser } from '../auth/auth.repository'
import type { Database, HoldStatus, Role } from '../db/schema'
import type { HoldReason } from '../disclosure/review-rule'
import { withhold, type Withheld } from '../disclosure/withheld'
import { Conflict, NotFound } from '../errors'
import { administrationWindow } from './releases.repository'
import { findHold, listHolds, lockHold, recordDecision, type HoldFilter, type HoldRow } from './review-holds.repository'

/** A hold as a reviewer sees it: one group of one school and role, why it was held, when its responses came, how many. */
export interface ReviewHold {
  id: number
  administration: { id: number; name: string; timeZone: string }
  school: { id: number; name: string }
  role: Role
  reasons: HoldReason[]
  firstReceivedAt: string
  lastReceivedAt: string
  /** Exact only at k or more: a count of one or two held responses says who was at the kiosk. */
  responses: { shown: true; n: number } | Withheld
  heldAt: string
  status: HoldStatus
  decidedAt: string | null
  decidedBy: string | null
}

function present(row: HoldRow, k: number): ReviewHold {
  return {
    id: row.id,
    administration: { id: row.administration_id, name: row.administration_name, timeZone: row.time_zone },
    school: { id: row.school_id, name: row.school_name },
    role: row.role,
    reasons: row.reasons,
    firstReceivedAt: row.first_received_at.toISOString(),
    lastReceivedAt: row.last_received_at.toISOString(),
    responses: withhold(row.responses, k) ?? { shown: true, n: row.responses },
    heldAt: row.held_at.toISOString(),
    status: row.status,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decidedBy: row.decided_by_email,
  }
}

/** Holds, for district admins (the routes say so): a school team's administration gets no exemption, and no say. */
export async function reviewHolds(db: Kysely<Database>, filter: HoldFilter, k: number): Promise<ReviewHold[]> {
  if (filter.administrationId !== undefined) {
    const found = await administrationWindow(db, filter.administrationId)
    if (!found) throw new NotFound(`No administration with id ${filter.administrationId}.`)
  }
  return (await listHolds(db, filter)).map((row) => present(row, k))
}

const DONE: Record<Exclude<HoldStatus, 'held'>, string> = { approved: 'approved', 'set-aside': 'set aside' }

/**
 * Approves a hold (its responses join the next release by the release rule) or sets it aside for good (kept, never
 * released). A decision is final, and it is audited in the same transaction that records it.
 */
export async function decideHold(db: Kysely<Database>, user: SessionUser, holdId: number, status: Exclude<HoldStatus, 'held'>, k: number, now = new Date()): Promise<ReviewHold> {
  await db.transaction().execute(async (trx) => {
    const hold = await lockHold(trx, holdId)
    if (!hold) throw new NotFound(`No review hold with id ${holdId}.`)
    if (hold.status !== 'held') throw new Conflict(`This hold was already ${DONE[hold.status]}; a decision on a hold is final.`)
    await recordDecision(trx, holdId, { status, by: user, at: now })
    const row = (await findHold(trx, holdId))!
    await audit(trx, {
      actor: user,
      action: status === 'approved' ? 'hold.approve' : 'hold.set-aside',
      outcome: 'success',
      target: `hold:${holdId}`,
      detail: {
        administration: row.administration_id,
        school: row.school_id,
        role: row.role,
        reasons: row.reasons,
        firstReceivedAt: row.first_received_at.toISOString(),
        lastReceivedAt: row.last_received_at.toISOString(),
        // The same as the reviewer saw: a count under k is never written down.
        responses: row.responses >= k ? row.responses : `fewer than ${k}`,
      },
    })
  })
  return present((await findHold(db, holdId))!, k)
}
