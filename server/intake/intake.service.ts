import type { Kysely } from 'kysely'
import { findOffer } from '../administrations/access.repository'
import { accessState, assertOpen, unknownCode } from '../administrations/access.service'
import { normalizeCode } from '../vocabulary/access-codes'
import { gradeBandProblems, offerAtSchool, type GradeBandChoices } from '../administrations/grade-offer'
import type { Channel, Database, Role } from '../db/schema'
import { BadRequest, Conflict, Gone, HttpError, InvalidResponse } from '../errors'
import { LOCALES } from '../instruments/ana'
import { contentHash } from '../instruments/content-hash'
import { getCompiledVersion, getScoreLayout, type CompiledVersion } from '../instruments/instruments.service'
import { encodeScores, type ScoreLayout } from '../instruments/layout'
import { scoreResponse } from '../instruments/scoring'
import { MAX_BODY_DEPTH, TOO_DEEP, valueNestsDeeperThan } from '../plugins/json-body'
import { groupCommit, type GroupCommit } from './group-commit'
import { findStoredResponses, insertResponses, type StoredResponse } from './intake.repository'
import type { Receipt, Submission } from './intake.schemas'

export type { Receipt, Submission } from './intake.schemas'

/**
 * The payload's fingerprint: the same id must always come with the same content. The canonical JSON it hashes is
 * written recursively, so answers nested deeper than any body may be (HTTP bodies are refused past MAX_BODY_DEPTH
 * already) are refused here too, from any caller, rather than overflowing the stack.
 */
export function payloadHash(input: Submission): string {
  const { id, code, slug, version, locale, channel, answers, startedAt, submittedAt } = input
  if (valueNestsDeeperThan(answers, MAX_BODY_DEPTH)) throw new BadRequest(TOO_DEEP)
  return contentHash({ id, code: normalizeCode(code), slug, version, locale, channel, answers, startedAt: startedAt ?? null, submittedAt: submittedAt ?? null })
}

/** What an access code offers under one slug and version: where a response goes and what it must answer. */
interface Offer {
  schoolId: number
  administrationId: number
  instrumentVersionId: number
  role: Role
  /** The grade-band choices the school's people can give (the school's bands and "prefer not to say"). */
  gradeBands: GradeBandChoices[]
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

type Db = Kysely<Database>

/** An access code, slug and version, as one Map key. */
type OfferKey = string & { readonly __brand: 'OfferKey' }
const offerKey = (code: string, slug: string, version: number) => `${code} ${slug} ${version}` as OfferKey

/** The offer as the database has it now: 404 for an unknown code, 410 when closed, 400 when it offers no such version. */
async function readOffer(db: Db, code: string, slug: string, version: number): Promise<Offer> {
  const found = await findOffer(db, code, slug, version)
  if (!found) throw unknownCode()
  assertOpen(found)
  if (found.instrument_version_id === null || found.role === null) {
    throw new BadRequest(`This survey does not offer ${slug} version ${version}.`)
  }
  // The school's grades decide what it offers (administrations/grade-offer.ts), as the runner was told.
  const atSchool = offerAtSchool((await getCompiledVersion(db, found.instrument_version_id)).index, found.school_grades)
  if (!atSchool.offered) {
    throw new BadRequest(`This survey does not offer ${slug} version ${version} at this school: it is for grades ${atSchool.instrumentGrades}, and the school teaches ${found.school_grades}.`)
  }
  return {
    schoolId: found.school_id,
    administrationId: found.administration_id,
    instrumentVersionId: found.instrument_version_id,
    role: found.role,
    gradeBands: atSchool.gradeBands,
    revoked_at: found.revoked_at,
    opens_at: found.opens_at,
    closes_at: found.closes_at,
    closed_at: found.closed_at,
  }
}

/** Offers read once and kept in memory while open, for a minute at most. */
class OfferCache {
  private readonly entries = new Map<OfferKey, { offer: Offer; until: number }>()

  constructor(private readonly db: Db) {}

  /** Reads the offer afresh (refusing with the reason) and keeps it. */
  async fresh(code: string, slug: string, version: number): Promise<Offer> {
    const offer = await readOffer(this.db, code, slug, version)
    if (this.entries.size >= MAX_CACHED_OFFERS) this.entries.clear()
    this.entries.set(offerKey(code, slug, version), { offer, until: Date.now() + OFFER_TTL_MS })
    return offer
  }

  /** The kept offer, if it is recent and its window still open. */
  cached(code: string, slug: string, version: number): Offer | null {
    const key = offerKey(code, slug, version)
    const entry = this.entries.get(key)
    if (!entry) return null
    // A window that ran out since is decided afresh (it may have been extended meanwhile).
    if (entry.until < Date.now() || accessState(entry.offer, new Date()) !== 'open') {
      this.entries.delete(key)
      return null
    }
    return entry.offer
  }
}

/** Each version's score layout, read (or extended) once; a failed read is tried again next time. */
class LayoutCache {
  private readonly layouts = new Map<number, Promise<ScoreLayout>>()

