import type { Kysely } from 'kysely'
import { audit } from '../audit/audit.repository'
import { isDistrictStaff } from '../auth/policy'
import type { SessionUser } from '../auth/auth.repository'
import type { Database, InstrumentDraftRow } from '../db/schema'
import { BadRequest, Conflict, Forbidden, NotFound } from '../errors'
import { LOCALES, type AnaSurveyMeta } from '../instruments/ana'
import type { Defect } from '../instruments/check'
import { contentHash } from '../instruments/content-hash'
import type { Domain } from '../instruments/domains'
import { assertAuthorMayPublish } from '../instruments/raw-html'
import { bankItems, protectedArea, searchBank, type BankItem } from './bank'
import { checkDraft, withoutInheritedHtml, wordingsOf, type DraftRules, type PublishedWording } from './draft-check'
import { fromXlsForm, toXlsForm, type XlsFormProblem } from './xlsform'
import {
  findDraft,
  findInstrument,
  findPublishedVersion,
  findSchool,
  insertDraft,
  insertPublishedVersion,
  listDrafts,
  markDraftPublished,
  nextVersionNumber,
  publishedVersions,
  updateDraft,
  versionDefinition,
  versionDefinitions,
  versionNumber,
} from './designer.repository'

type Json = Record<string, unknown>
type Translations = Record<string, 'draft' | 'reviewed'>

/** Whose drafts: a school (its team and district staff) or the district's templates ('district' in the URL). */
export type Owner = number | null

export function parseOwner(id: string): Owner {
  return id === 'district' ? null : Number(id)
}

async function assertOwnerExists(db: Kysely<Database>, owner: Owner): Promise<void> {
  if (owner !== null && (!Number.isInteger(owner) || !(await findSchool(db, owner)))) throw new NotFound(`There is no school ${owner}.`)
}

const isNode = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

// Published versions never change: their items' wording and bank entries are read once per process.
const definitionCache = new Map<number, { slug: string; version: number; definition: Json }>()

async function publishedDefinitions(db: Kysely<Database>, ids: number[]) {
  const missing = ids.filter((id) => !definitionCache.has(id))
  for (const row of await versionDefinitions(db, missing)) definitionCache.set(row.id, { slug: row.slug, version: row.version, definition: row.definition })
  return ids.map((id) => definitionCache.get(id)!)
}

const wordingCache = new Map<number, (PublishedWording & { itemId: string })[]>()

/** itemId → its English wording as first published (every published version's items, read once per process). */
async function allPublishedWordings(db: Kysely<Database>, domains: Domain[]): Promise<Map<string, PublishedWording>> {
  const rows = await publishedVersions(db, 'all')
  const missing = rows.filter((r) => !wordingCache.has(r.id)).map((r) => r.id)
  const definitions = await publishedDefinitions(db, missing)
  missing.forEach((id, i) => wordingCache.set(id, wordingsOf(definitions[i], domains)))
  const out = new Map<string, PublishedWording>()
  for (const row of rows) for (const w of wordingCache.get(row.id)!) if (!out.has(w.itemId)) out.set(w.itemId, w)
  return out
}

function visibleSchools(user: SessionUser): number[] | 'all' {
  return isDistrictStaff(user) ? 'all' : user.schoolIds
}

export async function listVersions(db: Kysely<Database>, user: SessionUser) {
  const rows = await publishedVersions(db, visibleSchools(user))
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    version: r.version,
    role: r.role,
    ownerSchoolId: r.owner_school_id,
    ownerSchoolName: r.owner_school_name,
    title: (r.title ?? r.slug) as string | Record<string, string>,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
  }))
}

export async function findBankItems(db: Kysely<Database>, user: SessionUser, query: { q?: string; domain?: string }): Promise<BankItem[]> {
  const rows = await publishedVersions(db, visibleSchools(user))
  return searchBank(bankItems(await publishedDefinitions(db, rows.map((r) => r.id))), query)
}

/** The scored items of a definition that touch a protected area, with the consent they need. */
export function protectedItems(definition: Json) {
  const found: { itemId: string; domain: string; area: string; consent: string }[] = []
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!isNode(node)) return
    const ana = node.ana
    if (isNode(ana) && typeof ana.itemId === 'string') {
      const area = protectedArea(String(ana.domain ?? ''))
      if (area) found.push({ itemId: ana.itemId, domain: String(ana.domain), ...area })
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'ana') visit(value)
  }
  visit(definition.pages)
  return found
}

