import type { Kysely } from 'kysely'
import { findOffer } from '../administrations/access.repository'
import { accessState, assertOpen, normalizeCode, unknownCode } from '../administrations/access.service'
import type { Channel, Database, Role } from '../db/schema'
import { BadRequest, Conflict, Gone, HttpError, InvalidResponse } from '../errors'
import { LOCALES } from '../instruments/ana'
import { contentHash } from '../instruments/content-hash'
import { getCompiledVersion, getScoreLayout, type CompiledVersion } from '../instruments/instruments.service'
import { encodeScores, type ScoreLayout } from '../instruments/layout'
import { scoreResponse } from '../instruments/scoring'
import { groupCommit } from './group-commit'
import { findStoredResponses, insertResponses, type StoredResponse } from './intake.repository'

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

/** What an access code offers under one slug and version: where a response goes and what it must answer. */
interface Offer {
  schoolId: number
  administrationId: number
  instrumentVersionId: number
  role: Role
  revoked_at: Date | null
  opens_at: Date
  closes_at: Date
  closed_at: Date | null
}

/** What became of one response in a group write. */
type Outcome = { kind: 'created' | 'replayed'; receivedAt: Date } | { kind: 'conflict' } | { kind: 'not-offered' }

export interface Intake {
  /** Validates, scores and stores one response exactly once per id; a replay of the same payload returns the original receipt. */
  submit(input: Submission): Promise<Receipt>
  /** Resolves when no response is waiting to be written. */
  settled(): Promise<void>
}

export interface IntakeOptions {
  /** Most responses in one statement. */
  maxBatch?: number
  /** Most statements under way at once: one makes the largest groups (measured: more responses/s than two). */
  maxInFlight?: number
}

/** Offers are kept this long: long enough for a busy school, short enough that an unused code leaves memory. */
const OFFER_TTL_MS = 60_000
const MAX_CACHED_OFFERS = 10_000

/**
 * The intake of one database. Each response is validated against its pinned version, scored, and written with
 * others that arrive meanwhile in one statement (group-commit.ts) that stores it with its scores exactly once.
 *
 * Offers (code, slug, version → school, administration, version) are read once and kept in memory while open: the
 * statement that stores a response checks its offer again against the database, so a cached offer can never let
 * a response in that the database would refuse, and every refusal (404, 410, 400) is decided on a fresh read.
 */
