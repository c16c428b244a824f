import type { LocalizedText } from '../../api/access'
import type { ApiResult } from '../../api/http'
import { fetchDesignerVersions } from '../../api/designer'
import { fetchDefinition, fetchInstruments } from '../../api/instruments'

/** A scored item's question (or matrix row) and its answer choices in definition order, as respondents saw them. */
export interface ItemWording {
  text: LocalizedText
  choices: { value: string; text: LocalizedText; score: number | null }[]
}

/** itemId → wording. The profile carries only itemIds and choice values; the words live in the instruments. */
export type Wording = Map<string, ItemWording>

type Node = Record<string, unknown>
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value)

function choiceList(options: unknown, scores: unknown): ItemWording['choices'] {
  if (!Array.isArray(options)) return []
  const scoreOf = (value: string): number | null => {
    const score = isNode(scores) ? scores[value] : undefined
    return typeof score === 'number' ? score : null
  }
  return options.flatMap((option) => {
    if (typeof option === 'string' || typeof option === 'number') return [{ value: String(option), text: String(option), score: scoreOf(String(option)) }]
    if (!isNode(option) || option.value === undefined) return []
    const value = String(option.value)
    const text = (option.text as LocalizedText | undefined) ?? value
    return [{ value, text, score: scoreOf(value) }]
  })
}

/**
 * Collects every `ana.itemId` of a definition: a question's own title and choices, or a matrix row's text with the
 * matrix's columns and scores. The first definition to name an itemId wins (itemIds keep their meaning across versions).
 */
export function collectWording(definition: unknown, into: Wording = new Map(), question?: Node): Wording {
  if (Array.isArray(definition)) {
    for (const child of definition) collectWording(child, into, question)
    return into
  }
  if (!isNode(definition)) return into
  const isQuestion = typeof definition.type === 'string' && typeof definition.name === 'string'
  const current = isQuestion ? definition : question
  const ana = definition.ana
  if (isNode(ana) && typeof ana.itemId === 'string' && !into.has(ana.itemId)) {
    if (isQuestion) {
      into.set(ana.itemId, {
        text: (definition.title as LocalizedText | undefined) ?? definition.name as string,
        choices: choiceList(definition.choices ?? definition.rateValues, ana.scores),
      })
    } else {
      const parentAna = isNode(current?.ana) ? current.ana : {}
      into.set(ana.itemId, {
        text: (definition.text as LocalizedText | undefined) ?? String(definition.value ?? ana.itemId),
        choices: current?.type === 'matrix' ? choiceList(current.columns, ana.scores ?? parentAna.scores) : [],
      })
    }
  }
  for (const [key, value] of Object.entries(definition)) if (key !== 'ana') collectWording(value, into, current)
  return into
}

/**
 * The wording of every published instrument's latest version, then of the schools' own versions (the designer's) the
 * person may see, for the items only those ask (published versions are cached by the browser for good).
 */
export async function fetchWording(): Promise<ApiResult<Wording>> {
  const [list, own] = await Promise.all([fetchInstruments(), fetchDesignerVersions()])
  if (!list.ok) return list
  const schoolVersions = own.ok ? own.body.versions.filter((v) => v.ownerSchoolId !== null) : []
  const definitions = await Promise.all([...list.body.instruments, ...schoolVersions].map((i) => fetchDefinition(i.slug, i.version)))
  const failed = definitions.find((d) => !d.ok)
  if (failed && !failed.ok) return failed
  const wording: Wording = new Map()
  for (const d of definitions) if (d.ok) collectWording(d.body, wording)
  return { ok: true, status: 200, body: wording }
}

/** A readable name for an item the instruments no longer describe: 'services.food-pantry' → 'food pantry'. */
export function fallbackItemName(itemId: string): string {
  return itemId.replace(/^[^.]*\./, '').replace(/-/g, ' ')
}
