/**
 * Skip logic between XLSForm and SurveyJS: an XLSForm `relevant` (ODK XPath: `${q} = 'a'`, `selected(${q}, 'a')`,
 * `not(...)`, `and`, `or`) and a SurveyJS `visibleIf` (`{q} = 'a'`, `{q} anyof ['a', 'b']`, `{q} notempty`) are read
 * into one small tree and written out in the other language. Only what both say the same way is translated; anything
 * else is refused by name, since a form whose skips silently change asks people the wrong questions.
 *
 * A select_one's `selected(${q}, 'a')` is `{q} = 'a'` (SurveyJS's `contains` would also match "strongly-agree" for
 * "agree"); a select_multiple's is `{q} contains 'a'`. A chain of them on one question joined by `or` is `anyof`, so
 * a SurveyJS condition written out and read back is the condition it was.
 */

export type Operand = { kind: 'var'; name: string } | { kind: 'str'; value: string } | { kind: 'num'; value: number }

export type Condition =
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  | { kind: 'compare'; op: Comparison; left: Operand; right: Operand }
  | { kind: 'empty' | 'notempty'; name: string }
  | { kind: 'contains' | 'notcontains'; name: string; value: string }
  | { kind: 'anyof' | 'noneof' | 'allof'; name: string; values: string[] }

type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>='

/** How a question answers, which decides what `selected()` means. */
export type AnswerKind = 'one' | 'many'

export class ConditionError extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Tokens: both languages are close enough to share a tokenizer (variables differ: `${q}` and `{q}`).

type Token =
  | { t: 'var'; name: string }
  | { t: 'str'; value: string }
  | { t: 'num'; value: number }
  | { t: 'op'; value: string }
  | { t: 'word'; value: string }
  | { t: '(' | ')' | '[' | ']' | ',' | '.' }

function tokenize(text: string, dialect: 'xpath' | 'surveyjs'): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (/\s/.test(c)) {
      i++
      continue
    }
    const rest = text.slice(i)
    const variable = dialect === 'xpath' ? /^\$\{([A-Za-z_][\w.-]*)\}/.exec(rest) : /^\{([A-Za-z_][\w.-]*)\}/.exec(rest)
    if (variable) {
      tokens.push({ t: 'var', name: variable[1] })
      i += variable[0].length
      continue
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1)
      if (end < 0) throw new ConditionError(`a quote (${c}) is never closed`)
      tokens.push({ t: 'str', value: text.slice(i + 1, end) })
      i = end + 1
      continue
    }
    const number = /^-?\d+(\.\d+)?/.exec(rest)
    if (number) {
      tokens.push({ t: 'num', value: Number(number[0]) })
      i += number[0].length
      continue
    }
    const op = /^(<=|>=|!=|<>|=|<|>|!)/.exec(rest)
    if (op) {
      tokens.push({ t: 'op', value: op[1] === '<>' ? '!=' : op[1] })
      i += op[0].length
      continue
    }
    if ('()[],.'.includes(c)) {
      tokens.push({ t: c as '(' })
      i++
      continue
    }
    const word = /^[A-Za-z][\w-]*/.exec(rest)
    if (word) {
      tokens.push({ t: 'word', value: word[0].toLowerCase() })
      i += word[0].length
      continue
    }
    throw new ConditionError(`"${c}" is not something a condition can hold`)
  }
  return tokens
}

class Reader {
  private at = 0
  constructor(private readonly tokens: Token[]) {}
  peek(): Token | undefined {
    return this.tokens[this.at]
  }
  next(): Token {
    const token = this.tokens[this.at++]
    if (!token) throw new ConditionError('the condition ends too soon')
    return token
  }
  isWord(word: string): boolean {
    const token = this.peek()
    return token?.t === 'word' && token.value === word
  }
  expect(t: Token['t']): Token {
    const token = this.next()
    if (token.t !== t) throw new ConditionError(`expected "${t}" where the condition has ${describeToken(token)}`)
    return token
  }
  done(): boolean {
    return this.at >= this.tokens.length
  }
}

