import fp from 'fastify-plugin'
import { BadRequest } from '../errors'

/**
 * How deep a JSON body may nest. The deepest legitimate body is a SurveyJS definition saved from the designer:
 * the definitions in surveys/ and tests/fixtures nest 8 levels (page, elements, question, choices, choice, text by
 * language), 9 inside the draft body; each panel placed in a panel adds 2. 64 leaves room for some 25 nested
 * panels, and is far below what overflows the stack of code that walks a value recursively (the payload
 * fingerprint, safe-stable-stringify, overflowed at about 8,000).
 */
export const MAX_BODY_DEPTH = 64

export const TOO_DEEP = `The request body is nested deeper than ${MAX_BODY_DEPTH} levels.`
export const BAD_TEXT = 'The request body contains a NUL character (\\u0000) or an unpaired surrogate (\\uD800 to \\uDFFF); send well-formed Unicode text.'

const QUOTE = 0x22
const BACKSLASH = 0x5c

/** The index of the quote that ends the JSON string opened at `start`: the next one not escaped by a backslash. */
function endOfString(text: string, start: number): number {
  let i = start
  for (;;) {
    i = text.indexOf('"', i + 1)
    if (i === -1) return text.length
    let backslashes = 0
    for (let j = i - 1; text.charCodeAt(j) === BACKSLASH; j--) backslashes++
    if (backslashes % 2 === 0) return i
  }
}

/**
 * Whether JSON text nests deeper than `limit`, read as text: no parsing, no recursion, stopping at the first
 * bracket past the limit, so a body of a million brackets costs no more than a short one. Brackets inside
 * strings do not count. Text that is not JSON may get any answer: the parser refuses it next.
 */
export function textNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) i = endOfString(text, i)
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}

/** Whether a value (arrays and plain objects) nests deeper than `limit`, walked with a stack of its own. */
export function valueNestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth > limit) return true
    for (const child of Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1])
  }
  return false
}

// Without the u flag a regular expression sees UTF-16 code units, so an unpaired half of a surrogate pair matches.
const ILL_FORMED = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
/** What JSON text must contain to decode to either: \u0000 or a \uD8xx to \uDFxx escape (raw ones cannot parse). */
const ILL_FORMED_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/

/** Whether any string or key of a parsed value holds a NUL or a lone surrogate, which PostgreSQL cannot store. */
export function hasIllFormedText(value: unknown): boolean {
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const v = stack.pop()
    if (typeof v === 'string') {
      if (ILL_FORMED.test(v)) return true
    } else if (v !== null && typeof v === 'object') {
      for (const [key, child] of Object.entries(v)) {
        if (ILL_FORMED.test(key)) return true
        stack.push(child)
      }
    }
  }
  return false
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route checks its text itself and says more (intake names the answer to fix, instruments/validator.ts,
     * and refuses a NUL in the access code by its schema): this plugin leaves NUL and lone surrogates to it.
     */
    ownTextCheck?: boolean
  }
}

/**
 * Every JSON body, on every route, before any route code or schema sees it: one nested deeper than
 * MAX_BODY_DEPTH, or with text PostgreSQL refuses (NUL, lone surrogates), is a 400 naming the problem, never a
 * stack overflow or a database error answered 500. The body limit (413) is checked before, by Fastify.
 */
export default fp(
  async (app) => {
    const parse = app.getDefaultJsonParser(app.initialConfig.onProtoPoisoning ?? 'error', app.initialConfig.onConstructorPoisoning ?? 'error')
    app.removeContentTypeParser('application/json')
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = body as string
      if (textNestsDeeperThan(text, MAX_BODY_DEPTH)) return done(new BadRequest(TOO_DEEP), undefined)
      parse(request, text, (error, value) => {
        if (error) return done(error, undefined)
        if (ILL_FORMED_ESCAPE.test(text) && !request.routeOptions.config.ownTextCheck && hasIllFormedText(value)) return done(new BadRequest(BAD_TEXT), undefined)
        done(null, value)
      })
    })
  },
  { name: 'json-body', dependencies: ['errors'] },
)