async function describe(db: Kysely<Database>, rules: DraftRules, draft: InstrumentDraftRow) {
  const base = await versionNumber(db, draft.base_version_id)
  const published = await versionNumber(db, draft.published_version_id)
  return {
    id: draft.id,
    slug: draft.slug,
    ownerSchoolId: draft.owner_school_id,
    baseVersion: base?.version ?? null,
    publishedVersion: published?.version ?? null,
    revision: draft.revision,
    updatedAt: new Date(draft.updated_at).toISOString(),
    definition: draft.definition,
    translations: draft.translations,
    translationHashes: draft.translation_hashes,
    defects: checkDraft(draft.definition, `${draft.slug} draft ${draft.id}`, rules, await allPublishedWordings(db, rules.domains)),
    protectedItems: protectedItems(draft.definition),
  }
}

export type DraftView = Awaited<ReturnType<typeof describe>>

export async function draftsOf(db: Kysely<Database>, owner: Owner) {
  await assertOwnerExists(db, owner)
  const rows = await listDrafts(db, owner)
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    baseVersion: r.base_version ?? null,
    revision: r.revision,
    updatedAt: new Date(r.updated_at).toISOString(),
    title: (r.title ?? r.slug) as string | Record<string, string>,
  }))
}

export async function getDraft(db: Kysely<Database>, rules: DraftRules, owner: Owner, id: number): Promise<DraftView> {
  await assertOwnerExists(db, owner)
  const draft = await findDraft(db, id, owner)
  if (!draft) throw new NotFound(`There is no draft ${id} here.`)
  return describe(db, rules, draft)
}

/** A new draft from a published version: a district template, or one of the owner school's own versions. */
export async function startDraft(db: Kysely<Database>, rules: DraftRules, user: SessionUser, owner: Owner, from: { slug: string; version: number }): Promise<DraftView> {
  await assertOwnerExists(db, owner)
  const version = await findPublishedVersion(db, from.slug, from.version)
  if (!version) throw new NotFound(`There is no published version ${from.version} of "${from.slug}".`)
  if (version.owner_school_id !== null && version.owner_school_id !== owner) {
    throw new Forbidden(`Version ${from.version} of "${from.slug}" belongs to another school; start from a district template or your school's own version.`)
  }
  const definition = structuredClone(version.definition)
  const meta = definition.ana as AnaSurveyMeta
  definition.ana = { ...meta, status: 'draft' }
  const draft = await db.transaction().execute(async (trx) => {
    const row = await insertDraft(trx, {
      slug: version.slug,
      ownerSchoolId: owner,
      baseVersionId: version.id,
      definition,
      translations: { ...meta.translations },
      translationHashes: null,
      userId: user.id,
    })
    await audit(trx, { actor: user, action: 'designer.draft.start', outcome: 'success', target: `draft:${row.id}`, detail: { from: `${from.slug}/${from.version}`, owner: owner ?? 'district' } })
    return row
  })
  return describe(db, rules, draft)
}

/** Shape checks every definition needs before the surveys:check rules can say anything useful. */
async function assertDefinitionShape(db: Kysely<Database>, definition: Json, slug?: string): Promise<{ slug: string; role: string }> {
  const meta = definition.ana
  if (!isNode(meta)) throw new BadRequest('The definition has no "ana" block (slug, version, role, status, translations).')
  if (typeof meta.slug !== 'string') throw new BadRequest('The definition\'s ana.slug is missing.')
  if (slug !== undefined && meta.slug !== slug) throw new BadRequest(`The draft's ana.slug must stay "${slug}".`)
  const instrument = await findInstrument(db, meta.slug)
  if (!instrument) throw new BadRequest(`There is no instrument "${meta.slug}"; a file can only come in as a new version of an existing instrument.`)
  if (meta.role !== instrument.role) throw new BadRequest(`"${meta.slug}" is answered by ${instrument.role}, not "${String(meta.role)}".`)
  if (!Array.isArray(definition.pages)) throw new BadRequest('The definition has no pages.')
  const translations = meta.translations
  if (!isNode(translations)) throw new BadRequest('The definition\'s ana.translations is missing (each language and its status, draft or reviewed).')
  for (const [locale, status] of Object.entries(translations)) {
    if (!(LOCALES as readonly string[]).includes(locale)) throw new BadRequest(`"${locale}" is not one of the languages (${LOCALES.join(', ')}).`)
    if (status !== 'draft' && status !== 'reviewed') throw new BadRequest(`The translation status of ${locale} must be draft or reviewed, not "${String(status)}".`)
  }
  return { slug: meta.slug, role: instrument.role }
}

