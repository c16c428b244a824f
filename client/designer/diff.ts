import { isNode, type Json } from './strings'

/** One scored item as a version shows it: its wording per language and its scores. */
interface ItemView {
  texts: Record<string, string>
  scores: string
}

function localizedTexts(value: unknown): Record<string, string> {
  if (typeof value === 'string') return { en: value }
  if (!isNode(value)) return {}
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k === 'default' ? 'en' : k, String(v)]))
}

function join(into: Record<string, string[]>, texts: Record<string, string>) {
  for (const [locale, text] of Object.entries(texts)) (into[locale] ??= []).push(text)
}

function choiceTexts(list: unknown): Record<string, string> {
  const out: Record<string, string[]> = {}
  for (const choice of Array.isArray(list) ? list : []) join(out, isNode(choice) ? localizedTexts(choice.text ?? String(choice.value)) : { en: String(choice) })
  return Object.fromEntries(Object.entries(out).map(([l, t]) => [l, t.join(' | ')]))
}

/** Scores as text that ignores key order (the database keeps JSON keys in its own order). */
function scoresText(scores: unknown): string {
  return isNode(scores) ? JSON.stringify(Object.entries(scores).sort(([a], [b]) => a.localeCompare(b))) : 'null'
}

function merge(...parts: Record<string, string>[]): Record<string, string> {
  const out: Record<string, string[]> = {}
  for (const part of parts) join(out, part)
  return Object.fromEntries(Object.entries(out).map(([l, t]) => [l, t.join(' — ')]))
}

/** itemId → how the version words and scores it (questions, matrix rows and per-choice checkbox items). */
export function itemsOf(definition: Json): Map<string, ItemView> {
  const out = new Map<string, ItemView>()
  const visit = (elements: unknown) => {
    for (const element of Array.isArray(elements) ? elements : []) {
      if (!isNode(element)) continue
      if (element.type === 'panel') {
        visit(element.elements)
        continue
      }
      const ana = isNode(element.ana) ? element.ana : {}
      const title = localizedTexts(element.title ?? element.name)
      if (typeof ana.itemId === 'string') {
        out.set(ana.itemId, { texts: merge(title, choiceTexts(element.type === 'rating' ? element.rateValues : element.choices)), scores: scoresText(ana.scores) })
      }
      for (const row of Array.isArray(element.rows) ? element.rows : []) {
        if (isNode(row) && isNode(row.ana) && typeof row.ana.itemId === 'string') {
          out.set(row.ana.itemId, { texts: merge(title, localizedTexts(row.text ?? String(row.value)), choiceTexts(element.columns)), scores: scoresText(ana.scores) })
        }
      }
      for (const choice of Array.isArray(element.choices) ? element.choices : []) {
        if (isNode(choice) && isNode(choice.ana) && typeof choice.ana.itemId === 'string') {
          out.set(choice.ana.itemId, { texts: merge(title, localizedTexts(choice.text ?? String(choice.value))), scores: scoresText(choice.ana.scores) })
        }
      }
    }
  }
  for (const page of Array.isArray(definition.pages) ? definition.pages : []) if (isNode(page)) visit(page.elements)
  return out
}

export interface VersionDiff {
  added: string[]
  removed: string[]
  /** Items whose wording differs, with the languages it differs in. */
  reworded: { itemId: string; locales: string[] }[]
  rescored: string[]
}

/** What changed from one version to another, item by item and language by language. */
export function diffVersions(from: Json, to: Json): VersionDiff {
  const a = itemsOf(from)
  const b = itemsOf(to)
  const diff: VersionDiff = { added: [], removed: [], reworded: [], rescored: [] }
  for (const id of b.keys()) if (!a.has(id)) diff.added.push(id)
  for (const [id, before] of a) {
    const after = b.get(id)
    if (!after) {
      diff.removed.push(id)
      continue
    }
    const locales = [...new Set([...Object.keys(before.texts), ...Object.keys(after.texts)])].filter((l) => before.texts[l] !== after.texts[l])
    if (locales.length > 0) diff.reworded.push({ itemId: id, locales })
    if (before.scores !== after.scores) diff.rescored.push(id)
  }
  return diff
}
