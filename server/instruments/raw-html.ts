import type { AccountRole } from '../db/schema'
import { BadRequest } from '../errors'
import { escapePointer } from './check'

/** One place in a SurveyJS definition that carries raw HTML, as a JSON pointer and a sentence. */
export interface RawHtml {
  path: string
  reason: string
}

type Json = Record<string, unknown>

const TAG = /<[a-z!/?]/i
const EVENT_HANDLER = /\bon[a-z]+\s*=/i
// Browsers drop tabs and line breaks inside a URL's scheme, so "java\tscript:" is still a script URL.
const SCRIPT_URL = /\b(?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*:|\bdata\s*:\s*text\/html/i
// Conditions, expressions and patterns are code survey-core evaluates, never text it shows: "{age} < 5" is fine.
const NOT_SHOWN = (key: string) => key === 'ana' || key === 'regex' || key === 'expression' || /(?:If|Expression)$/.test(key)
const HTML_PROPERTY = (key: string) => key === 'html' || /Html$/.test(key)

function markupIn(text: string): string | null {
  if (TAG.test(text)) return 'The text holds an HTML tag.'
  if (EVENT_HANDLER.test(text)) return 'The text holds an event-handler attribute (on…=).'
  if (SCRIPT_URL.test(text)) return 'The text holds a script URL (javascript: or data:text/html).'
  return null
}

/**
 * Every place in a definition that carries raw HTML: html elements, *Html properties (completedHtml, loadingHtml…)
 * and any shown string, in any language, holding a tag, an event handler or a script URL. survey-core renders the
 * first two as HTML; the strings are refused too, so that turning on markdown or a new renderer later cannot make
 * an author's text live.
 */
export function findRawHtml(definition: unknown): RawHtml[] {
  const found: RawHtml[] = []
  const visit = (node: unknown, path: string) => {
    if (typeof node === 'string') {
      const reason = markupIn(node)
      if (reason) found.push({ path, reason })
      return
    }
    if (Array.isArray(node)) return node.forEach((child, i) => visit(child, `${path}/${i}`))
    if (node === null || typeof node !== 'object') return
    const object = node as Json
    if (object.type === 'html') {
      found.push({ path: path || '/', reason: 'An html element is rendered as HTML.' })
      return
    }
    for (const [key, value] of Object.entries(object)) {
      if (NOT_SHOWN(key)) continue
      const here = `${path}/${escapePointer(key)}`
      if (HTML_PROPERTY(key) && value !== null && value !== undefined && value !== '') {
        found.push({ path: here, reason: `${key} is rendered as HTML.` })
        continue
      }
      visit(value, here)
    }
  }
  visit(definition, '')
  return found
}

const LISTED = 5

/**
 * Publishing check for instrument authors: raw HTML is a district admin's to write. School teams and analysts get a
 * 400 naming each place to change; the designer (issue 10) calls this before it stores a version.
 */
export function assertAuthorMayPublish(definition: unknown, role: AccountRole): void {
  if (role === 'district-admin') return
  const found = findRawHtml(definition)
  if (found.length === 0) return
  const listed = found.slice(0, LISTED).map((f) => f.path).join(', ')
  const more = found.length > LISTED ? ` and ${found.length - LISTED} more` : ''
  throw new BadRequest(
    `Only a district admin may publish an instrument that carries raw HTML. Use plain text at ${listed}${more}, or ask a district admin to publish it.`,
    found,
  )
}
