import { ConditionRunner } from 'survey-core'
import type { DefinitionIndex, IndexedQuestion, IndexedValue } from './definition-index'

export interface Problem {
  question: string
  reason: string
}

/** Free text is capped even where a definition sets no maxLength. */
export const MAX_TEXT_LENGTH = 2000

type Check = (answer: unknown) => string | null
type Answers = Record<string, unknown>

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

const hasValue = (answer: unknown): boolean =>
  answer !== undefined &&
  answer !== null &&
  answer !== '' &&
  !(Array.isArray(answer) && answer.length === 0) &&
  !(isPlainObject(answer) && Object.keys(answer).length === 0)

function memberOf(values: IndexedValue[]): (answer: unknown) => boolean {
  const allowed = values.map((v) => v.value)
  return (answer) => allowed.some((v) => v === answer)
}

/** U+0000, or half of a surrogate pair: PostgreSQL text and jsonb hold neither. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function textCheck(question: IndexedQuestion): Check {
  const limit = Math.min(question.maxLength ?? MAX_TEXT_LENGTH, MAX_TEXT_LENGTH)
  const numeric = question.inputType === 'number' || question.inputType === 'range'
  return (answer) => {
    if (numeric) {
      if (typeof answer !== 'number' || !Number.isFinite(answer)) return 'must be a number'
      if (question.min !== null && answer < question.min) return `must be at least ${question.min}`
      if (question.max !== null && answer > question.max) return `must be at most ${question.max}`
      return null
    }
    if (typeof answer !== 'string') return 'must be text'
    if (answer.length > limit) return `must be at most ${limit} characters`
    // Stored as given, it would fail the write instead of the check.
    if (UNSTORABLE.test(answer)) return 'contains a character that cannot be stored (U+0000 or half of a surrogate pair)'
    return null
  }
}

function ratingCheck(question: IndexedQuestion): Check {
  if (question.choices.length > 0) {
    const isMember = memberOf(question.choices)
    return (answer) => (isMember(answer) ? null : 'is not one of the rating values')
  }
  const min = question.rateMin ?? 1
  const max = question.rateMax ?? 5
  const step = question.rateStep
  return (answer) => {
    if (typeof answer !== 'number' || !Number.isFinite(answer)) return 'must be a number'
    if (answer < min || answer > max) return `must be from ${min} to ${max}`
    if (Math.abs((answer - min) / step - Math.round((answer - min) / step)) > 1e-9) return `must be a step of ${step} from ${min}`
    return null
  }
}

function checkboxCheck(question: IndexedQuestion): Check {
  const isMember = memberOf(question.choices)
  return (answer) => {
    if (!Array.isArray(answer)) return 'must be a list of choices'
    if (answer.some((a) => !isMember(a))) return 'has a value that is not one of the choices'
    if (new Set(answer).size !== answer.length) return 'lists a choice twice'
    if (question.maxSelectedChoices !== null && answer.length > question.maxSelectedChoices) {
      return `allows at most ${question.maxSelectedChoices} choices`
    }
    return null
  }
}

function matrixCheck(question: IndexedQuestion): Check {
  const rows = new Set(question.rows.map((r) => String(r.value)))
  const isColumn = memberOf(question.columns)
  return (answer) => {
    if (!isPlainObject(answer)) return 'must be an object of row: column'
    for (const [row, column] of Object.entries(answer)) {
      if (!rows.has(row)) return `has an unknown row "${row}"`
      if (!isColumn(column)) return `row "${row}" has a value that is not one of the columns`
    }
    if (question.allRowsRequired && Object.keys(answer).length < rows.size) return 'needs an answer in every row'
    return null
  }
}

function typeCheck(question: IndexedQuestion): Check {
  switch (question.type) {
    case 'radiogroup':
    case 'dropdown': {
      const isMember = memberOf(question.choices)
      return (answer) => (isMember(answer) ? null : 'is not one of the choices')
    }
    case 'rating':
      return ratingCheck(question)
    case 'checkbox':
    case 'tagbox':
      return checkboxCheck(question)
    case 'matrix':
      return matrixCheck(question)
    case 'boolean':
      return (answer) => (typeof answer === 'boolean' ? null : 'must be true or false')
    case 'text':
    case 'comment':
      return textCheck(question)
    default:
      return () => `has a question type (${question.type}) that intake does not accept`
  }
}

interface CompiledQuestion {
  question: IndexedQuestion
  visible: ConditionRunner[]
  enabled: ConditionRunner[]
  requiredIf: ConditionRunner | null
  check: Check
}

export type ResponseValidator = (answers: Answers) => Problem[]

/**
 * Compiles a definition's rules once: membership, types, ranges, lengths, required questions, and the show-if,
 * enable-if and required-if conditions, evaluated by survey-core's own expression engine. Stricter than
 * survey-core's Model.validate(): it also refuses unknown names, values outside the choices, and answers to
 * questions that the other answers hide.
 */
export function compileValidator(index: DefinitionIndex): ResponseValidator {
  const compiled: CompiledQuestion[] = [...index.questions.values()].map((question) => ({
    question,
    visible: question.visibleIf.map((e) => new ConditionRunner(e)),
    enabled: question.enableIf.map((e) => new ConditionRunner(e)),
    requiredIf: question.requiredIf ? new ConditionRunner(question.requiredIf) : null,
    check: typeCheck(question),
  }))

  return (answers) => {
    const problems: Problem[] = []
    for (const name of Object.keys(answers)) {
      if (!index.questions.has(name)) problems.push({ question: name, reason: 'is not a question of this survey' })
    }
    for (const { question, visible, enabled, requiredIf, check } of compiled) {
      const answer = answers[question.name]
      const shown = visible.every((c) => c.runValues(answers)) && enabled.every((c) => c.runValues(answers))
      if (!hasValue(answer)) {
        if (answer !== undefined) problems.push({ question: question.name, reason: 'is empty; leave an unanswered question out' })
        else if (shown && (question.isRequired || requiredIf?.runValues(answers))) problems.push({ question: question.name, reason: 'is required' })
        continue
      }
      if (!shown) {
        problems.push({ question: question.name, reason: 'answers a question that the other answers hide' })
        continue
      }
      const reason = check(answer)
      if (reason) problems.push({ question: question.name, reason })
    }
    return problems
  }
}
