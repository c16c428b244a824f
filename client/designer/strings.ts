/** Every piece of survey text in a definition, as rows of a translation grid: one per string, one column per language. */

export type Json = Record<string, unknown>
export type Path = (string | number)[]
/** string key → locale → hash of the English text that translation was made from. */
export type SourceHashes = Record<string, Record<string, string>>

export interface StringRow {
  /** Stable across reordering: built from page, element and choice names rather than positions. */
  key: string
  path: Path
  /** locale → text; English is `en` (SurveyJS keeps it under `default`). */
  texts: Record<string, string>
}

// The same properties that npm run surveys:check reads as localized text.
const LOCALIZABLE = new Set(['title', 'description', 'requiredErrorText', 'completedHtml', 'html', 'text', 'placeholder', 'otherText', 'commentPlaceholder', 'label', 'minRateDescription', 'maxRateDescription'])

export const isNode = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

function segment(node: unknown, index: number): string {
  if (isNode(node)) {
    if (typeof node.name === 'string' && node.name !== '') return node.name
    if (node.value !== undefined && node.value !== null) return String(node.value)
  }
  return String(index)
}

function textsOf(value: unknown): Record<string, string> | null {
  if (typeof value === 'string') return { en: value }
  if (!isNode(value)) return null
  const out: Record<string, string> = {}
  for (const [locale, text] of Object.entries(value)) if (typeof text === 'string') out[locale === 'default' ? 'en' : locale] = text
  return out
}

export function collectStrings(definition: Json): StringRow[] {
  const rows: StringRow[] = []
  const visit = (node: unknown, path: Path, key: string[]) => {
    if (Array.isArray(node)) return node.forEach((child, i) => visit(child, [...path, i], [...key, segment(child, i)]))
    if (!isNode(node)) return
    for (const [property, value] of Object.entries(node)) {
      if (property === 'ana') continue
      if (LOCALIZABLE.has(property)) {
        const texts = textsOf(value)
        if (texts) rows.push({ key: [...key, property].join('/'), path: [...path, property], texts })
        continue
      }
      visit(value, [...path, property], [...key, property])
    }
  }
  visit(definition, [], [])
  return rows
}

/** A new definition with one language of one string set (an empty text removes that language). */
export function setText(definition: Json, path: Path, locale: string, text: string): Json {
  const copy = structuredClone(definition)
  let parent: unknown = copy
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step]
  const last = path[path.length - 1]
  const holder = parent as Record<string | number, unknown>
  const current = holder[last]
  const localized: Record<string, string> = typeof current === 'string' ? { default: current } : isNode(current) ? { ...(current as Record<string, string>) } : {}
  const field = locale === 'en' ? 'default' : locale
  if (text === '') delete localized[field]
  else localized[field] = text
  holder[last] = localized
  return copy
}

/** FNV-1a (32 bits) of a text: the same in every browser, with or without a secure context. */
export function sourceHash(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

export type CellState = 'source' | 'missing' | 'changed' | 'ok'

/** Missing, or translated from an English text that has changed since. */
export function cellState(row: StringRow, locale: string, hashes: SourceHashes): CellState {
  if (locale === 'en') return 'source'
  if (!row.texts[locale]?.trim()) return 'missing'
  const hash = hashes[row.key]?.[locale]
  return hash !== undefined && hash !== sourceHash(row.texts.en ?? '') ? 'changed' : 'ok'
}

/** For a draft that has none yet: every translation present is taken as made from the current English. */
export function initialHashes(rows: StringRow[]): SourceHashes {
  const out: SourceHashes = {}
  for (const row of rows) {
    for (const [locale, text] of Object.entries(row.texts)) {
      if (locale === 'en' || !text.trim()) continue
      ;(out[row.key] ??= {})[locale] = sourceHash(row.texts.en ?? '')
    }
  }
  return out
}

export function withHash(hashes: SourceHashes, key: string, locale: string, source: string): SourceHashes {
  return { ...hashes, [key]: { ...hashes[key], [locale]: sourceHash(source) } }
}

/** One incoming translation (from a CSV or XLIFF file): the English it was made from, when the file says. */
export interface IncomingText {
  key: string
  locale: string
  text: string
  source?: string
}

export interface ImportPlan {
  changes: { key: string; locale: string; before: string; after: string; source: string }[]
  /** Keys the file has and the draft does not (an item removed, renamed, or another instrument's file). */
  unknown: string[]
  /** Translations made from an English text that is no longer the draft's: they come in marked as changed. */
  outdated: { key: string; locale: string }[]
}

/** Exactly what an import would change, before anything is changed. */
export function planImport(rows: StringRow[], incoming: IncomingText[]): ImportPlan {
  const byKey = new Map(rows.map((r) => [r.key, r]))
  const plan: ImportPlan = { changes: [], unknown: [], outdated: [] }
  for (const entry of incoming) {
    if (entry.locale === 'en') continue
    const row = byKey.get(entry.key)
    if (!row) {
      if (!plan.unknown.includes(entry.key)) plan.unknown.push(entry.key)
      continue
    }
    const before = row.texts[entry.locale] ?? ''
    const source = entry.source ?? row.texts.en ?? ''
    if (entry.text.trim() === '' || entry.text === before) continue
    plan.changes.push({ key: entry.key, locale: entry.locale, before, after: entry.text, source })
    if (source !== (row.texts.en ?? '')) plan.outdated.push({ key: entry.key, locale: entry.locale })
  }
  return plan
}

export function applyImport(definition: Json, hashes: SourceHashes, rows: StringRow[], plan: ImportPlan): { definition: Json; hashes: SourceHashes } {
  const byKey = new Map(rows.map((r) => [r.key, r]))
  let next = definition
  let nextHashes = hashes
  for (const change of plan.changes) {
    next = setText(next, byKey.get(change.key)!.path, change.locale, change.after)
    nextHashes = withHash(nextHashes, change.key, change.locale, change.source)
  }
  return { definition: next, hashes: nextHashes }
}
