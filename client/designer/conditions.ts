/**
 * Show-if conditions as a form (question, operator, value) and the survey-core expressions they write. Only these
 * forms are written or read back; anything else is shown as it is and can only be replaced through the form.
 */
export type Operator = 'equals' | 'notequals' | 'anyof' | 'notempty' | 'empty'

export interface Condition {
  question: string
  operator: Operator
  /** Choice values; one for equals and notequals, one or more for anyof, none for notempty and empty. */
  values: (string | number)[]
}

export const OPERATORS: Operator[] = ['equals', 'notequals', 'anyof', 'notempty', 'empty']

const NAME = /^[A-Za-z0-9_.-]+$/

function literal(value: string | number): string {
  if (typeof value === 'number') return String(value)
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/** The expression for a condition; the question name and values never become code. */
export function toExpression(condition: Condition): string {
  if (!NAME.test(condition.question)) throw new Error(`"${condition.question}" is not a question name.`)
  const q = `{${condition.question}}`
  switch (condition.operator) {
    case 'equals':
      return `${q} = ${literal(condition.values[0] ?? '')}`
    case 'notequals':
      return `${q} <> ${literal(condition.values[0] ?? '')}`
    case 'anyof':
      return `${q} anyof [${condition.values.map(literal).join(', ')}]`
    case 'notempty':
      return `${q} notempty`
    case 'empty':
      return `${q} empty`
  }
}

const STRING = String.raw`'(?:[^'\\]|\\.)*'`
const NUMBER = String.raw`-?\d+(?:\.\d+)?`
const VALUE = `(?:${STRING}|${NUMBER})`

function readLiteral(text: string): string | number {
  if (text.startsWith("'")) return text.slice(1, -1).replace(/\\(.)/g, '$1')
  return Number(text)
}

/** The condition an expression stands for, when it is one the form writes; null otherwise. */
export function fromExpression(expression: string): Condition | null {
  const text = expression.trim()
  let m = new RegExp(String.raw`^\{([A-Za-z0-9_.-]+)\}\s*(=|<>)\s*(${VALUE})$`).exec(text)
  if (m) return { question: m[1], operator: m[2] === '=' ? 'equals' : 'notequals', values: [readLiteral(m[3])] }
  m = new RegExp(String.raw`^\{([A-Za-z0-9_.-]+)\}\s+anyof\s+\[\s*(${VALUE}(?:\s*,\s*${VALUE})*)?\s*\]$`).exec(text)
  if (m) return { question: m[1], operator: 'anyof', values: m[2] ? (m[2].match(new RegExp(VALUE, 'g')) ?? []).map(readLiteral) : [] }
  m = /^\{([A-Za-z0-9_.-]+)\}\s+(notempty|empty)$/.exec(text)
  if (m) return { question: m[1], operator: m[2] as Operator, values: [] }
  return null
}