/**
 * An XLSForm (KoboToolbox, ODK) as a new draft of an instrument: `slug` chosen by the person, or the form's form_id
 * when that names one. Unlike a surveys/ file it comes in with what it still lacks (item ids, domains, scores are the
 * engine's own): the draft's problems list them, and publishing waits until they are answered. A workbook that
 * cannot be read as a form is refused whole, each problem named by sheet, row and column.
 */
export async function importXlsFormDraft(
  db: Kysely<Database>,
  rules: DraftRules,
  user: SessionUser,
  owner: Owner,
  bytes: Uint8Array,
  slug: string | undefined,
): Promise<{ draft: DraftView; notices: string[] }> {
  await assertOwnerExists(db, owner)
  const reading = await fromXlsForm(bytes)
  if (Array.isArray(reading)) {
    const where = (p: XlsFormProblem) => [p.sheet && `the ${p.sheet} sheet`, p.row > 0 && `row ${p.row}`, p.column && `column ${p.column}`].filter(Boolean).join(', ')
    const first = reading[0]
    const lead = reading.length === 1 ? `${where(first) ? `On ${where(first)}: ` : ''}${first.message}` : `${reading.length} problems; the first is on ${where(first)}: ${first.message}`
    throw new BadRequest(`${lead} Nothing was imported.`, reading)
  }
  const target = slug ?? reading.formId
  const instrument = target ? await findInstrument(db, target) : undefined
  if (!instrument) {
    const known = (await listVersions(db, user)).map((v) => v.slug)
    throw new BadRequest(
      `${target ? `The form's form_id "${target}" is not an instrument here` : 'The form has no form_id'}; choose the instrument it becomes a draft of (${[...new Set(known)].join(', ')}).`,
    )
  }
  // The draft's base: the version the form names when it is one of this instrument's, else the latest published.
  const named = /^\d+$/.test(reading.version) ? await findPublishedVersion(db, instrument.slug, Number(reading.version)) : undefined
  const latest = (await nextVersionNumber(db, instrument.slug)) - 1
  const base = named ?? (latest > 0 ? await findPublishedVersion(db, instrument.slug, latest) : undefined)
  const mayBuildOn = base && (base.owner_school_id === null || base.owner_school_id === owner)
  const translations = Object.fromEntries(reading.locales.map((l) => [l, l === 'en' ? 'reviewed' : 'draft'])) as Translations
  const definition: Json = {
    ana: { slug: instrument.slug, version: base?.version ?? 1, role: instrument.role, status: 'draft', ...(reading.minutes ? { minutes: reading.minutes } : {}), translations },
    ...reading.definition,
  }
  await assertDefinitionShape(db, definition)
  const draft = await db.transaction().execute(async (trx) => {
    const row = await insertDraft(trx, {
      slug: instrument.slug,
      ownerSchoolId: owner,
      baseVersionId: mayBuildOn ? base.id : null,
      definition,
      translations,
      translationHashes: null,
      userId: user.id,
    })
    await audit(trx, {
      actor: user,
      action: 'designer.draft.import',
      outcome: 'success',
      target: `draft:${row.id}`,
      detail: { file: 'xlsform', formId: reading.formId, languages: reading.locales, owner: owner ?? 'district' },
    })
    return row
  })
  return { draft: await describe(db, rules, draft), notices: reading.notices }
}

/** A published version the person can see, as an XLSForm workbook. */
export async function exportXlsForm(db: Kysely<Database>, user: SessionUser, slug: string, version: number): Promise<Buffer> {
  const visible = (await listVersions(db, user)).some((v) => v.slug === slug && v.version === version)
  const row = visible ? await findPublishedVersion(db, slug, version) : undefined
  if (!row) throw new NotFound(`There is no published version ${version} of "${slug}" you can see.`)
  return toXlsForm(row.definition)
}

