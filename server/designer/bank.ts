import type { AnaQuestionMeta } from '../instruments/ana'
import type { Measure } from '../vocabulary/measures'
import type { BankItem } from './designer.schemas'

type Json = Record<string, unknown>

/** The areas a survey may touch only with the right consent (issue 10; ../shared/ana-domains.md §3). */
export const PROTECTED_AREAS: Record<string, { area: string; consent: string }> = {
  'mental-health': {
    area: 'mental health',
    consent:
      'Mental or psychological problems: students answer only with active (written) parental consent in grades 3–6 and passive notification with opt-out in grades 7–12; publish the survey for parents to review and tell students which adult to talk to.',
  },
  'family-wellbeing': {
    area: 'family finances',
    consent:
      'Family income and finances: say the question is optional and keep "Prefer not to say"; students answer only with written parental consent.',
  },
  housing: {
    area: 'housing',
    consent:
      'Housing: say the question is optional and keep "Prefer not to say"; never ask students where they live (McKinney-Vento identification is a separate, confidential process).',
  },
}

export function protectedArea(domain: string | undefined): { area: string; consent: string } | null {
  return domain ? (PROTECTED_AREAS[domain] ?? null) : null
}

export type { BankItem } from './designer.schemas'

export interface PublishedDefinition {
  slug: string
  version: number
  definition: Json
}

const isNode = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

function scoredAna(ana: unknown): ana is AnaQuestionMeta & { itemId: string; domain: string; measures: Measure } {
  return isNode(ana) && typeof ana.itemId === 'string' && typeof ana.domain === 'string' && (ana.measures === 'need' || ana.measures === 'asset')
}

function elementsOf(definition: Json): Json[] {
  const out: Json[] = []
  const visit = (elements: unknown) => {
    for (const element of Array.isArray(elements) ? elements : []) {
      if (!isNode(element)) continue
      if (element.type === 'panel') visit(element.elements)
      else out.push(element)
    }
  }
  for (const page of Array.isArray(definition.pages) ? definition.pages : []) if (isNode(page)) visit(page.elements)
  return out
}

/** Every scored item of the given versions; the newest version of an itemId wins (its wording is the same in all). */
export function bankItems(versions: PublishedDefinition[]): BankItem[] {
  const byItem = new Map<string, BankItem>()
  const ordered = [...versions].sort((a, b) => a.slug.localeCompare(b.slug) || a.version - b.version)
  for (const v of ordered) {
    for (const element of elementsOf(v.definition)) {
      const add = (ana: AnaQuestionMeta & { itemId: string; domain: string; measures: string }, question: Json) =>
        byItem.set(ana.itemId, { itemId: ana.itemId, domain: ana.domain, measures: ana.measures, slug: v.slug, version: v.version, question, protected: protectedArea(ana.domain) })
      if (scoredAna(element.ana)) add(element.ana, structuredClone(element))
      else if (element.type === 'matrix' && isNode(element.ana) && !element.ana.serviceGrid) {
        for (const row of Array.isArray(element.rows) ? element.rows : []) {
          if (!isNode(row) || !scoredAna(row.ana)) continue
          const { ana } = row
          add(ana, {
            ...structuredClone(element),
            name: `${String(element.name)}_${String(row.value)}`,
            rows: [structuredClone(row)],
          })
        }
      }
    }
  }
  return [...byItem.values()]
}

/** Every text of a localized string or of nested strings, in every language, for searching. */
function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(textsOf)
  if (isNode(value)) return Object.entries(value).flatMap(([key, v]) => (key === 'ana' || key === 'name' || key === 'value' ? [] : textsOf(v)))
  return []
}

/** Items whose domain matches and whose wording (title, rows) contains the query in any language, case- and accent-blind. */
export function searchBank(items: BankItem[], query: { q?: string; domain?: string }): BankItem[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase()
  const needle = query.q ? fold(query.q.trim()) : ''
  return items.filter((item) => {
    if (query.domain && item.domain !== query.domain) return false
    if (!needle) return true
    if (item.itemId.includes(needle)) return true
    return textsOf([item.question.title, item.question.rows]).some((t) => fold(t).includes(needle))
  })
}
