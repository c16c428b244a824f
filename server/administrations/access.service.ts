import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { Gone, NotFound } from '../errors'
import { findAccessCode, offeredInstruments } from './access.repository'
import { versionAtSchool } from './grade-offer'
import { toLocalDateTime } from './window'
import { normalizeCode } from '../vocabulary/access-codes'


export type AccessState = 'open' | 'not-yet-open' | 'closed' | 'revoked'

export function accessState(
  access: { revoked_at: Date | null; opens_at: Date; closes_at: Date; closed_at: Date | null },
  now: Date,
): AccessState {
  if (access.revoked_at) return 'revoked'
  if (access.closed_at && access.closed_at <= now) return 'closed'
  if (now < access.opens_at) return 'not-yet-open'
  if (now >= access.closes_at) return 'closed'
  return 'open'
}

/**
 * Resolves an access code to its school and administration. Unknown codes are 404; a code whose survey is
 * closed, not yet open or revoked is 410 with the reason as a stable code the runner translates.
 */
export async function resolveAccess(db: Kysely<Database>, rawCode: string, now = new Date()) {
  const access = await findAccessCode(db, normalizeCode(rawCode))
  if (!access) throw unknownCode()
  assertOpen(access, now)
  return access
}

export function unknownCode(): NotFound {
  return new NotFound('This access code is not known. Check the code on the poster or card.')
}

/** A code whose survey is closed, not yet open or revoked is 410, the reason a stable code the runner translates. */
export function assertOpen(access: { revoked_at: Date | null; opens_at: Date; closes_at: Date; closed_at: Date | null; time_zone: string }, now = new Date()): void {
  const state = accessState(access, now)
  if (state !== 'open') {
    const messages: Record<Exclude<AccessState, 'open'>, string> = {
      // The day in the district's time zone, as on the poster (in UTC an evening opening in Los Angeles is the next day).
      'not-yet-open': `This survey opens on ${toLocalDateTime(access.opens_at, access.time_zone).slice(0, 10)}.`,
      closed: 'This survey is closed. Thank you for your interest.',
      revoked: 'This access code is no longer in use. Ask the school for a new one.',
    }
    throw new Gone(messages[state], { reason: state })
  }
}

export async function describeAccess(db: Kysely<Database>, rawCode: string, minCellSize: number) {
  const access = await resolveAccess(db, rawCode)
  const versions = await offeredInstruments(db, access.administration_id, access.school_id)
  // Only what the school's grades can answer, and of a grade-band question only the school's bands.
  const instruments = []
  for (const v of versions) {
    const offer = await versionAtSchool(db, v.id, access.school_grades)
    if (offer.offered) instruments.push({ ...v, grades: offer.grades, gradeBands: offer.gradeBands })
  }
  return {
    code: access.code,
    minCellSize,
    school: { id: access.school_id, name: access.school_name },
    administration: {
      id: access.administration_id,
      name: access.administration_name,
      closesAt: access.closes_at.toISOString(),
      mode: access.mode,
    },
    instruments: instruments.map((i) => ({
      slug: i.slug,
      version: i.version,
      role: i.role,
      title: i.title ?? i.slug,
      minutes: i.minutes,
      languages: Object.keys(i.translations),
      grades: i.grades,
      gradeBands: i.gradeBands,
    })),
  }
}
