import type { Measure } from '../vocabulary/measures'
import type { DefinitionIndex } from './definition-index'
import { itemSlotsOf, type ItemScore, type ResponseScores } from './scoring'

// A version's layout: which array position of a stored response holds which item score and which domain score
// (migrations/…_response-scores-in-one-row.ts). Positions are given once and never change, since stored
// responses point at them; a layout only grows.

export type ItemMeasure = ItemScore['measures']

export interface ItemSlot {
  itemId: string
  domain: string
  measures: ItemMeasure
}

export interface StoredItemSlot extends ItemSlot {
  position: number
  domainPosition: number | null
  domainBit: number | null
}

export interface StoredDomainSlot {
  position: number
  domain: string
  measures: Measure
}

export interface StoredLayout {
  items: StoredItemSlot[]
  domains: StoredDomainSlot[]
}

/**
 * A respondent's answered items of one domain are stored as the bits of one bigint, and bits stop at 52 so that the
 * mask is exact as a JavaScript number on its way to the database.
 */
export const MAX_ITEMS_PER_DOMAIN = 53

/** Every item a response to this definition can score, whatever the answers, in the definition's order. */
export function scoredItemSlots(index: DefinitionIndex): ItemSlot[] {
  return [...index.questions.values()].flatMap(itemSlotsOf)
}

const domainKey = (domain: string, measures: string) => `${domain}\u0000${measures}`
/** Compares strings by code point, the same order everywhere (PostgreSQL's collation may differ). */
export const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * The slots to add to a stored layout so that it holds every item in `slots`: new domains and items after the last
 * position, each in code-point order, and each new need or asset item on the next free bit of its domain. Throws
 * when an item's domain or measure differs from its stored slot, or a domain would need more bits than a bigint has.
 */
export function layoutAdditions(stored: StoredLayout, slots: ItemSlot[]): StoredLayout {
  const storedItems = new Map(stored.items.map((s) => [s.itemId, s]))
  const domainPositions = new Map(stored.domains.map((d) => [domainKey(d.domain, d.measures), d.position]))
  const bitsUsed = new Map<number, number>()
  for (const s of stored.items) if (s.domainPosition !== null) bitsUsed.set(s.domainPosition, Math.max(bitsUsed.get(s.domainPosition) ?? 0, (s.domainBit ?? 0) + 1))

  const newItems = new Map<string, ItemSlot>()
  for (const slot of slots) {
    const known = storedItems.get(slot.itemId) ?? newItems.get(slot.itemId)
    if (!known) newItems.set(slot.itemId, slot)
    else if (known.domain !== slot.domain || known.measures !== slot.measures) {
      throw new Error(`Item "${slot.itemId}" is stored as ${known.domain}/${known.measures} but the definition says ${slot.domain}/${slot.measures}.`)
    }
  }

  const domains: StoredDomainSlot[] = []
  let lastDomain = Math.max(0, ...stored.domains.map((d) => d.position))
  const newDomainKeys = new Map<string, StoredDomainSlot>()
  for (const slot of newItems.values()) {
    if (slot.measures !== 'need' && slot.measures !== 'asset') continue
    const key = domainKey(slot.domain, slot.measures)
    if (!domainPositions.has(key) && !newDomainKeys.has(key)) newDomainKeys.set(key, { position: 0, domain: slot.domain, measures: slot.measures })
  }
  for (const key of [...newDomainKeys.keys()].sort(byCodePoint)) {
    const slot = { ...newDomainKeys.get(key)!, position: ++lastDomain }
    domainPositions.set(key, slot.position)
    domains.push(slot)
  }

  const items: StoredItemSlot[] = []
  let lastItem = Math.max(0, ...stored.items.map((s) => s.position))
  for (const itemId of [...newItems.keys()].sort(byCodePoint)) {
    const slot = newItems.get(itemId)!
    let domainPosition: number | null = null
    let domainBit: number | null = null
    if (slot.measures === 'need' || slot.measures === 'asset') {
      domainPosition = domainPositions.get(domainKey(slot.domain, slot.measures))!
      domainBit = bitsUsed.get(domainPosition) ?? 0
      if (domainBit >= MAX_ITEMS_PER_DOMAIN) throw new Error(`Domain ${slot.domain}/${slot.measures} has more than ${MAX_ITEMS_PER_DOMAIN} items in one version.`)
      bitsUsed.set(domainPosition, domainBit + 1)
    }
    items.push({ ...slot, position: ++lastItem, domainPosition, domainBit })
  }
  return { items, domains }
}

/** A layout ready for encoding: each item's slot (and its domain's slot and bit), each domain's slot, array lengths. */
export interface ScoreLayout {
  items: Map<string, { position: number; domainPosition: number | null; bit: number }>
  itemCount: number
  domains: Map<string, number>
  domainCount: number
}

export function scoreLayout(stored: StoredLayout): ScoreLayout {
  return {
    items: new Map(stored.items.map((s) => [s.itemId, { position: s.position, domainPosition: s.domainPosition, bit: s.domainBit ?? 0 }])),
    itemCount: Math.max(0, ...stored.items.map((s) => s.position)),
    domains: new Map(stored.domains.map((d) => [domainKey(d.domain, d.measures), d.position])),
    domainCount: Math.max(0, ...stored.domains.map((d) => d.position)),
  }
}

/** A response's scores as the arrays of its row: slot p of each array is layout position p (null: no answer). */
export interface EncodedScores {
  item_choices: (string | null)[]
  item_scores: (number | null)[]
  domain_scores: (number | null)[]
  domain_items: (number | null)[]
  /** Per domain, the bits of the items whose scores it averages (which items a respondent answered). */
  domain_masks: (number | null)[]
  context_kinds: string[]
  context_values: string[]
}

export function encodeScores(layout: ScoreLayout, scores: ResponseScores): EncodedScores {
  const itemChoices: (string | null)[] = new Array(layout.itemCount).fill(null)
  const itemScores: (number | null)[] = new Array(layout.itemCount).fill(null)
  const domainMasks: (number | null)[] = new Array(layout.domainCount).fill(null)
  for (const item of scores.items) {
    const slot = layout.items.get(item.itemId)
    if (slot === undefined) throw new Error(`Item "${item.itemId}" has no slot in the version's layout.`)
    itemChoices[slot.position - 1] = item.choice
    itemScores[slot.position - 1] = item.score
    // Bits up to 52: a sum of distinct powers of two is exact in a double.
    if (item.score !== null && slot.domainPosition !== null) domainMasks[slot.domainPosition - 1] = (domainMasks[slot.domainPosition - 1] ?? 0) + 2 ** slot.bit
  }
  const domainScores: (number | null)[] = new Array(layout.domainCount).fill(null)
  const domainItems: (number | null)[] = new Array(layout.domainCount).fill(null)
  for (const domain of scores.domains) {
    const position = layout.domains.get(domainKey(domain.domain, domain.measures))
    if (position === undefined) throw new Error(`Domain ${domain.domain}/${domain.measures} has no slot in the version's layout.`)
    domainScores[position - 1] = domain.score
    domainItems[position - 1] = domain.items
  }
  return {
    item_choices: itemChoices,
    item_scores: itemScores,
    domain_scores: domainScores,
    domain_items: domainItems,
    domain_masks: domainMasks,
    context_kinds: scores.contexts.map((c) => c.kind),
    context_values: scores.contexts.map((c) => c.value),
  }
}