function describeToken(token: Token): string {
  if (token.t === 'var') return `the question ${token.name}`
  if (token.t === 'str') return `'${token.value}'`
  if (token.t === 'num' || token.t === 'op' || token.t === 'word') return `"${token.value}"`
  return `"${token.t}"`
}

/** Both languages: `or` binds loosest, then `and`. */
function readBoolean(reader: Reader, readAtom: (r: Reader) => Condition): Condition {
  const readAnd = (): Condition => {
    const items = [readAtom(reader)]
    while (reader.isWord('and')) {
      reader.next()
      items.push(readAtom(reader))
    }
    return items.length === 1 ? items[0] : { kind: 'and', items }
  }
  const items = [readAnd()]
  while (reader.isWord('or')) {
    reader.next()
    items.push(readAnd())
  }
  return items.length === 1 ? items[0] : { kind: 'or', items }
}

function readOperand(reader: Reader, dialect: 'xpath' | 'surveyjs'): Operand {
  const token = reader.next()
  if (token.t === 'var') return { kind: 'var', name: token.name }
  if (token.t === 'str') return { kind: 'str', value: token.value }
  if (token.t === 'num') return { kind: 'num', value: token.value }
  if (dialect === 'xpath' && token.t === 'word' && token.value === 'true' && reader.peek()?.t === '(') {
    throw new ConditionError('true() is not a condition on an answer')
  }
  throw new ConditionError(`${describeToken(token)} cannot stand where a question or a value goes`)
}

const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>='])

// ---------------------------------------------------------------------------------------------------------------
// XLSForm (ODK XPath) → tree

/** Reads an XLSForm `relevant`; `kinds` says how each question named in it answers. */
export function readXpath(text: string, kinds: Map<string, AnswerKind>): Condition {
  const reader = new Reader(tokenize(text, 'xpath'))
  const kindOf = (name: string) => {
    const kind = kinds.get(name)
    if (!kind) throw new ConditionError(`\${${name}} is not a question before this one`)
    return kind
  }
  const atom = (r: Reader): Condition => {
    const token = r.peek()
    if (token?.t === '(') {
      r.next()
      const inner = readBoolean(r, atom)
      r.expect(')')
      return inner
    }
    if (token?.t === 'word' && token.value === 'not') {
      r.next()
      r.expect('(')
      const inner = readBoolean(r, atom)
      r.expect(')')
      return negate(collapseAnyOf(inner))
    }
    if (token?.t === 'word' && token.value === 'selected') {
      r.next()
      r.expect('(')
      const question = r.next()
      if (question.t !== 'var') throw new ConditionError('selected() takes a question first, as selected(${q}, \'a\')')
      r.expect(',')
      const value = r.next()
      if (value.t !== 'str' && value.t !== 'num') throw new ConditionError('selected() takes a choice name second, as selected(${q}, \'a\')')
      r.expect(')')
      const choice = value.t === 'str' ? value.value : String(value.value)
      return kindOf(question.name) === 'many'
        ? { kind: 'contains', name: question.name, value: choice }
        : { kind: 'compare', op: '=', left: { kind: 'var', name: question.name }, right: { kind: 'str', value: choice } }
    }
    if (token?.t === 'word') throw new ConditionError(`the function ${token.value}() is not one the engine translates (it takes selected(), not(), and, or, and comparisons)`)
    const left = readOperand(r, 'xpath')
    const op = r.next()
    if (op.t !== 'op' || !COMPARISONS.has(op.value)) throw new ConditionError(`expected a comparison (=, !=, <, >) after ${left.kind === 'var' ? `\${${left.name}}` : 'a value'}`)
    const right = readOperand(r, 'xpath')
    if (left.kind === 'var') kindOf(left.name)
    if (right.kind === 'var') kindOf(right.name)
    if (left.kind === 'var' && right.kind === 'str' && right.value === '' && (op.value === '=' || op.value === '!=')) {
      return { kind: op.value === '=' ? 'empty' : 'notempty', name: left.name }
    }
    if (left.kind === 'var' && kindOf(left.name) === 'many' && right.kind !== 'var') {
      throw new ConditionError(`\${${left.name}} takes several answers: use selected(\${${left.name}}, '…') instead of ${op.value}`)
    }
    return { kind: 'compare', op: op.value as Comparison, left, right }
  }
  const condition = readBoolean(reader, atom)
  if (!reader.done()) throw new ConditionError(`${describeToken(reader.peek()!)} is left over at the end`)
  return collapseAnyOf(condition)
}