/** A surveys/<slug>/<n>.json file as a new draft, through the same checks as npm run surveys:check. */
export async function importDraft(db: Kysely<Database>, rules: DraftRules, user: SessionUser, owner: Owner, file: Json): Promise<DraftView> {
  await assertOwnerExists(db, owner)
  const { slug } = await assertDefinitionShape(db, file)
  const defects = checkDraft(file, `${slug}/${String((file.ana as Json).version)}.json`, rules, await allPublishedWordings(db, rules.domains))
  if (defects.length > 0) throw new BadRequest(`The file has ${defects.length} problem${defects.length === 1 ? '' : 's'} (the checks of npm run surveys:check); nothing was imported.`, defects)
  const definition = structuredClone(file)
  const meta = definition.ana as AnaSurveyMeta
  definition.ana = { ...meta, status: 'draft' }
  const base = await findPublishedVersion(db, slug, Number(meta.version))
  const draft = await db.transaction().execute(async (trx) => {
    const row = await insertDraft(trx, {
      slug,
      ownerSchoolId: owner,
      baseVersionId: base && (base.owner_school_id === null || base.owner_school_id === owner) ? base.id : null,
      definition,
      translations: { ...meta.translations },
      translationHashes: null,
      userId: user.id,
    })
    await audit(trx, { actor: user, action: 'designer.draft.import', outcome: 'success', target: `draft:${row.id}`, detail: { file: `${slug}/${String(meta.version)}.json`, owner: owner ?? 'district' } })
    return row
  })
  return describe(db, rules, draft)
}

export interface DraftChange {
  revision: number
  definition: Json
  translationHashes: Record<string, Record<string, string>> | null
}

export async function saveDraft(db: Kysely<Database>, rules: DraftRules, user: SessionUser, owner: Owner, id: number, change: DraftChange): Promise<DraftView> {
  await assertOwnerExists(db, owner)
  const draft = await findDraft(db, id, owner)
  if (!draft) throw new NotFound(`There is no draft ${id} here.`)
  await assertDefinitionShape(db, change.definition, draft.slug)
  // Saving what is already stored changes nothing, whatever revision the sender last saw.
  if (contentHash([change.definition, change.translationHashes]) === contentHash([draft.definition, draft.translation_hashes])) return describe(db, rules, draft)
  const translations = (change.definition.ana as AnaSurveyMeta).translations as Translations
  const saved = await updateDraft(db, id, change.revision, { definition: change.definition, translations, translationHashes: change.translationHashes, userId: user.id })
  if (!saved) throw new Conflict(`Someone saved this draft after you opened it (it is at revision ${draft.revision}, yours is ${change.revision}); reload it and make your change again.`)
  return describe(db, rules, saved)
}

/**
 * Publishes a draft as the next version of its instrument: immutable, checked like surveys/, owned by the draft's
 * school (or a district template, which only district admins publish).
 */
export async function publishDraft(db: Kysely<Database>, rules: DraftRules, user: SessionUser, owner: Owner, id: number, revision: number) {
  await assertOwnerExists(db, owner)
  const draft = await findDraft(db, id, owner)
  if (!draft) throw new NotFound(`There is no draft ${id} here.`)
  if (owner === null && user.role !== 'district-admin') {
    await audit(db, { actor: user, action: 'instrument.publish', outcome: 'refused', target: `draft:${id}`, detail: { reason: 'district template' } })
    throw new Forbidden('Only a district admin can publish a district template. Ask a district admin to publish this draft, or start a draft for your school.')
  }
  if (draft.revision !== revision) throw new Conflict(`The draft changed since you checked it (it is at revision ${draft.revision}, yours is ${revision}); reload it before publishing.`)
  // Only what the team wrote is judged: a template's own raw HTML, carried over unchanged, was a district admin's.
  const base = await versionDefinition(db, draft.base_version_id)
  assertAuthorMayPublish(withoutInheritedHtml(draft.definition, base?.definition ?? null), user.role)
  const defects: Defect[] = checkDraft(draft.definition, `${draft.slug} draft ${id}`, rules, await allPublishedWordings(db, rules.domains))
  if (defects.length > 0) throw new BadRequest(`The draft has ${defects.length} problem${defects.length === 1 ? '' : 's'} to fix before it can be published.`, defects)

  return db.transaction().execute(async (trx) => {
    const version = await nextVersionNumber(trx, draft.slug)
    const definition = structuredClone(draft.definition)
    definition.ana = { ...(definition.ana as AnaSurveyMeta), slug: draft.slug, version, status: 'published', translations: draft.translations }
    const hash = contentHash(definition)
    const row = await insertPublishedVersion(trx, { slug: draft.slug, version, definition, contentHash: hash, translations: draft.translations, ownerSchoolId: owner })
    await markDraftPublished(trx, id, row.id, user.id)
    await audit(trx, {
      actor: user,
      action: 'instrument.publish',
      outcome: 'success',
      target: `instrument:${draft.slug}/${version}`,
      detail: { draft: id, owner: owner ?? 'district', contentHash: hash },
    })
    return { id: row.id, slug: row.slug, version: row.version, ownerSchoolId: row.owner_school_id }
  })
}
