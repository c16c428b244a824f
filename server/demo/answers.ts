import { ConditionRunner } from 'survey-core'
import type { DefinitionIndex, IndexedQuestion, IndexedValue } from '../instruments/definition-index'

/**
 * How a synthetic respondent leans: for each domain, a number from 0 (little need, many assets) to 1 (high
 * need, few assets). Choices are drawn so scored items follow the lean, with noise.
 */
export type Lean = (domain: string) => number

function choose(random: () => number, values: IndexedValue[], scoreOf: (v: IndexedValue) => number | null | undefined, target: number): IndexedValue {
  // Weight each choice by closeness of its score to the target; unscored choices (prefer not to say) are rare.
  const weights = values.map((v) => {
    const s = scoreOf(v)
    if (s === null || s === undefined) return 0.04
    return Math.exp(-(((s - target) / 28) ** 2))
  })
  const total = weights.reduce((a, b) => a + b, 0)
  let r = random() * total
  for (let i = 0; i < values.length; i++) {
    r -= weights[i]
    if (r <= 0) return values[i]
  }
  return values[values.length - 1]
}

function targetFor(lean: Lean, domain: string | undefined, measures: string | undefined, random: () => number): number {
  const l = domain ? lean(domain) : 0.5
  const base = measures === 'asset' ? 100 * (1 - l) : 100 * l
  return Math.max(0, Math.min(100, base + (random() - 0.5) * 40))
}

function answerFor(question: IndexedQuestion, random: () => number, lean: Lean): unknown {
  const ana = question.ana ?? {}
  switch (question.type) {
    case 'radiogroup':
    case 'dropdown':
    case 'rating': {
      if (question.choices.length === 0) return undefined
      if (!ana.scores) return question.choices[Math.floor(random() * question.choices.length)].value
      const target = targetFor(lean, ana.domain, ana.measures, random)
      return choose(random, question.choices, (v) => ana.scores?.[String(v.value)], target).value
    }
    case 'checkbox':
    case 'tagbox': {
      const max = question.maxSelectedChoices ?? question.choices.length
      const picked = question.choices.filter((c) => {
        if (String(c.value) === 'pns') return false
        const p = c.ana?.domain ? 0.1 + 0.5 * lean(c.ana.domain) : 0.3
        return random() < p
      })
      const chosen = picked.slice(0, max).map((c) => c.value)
      return chosen.length > 0 ? chosen : undefined
    }
    case 'matrix': {
      const cells: Record<string, unknown> = {}
      for (const row of question.rows) {
        if (random() < 0.05 && !question.allRowsRequired) continue
        const domain = row.ana?.domain
        if (ana.serviceGrid) {
          const l = domain ? lean(domain) : 0.5
          const r = random()
          const column = r < 0.25 + 0.1 * (1 - l) ? 'used' : r < 0.35 + 0.3 * l ? 'couldnt-get' : r < 0.55 + 0.2 * l ? 'didnt-know' : 'dont-need'
          cells[String(row.value)] = question.columns.find((c) => c.value === column)?.value ?? question.columns[0].value
        } else {
          const target = targetFor(lean, domain, row.ana?.measures, random)
          cells[String(row.value)] = choose(random, question.columns, (v) => ana.scores?.[String(v.value)], target).value
        }
      }
      return Object.keys(cells).length > 0 ? cells : undefined
    }
    case 'boolean':
      return random() < 0.5
    default:
      return undefined // free text stays empty in synthetic data
  }
}

/** A plausible complete response to a definition: shown questions only, required ones always answered. */
export function generateAnswers(index: DefinitionIndex, random: () => number, lean: Lean): Record<string, unknown> {
  const answers: Record<string, unknown> = {}
  for (const question of index.questions.values()) {
    const shown = [...question.visibleIf, ...question.enableIf].every((e) => new ConditionRunner(e).runValues(answers))
    if (!shown) continue
    if (!question.isRequired && random() < 0.03) continue
    const answer = answerFor(question, random, lean)
    if (answer !== undefined) answers[question.name] = answer
  }
  // Answers given early can hide later questions only through conditions on earlier ones, which we honoured in
  // order; a condition on a later question is re-checked here so the result always validates.
  for (const question of index.questions.values()) {
    const shown = [...question.visibleIf, ...question.enableIf].every((e) => new ConditionRunner(e).runValues(answers))
    if (!shown) delete answers[question.name]
  }
  return answers
}

/**
 * The generator ticks each box of a context question (home languages, children's grade bands) with some chance, so
 * a family names five or six home languages; a real family names one, sometimes two. Trims such answers in place.
 */
export function realisticContexts(index: DefinitionIndex, answers: Record<string, unknown>, random: () => number): Record<string, unknown> {
  for (const question of index.questions.values()) {
    const answer = answers[question.name]
    if (question.ana?.context && Array.isArray(answer) && answer.length > 1) answers[question.name] = answer.slice(0, random() < 0.8 ? 1 : 2)
  }
  return answers
}