function negate(condition: Condition): Condition {
  switch (condition.kind) {
    case 'contains':
      return { kind: 'notcontains', name: condition.name, value: condition.value }
    case 'empty':
      return { kind: 'notempty', name: condition.name }
    case 'notempty':
      return { kind: 'empty', name: condition.name }
    case 'anyof':
      return { kind: 'noneof', name: condition.name, values: condition.values }
    case 'compare':
      if (condition.op === '=') return { ...condition, op: '!=' }
      if (condition.op === '!=') return { ...condition, op: '=' }
      return { kind: 'not', item: condition }
    default:
      return { kind: 'not', item: condition }
  }
}

/** `a = 'x' or a = 'y'` (or `a contains 'x' or …`) on one question is `a anyof ['x', 'y']`. */
function collapseAnyOf(condition: Condition): Condition {
  if (condition.kind === 'and') return { kind: 'and', items: condition.items.map(collapseAnyOf) }
  if (condition.kind === 'not') return { kind: 'not', item: collapseAnyOf(condition.item) }
  if (condition.kind !== 'or') return condition
  const items = condition.items.map(collapseAnyOf)
  const choiceOf = (c: Condition): { name: string; value: string } | null => {
    if (c.kind === 'contains') return { name: c.name, value: c.value }
    if (c.kind === 'compare' && c.op === '=' && c.left.kind === 'var' && c.right.kind === 'str') return { name: c.left.name, value: c.right.value }
    return null
  }
  const choices = items.map(choiceOf)
  const first = choices[0]
  if (first && choices.every((c) => c !== null && c.name === first.name)) return { kind: 'anyof', name: first.name, values: choices.map((c) => c!.value) }
  return { kind: 'or', items }
}

// ---------------------------------------------------------------------------------------------------------------
// SurveyJS → tree

const SURVEYJS_UNARY = new Set(['empty', 'notempty'])
const SURVEYJS_LISTS = new Set(['anyof', 'noneof', 'allof'])