export function createIntake(db: Kysely<Database>, options: IntakeOptions = {}): Intake {
  const offers = new Map<string, { offer: Offer; until: number }>()
  const layouts = new Map<number, Promise<ScoreLayout>>()

  const freshOffer = async (code: string, slug: string, version: number): Promise<Offer> => {
    const found = await findOffer(db, code, slug, version)
    if (!found) throw unknownCode()
    assertOpen(found)
    if (found.instrument_version_id === null || found.role === null) {
      throw new BadRequest(`This survey does not offer ${slug} version ${version}.`)
    }
    const offer: Offer = {
      schoolId: found.school_id,
      administrationId: found.administration_id,
      instrumentVersionId: found.instrument_version_id,
      role: found.role,
      revoked_at: found.revoked_at,
      opens_at: found.opens_at,
      closes_at: found.closes_at,
      closed_at: found.closed_at,
    }
    if (offers.size >= MAX_CACHED_OFFERS) offers.clear()
    offers.set(`${code} ${slug} ${version}`, { offer, until: Date.now() + OFFER_TTL_MS })
    return offer
  }

  const cachedOffer = (code: string, slug: string, version: number): Offer | null => {
    const key = `${code} ${slug} ${version}`
    const entry = offers.get(key)
    if (!entry) return null
    // A window that ran out since is decided afresh (it may have been extended meanwhile).
    if (entry.until < Date.now() || accessState(entry.offer, new Date()) !== 'open') {
      offers.delete(key)
      return null
    }
    return entry.offer
  }

  const layoutOf = (version: CompiledVersion): Promise<ScoreLayout> => {
    let layout = layouts.get(version.row.id)
    if (!layout) {
      layout = getScoreLayout(db, version)
      layouts.set(version.row.id, layout)
      layout.catch(() => layouts.delete(version.row.id))
    }
    return layout
  }

  const writes = groupCommit<StoredResponse, Outcome>(async (items) => {
    // One write per id: later copies of the same id in this batch replay the first, or conflict with it.
    const first = new Map<string, StoredResponse>()
    for (const response of items) if (!first.has(response.id)) first.set(response.id, response)
    const stored = await insertResponses(db, [...first.values()])
    const missing = [...first.keys()].filter((id) => !stored.has(id))
    const existing = new Map(missing.length > 0 ? (await findStoredResponses(db, missing)).map((r) => [r.id, r]) : [])
    const createdIds = new Set<string>()
    return items.map((response) => {
      const receivedAt = stored.get(response.id)
      if (receivedAt) {
        const original = first.get(response.id)!
        if (original.payloadHash !== response.payloadHash) return { kind: 'conflict' }
        if (createdIds.has(response.id)) return { kind: 'replayed', receivedAt }
        createdIds.add(response.id)
        return { kind: 'created', receivedAt }
      }
      // Not stored now: stored before (its committed row is final, so comparing fingerprints needs no lock), or its
      // offer no longer holds.
      const before = existing.get(response.id)
      if (!before) return { kind: 'not-offered' }
      return before.payload_hash === response.payloadHash ? { kind: 'replayed', receivedAt: before.received_at } : { kind: 'conflict' }
    })
  }, { maxBatch: options.maxBatch ?? 64, maxInFlight: options.maxInFlight ?? 1 })

  const store = async (input: Submission, offer: Offer, hash: string): Promise<Outcome> => {
    const version = await getCompiledVersion(db, offer.instrumentVersionId)
    const problems = version.validate(input.answers)
    if (problems.length > 0) throw new InvalidResponse(problems)
    const scores = encodeScores(await layoutOf(version), scoreResponse(version.index, input.answers))
    return writes.write({
      id: input.id.toLowerCase(),
      code: normalizeCode(input.code),
      schoolId: offer.schoolId,
      administrationId: offer.administrationId,
      instrumentVersionId: offer.instrumentVersionId,
      role: offer.role,
      locale: input.locale,
      channel: input.channel,
      startedAt: input.startedAt ?? null,
      submittedAt: input.submittedAt ?? null,
      answers: input.answers,
      payloadHash: hash,
      scores,
    })
  }

  const receive = async (input: Submission, hash: string): Promise<Outcome> => {
    const code = normalizeCode(input.code)
    const cached = cachedOffer(code, input.slug, input.version)
    const outcome = await store(input, cached ?? (await freshOffer(code, input.slug, input.version)), hash)
    // The offer changed since it was cached: read it again, which refuses with the reason, or store once more.
    if (outcome.kind === 'not-offered' && cached) return store(input, await freshOffer(code, input.slug, input.version), hash)
    return outcome
  }

  return {
    async submit(input) {
      if (!(LOCALES as readonly string[]).includes(input.locale)) {
        throw new BadRequest(`Unknown locale "${input.locale}"; use one of ${LOCALES.join(', ')}.`)
      }
      const id = input.id.toLowerCase()
      const hash = payloadHash(input)
      let outcome: Outcome
      try {
        outcome = await receive(input, hash)
      } catch (error) {
        // An id already stored answers for itself, whatever the survey's state since: a kiosk that sends again a
        // response whose first answer was lost on the way, after the survey closed or its code was replaced, gets
        // its receipt (not "closed"), and a different payload under that id is a conflict, as while it was open.
        if (!(error instanceof Gone)) throw error
        const [stored] = await findStoredResponses(db, [id])
        if (!stored) throw error
        outcome = stored.payload_hash === hash ? { kind: 'replayed', receivedAt: stored.received_at } : { kind: 'conflict' }
      }
      switch (outcome.kind) {
        case 'created':
        case 'replayed':
          return { id, receivedAt: outcome.receivedAt.toISOString(), created: outcome.kind === 'created' }
        case 'conflict':
          throw new Conflict('A different response with this id was already received; the stored response is unchanged.')
        case 'not-offered':
          // Read as open and offered a moment ago, refused when stored: it changed in between. Sending again decides.
          throw new HttpError(503, 'offer_changed', 'The survey changed while this response was being stored; send it again.')
      }
    },
    settled: () => writes.settled(),
  }
}
