import type { ItemMeasure, Measure } from '../vocabulary/measures'
import type { DefinitionIndex, IndexedQuestion } from './definition-index'

export interface ItemScore {
  itemId: string
  domain: string
  measures: ItemMeasure
  /** The answer this score came from, as text (a choice value, a grid column, or selected/not-selected). */
  choice: string
  /** 0–100, or null for don't know / prefer not to say (excluded from every mean). */
  score: number | null
}

export interface DomainScore {
  domain: string
  measures: Measure
  /** The mean of the respondent's non-null item scores in this domain and measure. */
  score: number
  items: number
}

/** A context answer used for breakdowns (grade band, home language…); a checkbox gives one per ticked value. */
export interface ContextValue {
  kind: string
  value: string
}

export interface ResponseScores {
  items: ItemScore[]
  domains: DomainScore[]
  contexts: ContextValue[]
}

function scoreOf(scores: Record<string, number | null> | undefined, value: unknown): number | null {
  const score = scores?.[String(value)]
  return typeof score === 'number' ? score : null
}

/** Adds the item scores one question gives to `items` (a push per item: this runs for every response stored). */
function scoreQuestion(question: IndexedQuestion, answer: unknown, items: ItemScore[]): void {
  const ana = question.ana
  if (!ana || answer === undefined || answer === null) return

  if (question.type === 'matrix' && typeof answer === 'object' && !Array.isArray(answer)) {
    const cells = answer as Record<string, unknown>
    for (const row of question.rows) {
      const column = cells[String(row.value)]
      if (column === undefined || !row.ana?.itemId || !row.ana.domain) continue
      if (ana.serviceGrid) items.push({ itemId: row.ana.itemId, domain: row.ana.domain, measures: 'service', choice: String(column), score: null })
      else if (row.ana.measures !== undefined) {
        items.push({ itemId: row.ana.itemId, domain: row.ana.domain, measures: row.ana.measures, choice: String(column), score: scoreOf(ana.scores, column) })
      }
    }
    return
  }

  if (ana.perChoice && Array.isArray(answer)) {
    for (const choice of question.choices) {
      const meta = choice.ana
      if (!meta?.itemId || !meta.domain || !meta.measures) continue
      const selected = answer.includes(choice.value)
      // A driver signal is a share of those who answered the question (who ticked at least one box), so only
      // the ticked choices are stored; a scored need or asset choice counts 0 when left unticked.
      if (!selected && meta.measures === 'signal') continue
      items.push({ itemId: meta.itemId, domain: meta.domain, measures: meta.measures, choice: selected ? 'selected' : 'not-selected', score: selected ? 100 : 0 })
    }
    return
  }

  if (ana.itemId && ana.domain && ana.measures) {
    items.push({ itemId: ana.itemId, domain: ana.domain, measures: ana.measures, choice: String(answer), score: scoreOf(ana.scores, answer) })
  }
}

/**
 * Every item `scoreQuestion` can give for this question, whatever the answer (each branch it may take): the slots a
 * version's layout keeps for it (layout.ts).
 */
export function itemSlotsOf(question: IndexedQuestion): Pick<ItemScore, 'itemId' | 'domain' | 'measures'>[] {
  const ana = question.ana
  if (!ana) return []
  const slots: Pick<ItemScore, 'itemId' | 'domain' | 'measures'>[] = []
  if (question.type === 'matrix') {
    for (const row of question.rows) {
      if (!row.ana?.itemId || !row.ana.domain) continue
      if (ana.serviceGrid) slots.push({ itemId: row.ana.itemId, domain: row.ana.domain, measures: 'service' })
      else if (row.ana.measures !== undefined) slots.push({ itemId: row.ana.itemId, domain: row.ana.domain, measures: row.ana.measures })
    }
  }
  if (ana.perChoice) {
    for (const choice of question.choices) {
      const meta = choice.ana
      if (meta?.itemId && meta.domain && meta.measures) slots.push({ itemId: meta.itemId, domain: meta.domain, measures: meta.measures })
    }
  }
  if (ana.itemId && ana.domain && ana.measures) slots.push({ itemId: ana.itemId, domain: ana.domain, measures: ana.measures })
  return slots
}

/**
 * Scores one validated response: an item score per scored question, matrix row or checkbox choice, and the
 * respondent's domain score per (domain, need|asset) as the mean of their non-null item scores (DESIGN.md).
 */
export function scoreResponse(index: DefinitionIndex, answers: Record<string, unknown>): ResponseScores {
  const items: ItemScore[] = []
  for (const question of index.questions.values()) scoreQuestion(question, answers[question.name], items)

  const sums = new Map<string, DomainScore>()
  for (const item of items) {
    if (item.score === null || (item.measures !== 'need' && item.measures !== 'asset')) continue
    const key = `${item.domain}\u0000${item.measures}`
    const entry = sums.get(key) ?? { domain: item.domain, measures: item.measures, score: 0, items: 0 }
    entry.score += item.score
    entry.items += 1
    sums.set(key, entry)
  }
  const domains = [...sums.values()].map((d) => ({ ...d, score: d.score / d.items }))

  const contexts: ContextValue[] = []
  for (const question of index.questions.values()) {
    const kind = question.ana?.context
    const answer = answers[question.name]
    if (!kind || kind === 'open-text' || answer === undefined || answer === null) continue
    for (const value of Array.isArray(answer) ? answer : [answer]) contexts.push({ kind, value: String(value) })
  }
  return { items, domains, contexts }
}