/** Reads a SurveyJS `visibleIf` of the forms the engine's instruments use. */
export function readSurveyJs(text: string): Condition {
  const reader = new Reader(tokenize(text, 'surveyjs'))
  const atom = (r: Reader): Condition => {
    const token = r.peek()
    if (token?.t === '(') {
      r.next()
      const inner = readBoolean(r, atom)
      r.expect(')')
      return inner
    }
    if ((token?.t === 'op' && token.value === '!') || (token?.t === 'word' && token.value === 'not')) {
      r.next()
      return negate(atom(r))
    }
    const left = readOperand(r, 'surveyjs')
    const op = r.next()
    if (left.kind === 'var' && op.t === 'word' && SURVEYJS_UNARY.has(op.value)) return { kind: op.value as 'empty', name: left.name }
    if (left.kind === 'var' && op.t === 'word' && SURVEYJS_LISTS.has(op.value)) {
      r.expect('[')
      const values: string[] = []
      while (r.peek()?.t !== ']') {
        const value = r.next()
        if (value.t !== 'str' && value.t !== 'num') throw new ConditionError(`${op.value} takes a list of values`)
        values.push(value.t === 'str' ? value.value : String(value.value))
        if (r.peek()?.t === ',') r.next()
      }
      r.expect(']')
      return { kind: op.value as 'anyof', name: left.name, values }
    }
    if (left.kind === 'var' && op.t === 'word' && (op.value === 'contains' || op.value === 'notcontains')) {
      const value = readOperand(r, 'surveyjs')
      if (value.kind === 'var') throw new ConditionError(`${op.value} takes a value`)
      return { kind: op.value, name: left.name, value: String(value.value) }
    }
    if (op.t === 'op' && COMPARISONS.has(op.value)) return { kind: 'compare', op: op.value as Comparison, left, right: readOperand(r, 'surveyjs') }
    throw new ConditionError(`${describeToken(op)} is not an operator the engine writes out to XLSForm`)
  }
  const condition = readBoolean(reader, atom)
  if (!reader.done()) throw new ConditionError(`${describeToken(reader.peek()!)} is left over at the end`)
  return condition
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

const quote = (value: string) => (value.includes("'") ? `"${value}"` : `'${value}'`)

function operand(o: Operand, dialect: 'xpath' | 'surveyjs'): string {
  if (o.kind === 'var') return dialect === 'xpath' ? `\${${o.name}}` : `{${o.name}}`
  if (o.kind === 'num') return String(o.value)
  return quote(o.value)
}

/** A SurveyJS condition, written as the instruments write theirs. */
export function writeSurveyJs(condition: Condition): string {
  const inner = (c: Condition, parent: 'and' | 'or' | 'not' | null): string => {
    const text = write(c)
    const needsParens = (c.kind === 'or' && parent === 'and') || (parent === 'not' && (c.kind === 'and' || c.kind === 'or' || c.kind === 'compare'))
    return needsParens ? `(${text})` : text
  }
  const write = (c: Condition): string => {
    switch (c.kind) {
      case 'and':
      case 'or':
        return c.items.map((item) => inner(item, c.kind as 'and')).join(` ${c.kind} `)
      case 'not':
        return `!${inner(c.item, 'not')}`
      case 'compare':
        return `${operand(c.left, 'surveyjs')} ${c.op} ${operand(c.right, 'surveyjs')}`
      case 'empty':
      case 'notempty':
        return `{${c.name}} ${c.kind}`
      case 'contains':
      case 'notcontains':
        return `{${c.name}} ${c.kind} ${quote(c.value)}`
      case 'anyof':
      case 'noneof':
      case 'allof':
        return `{${c.name}} ${c.kind} [${c.values.map(quote).join(', ')}]`
    }
  }
  return write(condition)
}

/** An XLSForm `relevant`; `kinds` says how each question answers (selected() for both kinds of select). */
export function writeXpath(condition: Condition, kinds: Map<string, AnswerKind>): string {
  const selected = (name: string, value: string) => `selected(\${${name}}, ${quote(value)})`
  const write = (c: Condition, parent: 'and' | 'or' | null): string => {
    switch (c.kind) {
      case 'and':
      case 'or': {
        const text = c.items.map((item) => write(item, c.kind as 'and')).join(` ${c.kind} `)
        return c.kind === 'or' && parent === 'and' ? `(${text})` : text
      }
      case 'not':
        return `not(${write(c.item, null)})`
      case 'compare':
        if (c.left.kind === 'var' && kinds.get(c.left.name) === 'many') throw new ConditionError(`{${c.left.name}} takes several answers and cannot be compared with ${c.op}`)
        return `${operand(c.left, 'xpath')} ${c.op} ${operand(c.right, 'xpath')}`
      case 'empty':
        return `\${${c.name}} = ''`
      case 'notempty':
        return `\${${c.name}} != ''`
      case 'contains':
        return selected(c.name, c.value)
      case 'notcontains':
        return `not(${selected(c.name, c.value)})`
      case 'anyof': {
        const text = c.values.map((v) => selected(c.name, v)).join(' or ')
        return c.values.length > 1 && parent === 'and' ? `(${text})` : text
      }
      case 'noneof':
        return `not(${c.values.map((v) => selected(c.name, v)).join(' or ')})`
      case 'allof':
        return c.values.map((v) => selected(c.name, v)).join(' and ')
    }
  }
  return write(condition, null)
}

/** The questions a condition names. */
export function namesIn(condition: Condition): string[] {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return condition.items.flatMap(namesIn)
    case 'not':
      return namesIn(condition.item)
    case 'compare':
      return [condition.left, condition.right].flatMap((o) => (o.kind === 'var' ? [o.name] : []))
    default:
      return [condition.name]
  }
}
