import { checkDefinition, type Defect } from '../instruments/check'
import type { AnaSurveyMeta } from '../instruments/ana'
import { contentHash } from '../instruments/content-hash'
import type { Domain } from '../instruments/domains'

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
export function checkDraft(definition: Record<string, unknown>, file: string, domains: Domain[], published: Map<string, PublishedWording>): Defect[] {
  const meta = (definition.ana ?? {}) as AnaSurveyMeta
  const { defects, items } = checkDefinition({ file, slug: meta.slug, version: meta.version, meta, definition, hash: contentHash(definition) }, domains)
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

/** itemId → its English wording, from published definitions (the first to name an itemId wins). */
export function publishedWordings(versions: { slug: string; version: number; definition: Record<string, unknown> }[], domains: Domain[]): Map<string, PublishedWording> {
  const out = new Map<string, PublishedWording>()
  for (const v of versions) {
    const meta = (v.definition.ana ?? {}) as AnaSurveyMeta
    const { items } = checkDefinition({ file: '', slug: v.slug, version: v.version, meta, definition: v.definition, hash: '' }, domains)
    for (const item of items) if (!out.has(item.itemId)) out.set(item.itemId, { wording: item.wording, slug: v.slug, version: v.version })
  }
  return out
}