  constructor(private readonly db: Db) {}

  of(version: CompiledVersion): Promise<ScoreLayout> {
    let layout = this.layouts.get(version.row.id)
    if (!layout) {
      layout = getScoreLayout(this.db, version)
      this.layouts.set(version.row.id, layout)
      layout.catch(() => this.layouts.delete(version.row.id))
    }
    return layout
  }
}

/** Writes a group of responses in one statement and tells what became of each. */
async function storeBatch(db: Db, items: StoredResponse[]): Promise<Outcome[]> {
  // One write per id: later copies of the same id in this batch replay the first, or conflict with it.
  const first = new Map<string, StoredResponse>()
  for (const response of items) if (!first.has(response.id)) first.set(response.id, response)
  const stored = await insertResponses(db, [...first.values()])
  const missing = [...first.keys()].filter((id) => !stored.has(id))
  const existing = new Map(missing.length > 0 ? (await findStoredResponses(db, missing)).map((r) => [r.id, r]) : [])
  const createdIds = new Set<string>()
  return items.map((response): Outcome => {
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
}

/** The row a response is stored as, where its offer sends it. */
function storedResponse(input: Submission, offer: Offer, hash: string, scores: StoredResponse['scores']): StoredResponse {
  return {
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
  }
}

/**
 * An id already stored answers for itself, whatever the survey's state since: a kiosk that sends again a response
 * whose first answer was lost on the way, after the survey closed or its code was replaced, gets its receipt (not
 * "closed"), and a different payload under that id is a conflict, as while it was open.
 */
async function outcomeOfStored(db: Db, id: string, hash: string, error: unknown): Promise<Outcome> {
  if (!(error instanceof Gone)) throw error
  const [stored] = await findStoredResponses(db, [id])
  if (!stored) throw error
  return stored.payload_hash === hash ? { kind: 'replayed', receivedAt: stored.received_at } : { kind: 'conflict' }
}

function receiptOf(id: string, outcome: Outcome): Receipt {
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
}

function assertLocale(locale: string): void {
  if (!(LOCALES as readonly string[]).includes(locale)) {
    throw new BadRequest(`Unknown locale "${locale}"; use one of ${LOCALES.join(', ')}.`)
  }
}

class GroupedIntake implements Intake {
  private readonly offers: OfferCache
  private readonly layouts: LayoutCache
  private readonly writes: GroupCommit<StoredResponse, Outcome>

  constructor(
    private readonly db: Db,
    options: IntakeOptions,
  ) {
    this.offers = new OfferCache(db)
    this.layouts = new LayoutCache(db)
    this.writes = groupCommit<StoredResponse, Outcome>((items) => storeBatch(db, items), { maxBatch: options.maxBatch ?? 64, maxInFlight: options.maxInFlight ?? 1 })
  }

  async submit(input: Submission): Promise<Receipt> {
    assertLocale(input.locale)
    const id = input.id.toLowerCase()
    const hash = payloadHash(input)
    let outcome: Outcome
    try {
      outcome = await this.receive(input, hash)
    } catch (error) {
      outcome = await outcomeOfStored(this.db, id, hash, error)
    }
    return receiptOf(id, outcome)
  }

  settled(): Promise<void> {
    return this.writes.settled()
  }

  private async receive(input: Submission, hash: string): Promise<Outcome> {
    const code = normalizeCode(input.code)
    const cached = this.offers.cached(code, input.slug, input.version)
    const outcome = await this.store(input, cached ?? (await this.offers.fresh(code, input.slug, input.version)), hash)
    // The offer changed since it was cached: read it again, which refuses with the reason, or store once more.
    if (outcome.kind === 'not-offered' && cached) return this.store(input, await this.offers.fresh(code, input.slug, input.version), hash)
    return outcome
  }

  /** Validates against the pinned version, scores, and hands the response to the group write. */
  private async store(input: Submission, offer: Offer, hash: string): Promise<Outcome> {
    const version = await getCompiledVersion(this.db, offer.instrumentVersionId)
    const problems = version.validate(input.answers)
    if (problems.length === 0) problems.push(...gradeBandProblems(version.index, offer, input.answers))
    if (problems.length > 0) throw new InvalidResponse(problems)
    const scores = encodeScores(await this.layouts.of(version), scoreResponse(version.index, input.answers))
    return this.writes.write(storedResponse(input, offer, hash, scores))
  }
}

/**
 * The intake of one database. Each response is validated against its pinned version, scored, and written with
 * others that arrive meanwhile in one statement (group-commit.ts) that stores it with its scores exactly once.
 *
 * Offers (code, slug, version → school, administration, version) are read once and kept in memory while open: the
 * statement that stores a response checks its offer again against the database, so a cached offer can never let
 * a response in that the database would refuse, and every refusal (404, 410, 400) is decided on a fresh read.
 */
export function createIntake(db: Kysely<Database>, options: IntakeOptions = {}): Intake {
  return new GroupedIntake(db, options)
}
