import type { Measure } from '../../server/vocabulary/measures'
import { isNode, type Json } from './strings'

/** Editing a draft's pages and questions: each function returns a new definition. */

export function pagesOf(definition: Json): Json[] {
  return Array.isArray(definition.pages) ? (definition.pages as Json[]) : []
}

export function elementsOf(page: Json): Json[] {
  return Array.isArray(page.elements) ? (page.elements as Json[]) : []
}

function edit(definition: Json, change: (pages: Json[]) => void): Json {
  const copy = structuredClone(definition)
  change(pagesOf(copy))
  return copy
}

function move<T>(list: T[], from: number, to: number): void {
  if (to < 0 || to >= list.length) return
  const [item] = list.splice(from, 1)
  list.splice(to, 0, item)
}

export const moveElement = (d: Json, page: number, index: number, delta: number) => edit(d, (pages) => move(elementsOf(pages[page]), index, index + delta))
export const removeElement = (d: Json, page: number, index: number) => edit(d, (pages) => void elementsOf(pages[page]).splice(index, 1))
export const movePage = (d: Json, page: number, delta: number) => edit(d, (pages) => move(pages, page, page + delta))
export const removePage = (d: Json, page: number) => edit(d, (pages) => void pages.splice(page, 1))

export function addPage(d: Json, name: string, title: string): Json {
  return edit(d, (pages) => void pages.push({ name: uniqueName(d, name), title: { default: title }, elements: [] }))
}

/** Every page and question name in use. */
function namesIn(d: Json): Set<string> {
  return new Set(pagesOf(d).flatMap((page) => [String(page.name ?? ''), ...elementsOf(page).map((e) => String(e.name ?? ''))]))
}

export function uniqueName(d: Json, base: string): string {
  const used = namesIn(d)
  const clean = base.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'question'
  if (!used.has(clean)) return clean
  for (let n = 2; ; n++) if (!used.has(`${clean}_${n}`)) return `${clean}_${n}`
}

/** Inserts a question at the end of a page, renaming it if its name is taken. */
export function insertElement(d: Json, page: number, element: Json): Json {
  const named = { ...structuredClone(element), name: uniqueName(d, String(element.name ?? 'question')) }
  return edit(d, (pages) => void elementsOf(pages[page]).push(named))
}

export function replaceElement(d: Json, page: number, index: number, element: Json): Json {
  return edit(d, (pages) => void (elementsOf(pages[page])[index] = element))
}

export function itemIdsIn(d: Json): Set<string> {
  const out = new Set<string>()
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!isNode(node)) return
    if (isNode(node.ana) && typeof node.ana.itemId === 'string') out.add(node.ana.itemId)
    for (const [key, value] of Object.entries(node)) if (key !== 'ana') visit(value)
  }
  visit(d.pages)
  return out
}

/** A new itemId for a reworded item: the old one with the next free -rN, never one already published or in the draft. */
export function rewordedItemId(itemId: string, taken: Set<string>): string {
  const base = itemId.replace(/-r\d+$/, '')
  for (let n = 2; ; n++) if (!taken.has(`${base}-r${n}`)) return `${base}-r${n}`
}

export interface NewItem {
  name: string
  type: 'radiogroup' | 'dropdown'
  title: string
  domain: string
  measures: Measure
  itemId: string
  choices: { value: string; text: string; score: number | null }[]
}

/** What a school-specific item still lacks before it can be added; all of it is required to publish. */
export function missingForNewItem(item: NewItem): string[] {
  const missing: string[] = []
  if (!item.title.trim()) missing.push('title')
  if (!item.domain) missing.push('domain')
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(item.itemId)) missing.push('itemId')
  if (item.choices.length < 2) missing.push('choices')
  item.choices.forEach((c, i) => {
    if (!c.text.trim() || !c.value.trim()) missing.push(`choice ${i + 1}`)
    if (c.score !== null && (!Number.isFinite(c.score) || c.score < 0 || c.score > 100)) missing.push(`score ${i + 1}`)
  })
  if (new Set(item.choices.map((c) => c.value)).size !== item.choices.length) missing.push('distinct values')
  return missing
}

export function newItemQuestion(item: NewItem): Json {
  return {
    type: item.type,
    name: item.name,
    title: { default: item.title.trim() },
    choices: item.choices.map((c) => ({ value: c.value, text: { default: c.text.trim() } })),
    ana: { itemId: item.itemId, domain: item.domain, measures: item.measures, scores: Object.fromEntries(item.choices.map((c) => [c.value, c.score])) },
  }
}

/** Problems of the whole draft that sit at or under an element's pointer. */
export function defectsAt<T extends { pointer: string }>(defects: T[], pointer: string): T[] {
  return defects.filter((d) => d.pointer === pointer || d.pointer.startsWith(`${pointer}/`))
}
