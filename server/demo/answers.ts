import { ConditionRunner } from 'survey-core'
import type { DefinitionIndex, IndexedQuestion, IndexedValue } from '../instruments/definition-index'
import { choicesAtSchool, parseGradeRange } from '../schools/grade-spans'
import { pick } from './random'

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

/**
 * Answers a context question (home language, grade band...) as one particular respondent would, or undefined to
 * leave it to the generator.
 */
export type ContextAnswer = (question: IndexedQuestion) => unknown

/** A plausible complete response to a definition: shown questions only, required ones always answered. */
export function generateAnswers(index: DefinitionIndex, random: () => number, lean: Lean, context?: ContextAnswer): Record<string, unknown> {
  const answers: Record<string, unknown> = {}
  for (const question of index.questions.values()) {
    const shown = [...question.visibleIf, ...question.enableIf].every((e) => new ConditionRunner(e).runValues(answers))
    if (!shown) continue
    if (!question.isRequired && random() < 0.03) continue
    const answer = (question.ana?.context ? context?.(question) : undefined) ?? answerFor(question, random, lean)
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

/** How often a family names each home language first: roughly a large Southern California district's families. */
const HOME_LANGUAGES: [string, number][] = [
  ['es', 0.47], ['en', 0.38], ['hy', 0.025], ['ko', 0.02], ['tl', 0.02], ['cmn', 0.012], ['yue', 0.01], ['zh', 0.02],
  ['vi', 0.012], ['fa', 0.01], ['ru', 0.008], ['ar', 0.008], ['km', 0.004], ['indigenous', 0.004], ['other', 0.01],
]
/** Who answers a staff survey: teachers most, then classified staff, support staff, partners' staff, administrators. */
const STAFF_ROLES: [string, number][] = [['teacher', 0.52], ['classified', 0.18], ['support', 0.12], ['partner', 0.07], ['admin', 0.08], ['pns', 0.03]]
/** The runner's language for a home language, where the runner has it. */
const LOCALE_OF: Record<string, string> = { en: 'en', es: 'es', hy: 'hy', ko: 'ko', yue: 'zh-Hant', cmn: 'zh-Hant', zh: 'zh-Hant', vi: 'vi', tl: 'tl', ru: 'ru', fa: 'fa', ar: 'ar' }

/**
 * A language as a question lists it: Chinese by its variety or as one, anything unlisted as "other"; undefined when
 * the question has no such choice.
 */
function listed(language: string, offered: string[]): string | undefined {
  if (offered.includes(language)) return language
  const chinese = ['zh', 'cmn', 'yue']
  const named = chinese.includes(language) ? (chinese.find((c) => offered.includes(c)) ?? 'other') : 'other'
  return offered.includes(named) ? named : undefined
}

export interface DemoRespondent {
  /** Context answers as this respondent gives them; pass to generateAnswers. */
  context: ContextAnswer
  /** The language the respondent reads the survey in: their contact language where the runner has it. */
  locale: string
}

/**
 * One demo respondent's circumstances, consistent across their answers: one home language, sometimes two (English
 * the usual second), contact language and survey language from it, children in the grades their school teaches
 * (a family sometimes has two children there in different bands), which are the only bands the school offers
 * (administrations/grade-offer.ts). The generator alone would tick each home language with some chance, so every
 * family would name five or six, and a middle school's students would say they are in high school.
 */
export function demoRespondent(random: () => number, role: string, school: { grades: string }): DemoRespondent {
  const draw = (weights: [string, number][]) => {
    let r = random() * weights.reduce((sum, [, w]) => sum + w, 0)
    for (const [value, w] of weights) if ((r -= w) <= 0) return value
    return weights[weights.length - 1][0]
  }
  const first = draw(HOME_LANGUAGES)
  const second = first !== 'en' && random() < 0.3 ? 'en' : first === 'en' && random() < 0.1 ? 'es' : null
  const home = second ? [first, second] : [first]
  const contact = first !== 'en' && random() < (role === 'family' ? 0.85 : 0.3) ? first : 'en'
  const locale = role === 'staff' ? (random() < 0.1 ? 'es' : 'en') : (LOCALE_OF[contact] ?? 'en')
  const sibling = random() < 0.25
  const values = (question: IndexedQuestion) => question.choices.map((c) => String(c.value))

  const context: ContextAnswer = (question) => {
    const offered = values(question)
    const many = question.type === 'checkbox' || question.type === 'tagbox'
    switch (question.ana?.context) {
      case 'home-language': {
        const named = [...new Set(home.map((l) => listed(l, offered)))].filter((l) => l !== undefined)
        return named.length === 0 ? undefined : many ? offered.filter((v) => named.includes(v)) : named[0]
      }
      case 'contact-language':
        return listed(contact, offered)
      case 'grade-band': {
        // The school's bands only: an instrument at a school none of whose bands it teaches is not offered there.
        const here = choicesAtSchool(offered, school.grades).filter((v) => parseGradeRange(v) !== null)
        if (here.length === 0) return offered.includes('pns') ? (many ? ['pns'] : 'pns') : undefined
        const own = pick(random, here)
        if (!many) return own
        const second = sibling ? pick(random, here.filter((v) => v !== own)) : undefined
        return offered.filter((v) => v === own || v === second)
      }
      case 'staff-role': {
        const roles = STAFF_ROLES.filter(([v]) => offered.includes(v))
        return roles.length === 0 ? undefined : draw(roles)
      }
      default: {
        // Time at the school and the like: any of the answers, and now and then "prefer not to say".
        const answers = offered.filter((v) => v !== 'pns')
        if (many || answers.length === 0) return undefined
        return random() < 0.03 && offered.includes('pns') ? 'pns' : pick(random, answers)
      }
    }
  }
  return { context, locale }
}
