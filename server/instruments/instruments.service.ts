import { audit } from '../audit/audit.repository'
import type { Kysely } from 'kysely'
import type { Database, InstrumentVersionRow } from '../db/schema'
import { NotFound } from '../errors'
import { DefinitionCache, encodeDefinition, type ServedDefinition } from './definition-cache'
import { indexDefinition, type DefinitionIndex } from './definition-index'
import {
  findScoreLayout,
  findVersion,
  findVersionById,
  insertLayoutSlots,
  insertVersionIfAbsent,
  instrumentExists,
  latestPublishedVersions,
  lockScoreLayout,
  updateDraftVersion,
} from './instruments.repository'
import { layoutAdditions, scoredItemSlots, scoreLayout, type ScoreLayout } from './layout'
import type { SurveyFile } from './survey-files'
import { compileValidator, type ResponseValidator } from './validator'

export class VersionConflictError extends Error {
  constructor(file: SurveyFile, stored: InstrumentVersionRow) {
    super(
      `${file.file} differs from ${stored.status} version ${stored.version} of "${stored.slug}" already in the database ` +
        `(stored ${stored.content_hash.slice(0, 12)}, file ${file.hash.slice(0, 12)}). Published versions never change: ` +
        `restore the file from git and put the change in a new version file (${file.slug}/${stored.version + 1}.json).`,
    )
    this.name = 'VersionConflictError'
  }
}

/**
 * Loads surveys/ into the database, idempotently by content hash. A published version whose file no longer
 * matches the stored content is a start-up error, never a silent overwrite; a draft follows its file.
 */
export async function syncSurveyLibrary(db: Kysely<Database>, files: SurveyFile[]): Promise<{ added: number; unchanged: number }> {
  return db.transaction().execute(async (trx) => {
    let added = 0
    let unchanged = 0
    for (const file of files) {
      const before = await findVersion(trx, file.slug, file.version)
      const stored = before ?? (await insertVersionIfAbsent(trx, file))
      if (!before) {
        added += 1
        // Loaded from surveys/ (written by the district and locked in versions.lock.json): the actor is the library.
        await audit(trx, { actor: null, action: stored.status === 'published' ? 'instrument.publish' : 'instrument.draft', outcome: 'success', target: `instrument:${file.slug}/${file.version}`, detail: { source: 'surveys/', contentHash: file.hash } })
      }
      else if (stored.content_hash === file.hash) unchanged += 1
      else if (stored.status === 'draft') await updateDraftVersion(trx, stored.id, file)
      else throw new VersionConflictError(file, stored)
    }
    return { added, unchanged }
  })
}

export interface CompiledVersion {
  row: InstrumentVersionRow
  index: DefinitionIndex
  validate: ResponseValidator
}

// Published versions are immutable, so a compiled validator is good for the life of the process. The key
// carries the content hash so an edited draft compiles afresh; the entry takes the row as read now, so a draft's
// compiled form, published unchanged, does not carry its old status.
const compiled = new Map<string, Omit<CompiledVersion, 'row'>>()
// Served without reading the database at all, so kept per database: two databases in one process (tests, the
// benches, a tool that copies between districts) can each have a version 7, and they need not be the same.
const compiledPublished = new WeakMap<Kysely<Database>, Map<number, CompiledVersion>>()

function compile(row: InstrumentVersionRow): CompiledVersion {
  const key = `${row.id}:${row.content_hash}`
  let entry = compiled.get(key)
  if (!entry) {
    const index = indexDefinition(row.definition)
    entry = { index, validate: compileValidator(index) }
    compiled.set(key, entry)
  }
  return { row, ...entry }
}

export async function getVersion(db: Kysely<Database>, slug: string, version: number): Promise<InstrumentVersionRow> {
  const row = await findVersion(db, slug, version)
  if (!row || row.status === 'draft') {
    throw new NotFound((await instrumentExists(db, slug)) ? `Instrument "${slug}" has no published version ${version}.` : `There is no instrument "${slug}".`)
  }
  return row
}

// Bytes of definitions kept ready to send (JSON, brotli and gzip: ~360 KB a version for the ANA instruments), per
// database for the same reason as compiledPublished.
const DEFINITION_CACHE_BYTES = 64 * 2 ** 20
const definitionCaches = new WeakMap<Kysely<Database>, DefinitionCache>()

export function definitionCache(db: Kysely<Database>): DefinitionCache {
  let cache = definitionCaches.get(db)
  if (!cache) definitionCaches.set(db, (cache = new DefinitionCache(DEFINITION_CACHE_BYTES)))
  return cache
}

/**
 * A published version ready to send: read, serialized and compressed once, then served from memory. Every device
 * that opens the runner downloads one, so this must not cost a query, a serialization or a compression each time.
 */
export function servedDefinition(db: Kysely<Database>, slug: string, version: number): Promise<ServedDefinition> {
  return definitionCache(db).get(`${slug}/${version}`, async () => {
    const row = await getVersion(db, slug, version)
    return encodeDefinition(JSON.stringify(row.definition), row.content_hash)
  })
}

export async function getCompiledVersion(db: Kysely<Database>, id: number): Promise<CompiledVersion> {
  // A published version never changes: once compiled, it is served from memory without reading the definition.
  let published = compiledPublished.get(db)
  const cached = published?.get(id)
  if (cached) return cached
  const row = await findVersionById(db, id)
  if (!row) throw new NotFound(`There is no instrument version ${id}.`)
  const entry = compile(row)
  if (row.status === 'published') {
    if (!published) compiledPublished.set(db, (published = new Map()))
    published.set(id, entry)
  }
  return entry
}

/**
 * The layout a version's responses are stored in, with a slot for every item its definition can score: slots the
 * stored layout lacks (a version no response has used yet, or items no stored response had answered when the
 * layout was made) are added after the last position.
 */
export async function getScoreLayout(db: Kysely<Database>, version: CompiledVersion): Promise<ScoreLayout> {
  const slots = scoredItemSlots(version.index)
  const stored = await findScoreLayout(db, version.row.id)
  const additions = layoutAdditions(stored, slots)
  if (additions.items.length === 0 && additions.domains.length === 0) return scoreLayout(stored)
  return db.transaction().execute(async (trx) => {
    await lockScoreLayout(trx, version.row.id)
    const current = await findScoreLayout(trx, version.row.id)
    const added = layoutAdditions(current, slots)
    await insertLayoutSlots(trx, version.row.id, added)
    return scoreLayout({ items: [...current.items, ...added.items], domains: [...current.domains, ...added.domains] })
  })
}

export async function listInstruments(db: Kysely<Database>) {
  const rows = await latestPublishedVersions(db)
  return rows.map((r) => ({
    slug: r.slug,
    version: r.version,
    role: r.role,
    title: r.title ?? r.slug,
    languages: Object.entries(r.translations).map(([locale, status]) => ({ locale, status })),
    contentHash: r.content_hash,
  }))
}
