import type { Kysely } from 'kysely'
import { findOffer } from '../administrations/access.repository'
import { assertOpen, normalizeCode, unknownCode } from '../administrations/access.service'
import type { Channel, Database } from '../db/schema'
import { BadRequest, Conflict, InvalidResponse } from '../errors'
import { LOCALES } from '../instruments/ana'
import { contentHash } from '../instruments/content-hash'
import { getCompiledVersion } from '../instruments/instruments.service'
import { scoreResponse } from '../instruments/scoring'
import { findStoredResponse, insertResponseOnce } from './intake.repository'

export interface Submission {
  id: string
  code: string
  slug: string
  version: number
  locale: string
  channel: Channel
  answers: Record<string, unknown>
  startedAt?: string
  submittedAt?: string
}

export interface Receipt {
  id: string
  receivedAt: string
  /** False when this exact response had already been stored and this call only replayed it. */
  created: boolean
}

/** The payload's fingerprint: the same id must always come with the same content. */
export function payloadHash(input: Submission): string {
  const { id, code, slug, version, locale, channel, answers, startedAt, submittedAt } = input
  return contentHash({ id, code: code.trim().toUpperCase(), slug, version, locale, channel, answers, startedAt: startedAt ?? null, submittedAt: submittedAt ?? null })
}

/**
 * Validates a response against its pinned instrument version, scores it, and stores it with its item and domain
 * scores in one transaction, exactly once per id. A replay of the same payload returns the original receipt.
 */
export async function submitResponse(db: Kysely<Database>, input: Submission): Promise<Receipt> {
  if (!(LOCALES as readonly string[]).includes(input.locale)) {
    throw new BadRequest(`Unknown locale "${input.locale}"; use one of ${LOCALES.join(', ')}.`)
  }
  // One query: the code, its school and administration, and the instrument version it offers under this slug.
  const found = await findOffer(db, normalizeCode(input.code), input.slug, input.version)
  if (!found) throw unknownCode()
  assertOpen(found)
  if (found.instrument_version_id === null || found.role === null) {
    throw new BadRequest(`This survey does not offer ${input.slug} version ${input.version}.`)
  }
  const offer = { ...found, instrument_version_id: found.instrument_version_id, role: found.role }

  const version = await getCompiledVersion(db, offer.instrument_version_id)
  const problems = version.validate(input.answers)
  if (problems.length > 0) throw new InvalidResponse(problems)

  const scores = scoreResponse(version.index, input.answers)
  const hash = payloadHash(input)
  const stored = await insertResponseOnce(
    db,
    {
      id: input.id,
      schoolId: offer.school_id,
      administrationId: offer.administration_id,
      instrumentVersionId: offer.instrument_version_id,
      role: offer.role,
      locale: input.locale,
      channel: input.channel,
      startedAt: input.startedAt ?? null,
      submittedAt: input.submittedAt ?? null,
      answers: input.answers,
      payloadHash: hash,
    },
    scores,
  )
  if (stored) {
    return { id: stored.id, receivedAt: new Date(stored.received_at).toISOString(), created: true }
  }
  // The id exists: the committed row is final, so comparing its fingerprint needs no lock.
  const existing = await findStoredResponse(db, input.id)
  if (!existing || existing.payload_hash !== hash) {
    throw new Conflict('A different response with this id was already received; the stored response is unchanged.')
  }
  return { id: existing.id, receivedAt: existing.received_at.toISOString(), created: false }
}
