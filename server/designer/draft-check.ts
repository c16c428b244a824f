import { checkDefinition, type Defect } from '../instruments/check'
import type { AnaSurveyMeta } from '../instruments/ana'
import { canonicalJson, contentHash } from '../instruments/content-hash'
import type { Domain } from '../instruments/domains'
import { findRawHtml } from '../instruments/raw-html'
import { questionDefects, type Standards } from '../instruments/standards'

/** An itemId's English wording as published, and where. */
export interface PublishedWording {
  wording: string
  slug: string
  version: number
}

/**
 * The surveys:check rules for one definition, plus the rule across versions: an itemId that is already published
 * keeps its English wording (comparability across schools and years), so a reworded item needs a new itemId.
 */
/** What a draft is checked against: the domains, and the standards new items are held to (surveys/standards.json). */
export interface DraftRules {
  domains: Domain[]
  standards: Standards | null
}

export function checkDraft(definition: Record<string, unknown>, file: string, rules: DraftRules, published: Map<string, PublishedWording>): Defect[] {
  const meta = (definition.ana ?? {}) as AnaSurveyMeta
  const { defects, items } = checkDefinition({ file, slug: meta.slug, version: meta.version, meta, definition, hash: contentHash(definition) }, rules.domains)
  // The standards hold what the draft's authors wrote: its new items (not yet published anywhere). Items reused from
  // a published version keep their wording, as comparisons need, even where it predates the standards.
  if (rules.standards) defects.push(...questionDefects({ file, slug: meta.slug, meta, definition }, rules.standards, (ids) => ids.some((id) => !published.has(id))))
  for (const item of items) {
    const before = published.get(item.itemId)
    if (before && before.wording !== item.wording) {
      defects.push({
        file,
        pointer: item.pointer,
        message: `The wording of "${item.itemId}" differs from ${before.slug} version ${before.version}; a new wording needs a new itemId, so that comparisons never mix two questions.`,
      })
    }
  }
  return defects
}

/** The itemIds of one published definition with their English wording. */
export function wordingsOf(v: { slug: string; version: number; definition: Record<string, unknown> }, domains: Domain[]): (PublishedWording & { itemId: string })[] {
  const meta = (v.definition.ana ?? {}) as AnaSurveyMeta
  const { items } = checkDefinition({ file: '', slug: v.slug, version: v.version, meta, definition: v.definition, hash: '' }, domains)
  return items.map((item) => ({ itemId: item.itemId, wording: item.wording, slug: v.slug, version: v.version }))
}

type Json = Record<string, unknown>

function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return root
  let node: unknown = root
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Json)[key]
  }
  return node
}

function setAt(root: Json, pointer: string, value: unknown): void {
  const keys = pointer.slice(1).split('/').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
  let node: unknown = root
  for (const key of keys.slice(0, -1)) node = (node as Json)[key]
  ;(node as Json)[keys[keys.length - 1]] = value
}

/**
 * The definition as its author wrote it: raw HTML that a district admin already published in the version the draft
 * started from (a template's completion page, say), carried over unchanged, is blanked, so assertAuthorMayPublish
 * judges only what the team wrote or changed.
 */
export function withoutInheritedHtml(definition: Json, base: Json | null): Json {
  if (!base) return definition
  const inherited = new Set(findRawHtml(base).map((f) => canonicalJson(valueAt(base, f.path === '/' ? '' : f.path))))
  const copy = structuredClone(definition)
  for (const found of findRawHtml(definition)) {
    const pointer = found.path === '/' ? '' : found.path
    if (pointer !== '' && inherited.has(canonicalJson(valueAt(copy, pointer)))) setAt(copy, pointer, '')
  }
  return copy
}
