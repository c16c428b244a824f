import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { BadRequest } from '../../../server/errors'
import { assertAuthorMayPublish, findRawHtml } from '../../../server/instruments/raw-html'
import { readSurveyLibrary } from '../../../server/instruments/survey-files'
import { FIXTURE_SURVEYS } from '../../helpers/app'
import { MAIN_SLUG, writeXssLibrary } from '../../fixtures/xss/library'
import { PLAIN_TEXTS, XSS_PAYLOADS } from '../../fixtures/xss/payloads'

const REPO_SURVEYS = path.resolve(import.meta.dirname, '../../../surveys')

/** A small definition with one text in each place a respondent sees. */
function definition(text: string | Record<string, string>) {
  return {
    title: 'Family survey',
    pages: [
      {
        name: 'p1',
        title: text,
        elements: [
          { type: 'radiogroup', name: 'q1', title: 'How often?', choices: [{ value: 'a', text: 'Often' }, { value: 'b', text }], ana: { context: 'role-detail' } },
          { type: 'comment', name: 'q2', visibleIf: "{q1} = 'a' and {count} < 5", title: 'Anything else?', validators: [{ type: 'regex', regex: '^<[a-z]+>$' }] },
        ],
      },
    ],
  }
}

describe('findRawHtml', () => {
  it('finds html elements and *Html properties, at their JSON pointers', () => {
    const found = findRawHtml({
      completedHtml: { default: 'Thanks', es: 'Gracias' },
      loadingHtml: 'Loading',
      pages: [{ name: 'p', elements: [{ type: 'panel', name: 'x', elements: [{ type: 'html', name: 'help', html: 'Call 911' }] }] }],
    })
    expect(found).toEqual([
      { path: '/completedHtml', reason: 'completedHtml is rendered as HTML.' },
      { path: '/loadingHtml', reason: 'loadingHtml is rendered as HTML.' },
      { path: '/pages/0/elements/0/elements/0', reason: 'An html element is rendered as HTML.' },
    ])
  })

  it('finds a tag, a handler and a script URL in any language of a localized string', () => {
    expect(findRawHtml(definition({ default: 'Food', es: 'Comida <b>ya</b>' })).map((f) => f.path)).toEqual(['/pages/0/title/es', '/pages/0/elements/0/choices/1/text/es'])
    expect(findRawHtml(definition('x" onclick="go()'))[0].reason).toBe('The text holds an event-handler attribute (on…=).')
    expect(findRawHtml(definition('java\tscript:go()'))[0].reason).toBe('The text holds a script URL (javascript: or data:text/html).')
  })

  it('escapes "/" and "~" in the pointer', () => {
    expect(findRawHtml({ 'a/b': { '~c': '<i>' } })).toEqual([{ path: '/a~1b/~0c', reason: 'The text holds an HTML tag.' }])
  })

  it('ignores conditions, expressions, patterns and the ana metadata, which are never shown', () => {
    expect(findRawHtml(definition('Food'))).toEqual([])
    expect(findRawHtml({ ana: { note: '<b>' }, calculatedValues: [{ name: 'x', expression: '{a} <b' }], pages: [] })).toEqual([])
  })

  it.each(XSS_PAYLOADS.filter((p) => p.markup).map((p) => [p.id, p.text]))('flags payload %i wherever it is placed', (_id, text) => {
    const found = findRawHtml(definition({ default: 'Food', es: text as string }))
    expect(found.map((f) => f.path)).toEqual(['/pages/0/title/es', '/pages/0/elements/0/choices/1/text/es'])
  })

  it('flags every payload that carries markup, and no ordinary wording', () => {
    const markup = XSS_PAYLOADS.filter((p) => p.markup)
    expect(markup.length).toBeGreaterThan(200)
    expect(XSS_PAYLOADS.filter((p) => findRawHtml({ title: p.text }).length > 0)).toEqual(markup)
    expect(PLAIN_TEXTS.filter((text) => findRawHtml(definition(text)).length > 0)).toEqual([])
  })

  it("finds the district library's admin-written html elements and thank-you pages", () => {
    const files = readSurveyLibrary(REPO_SURVEYS)
    const found = files.flatMap((f) => findRawHtml(f.definition).map((r) => `${f.slug}${r.path}`))
    expect(found).toContain('family-ana/completedHtml')
    expect(found.some((p) => p.startsWith('student-ana/pages/'))).toBe(true)
    // The test fixtures carry no raw HTML at all.
    expect(readSurveyLibrary(FIXTURE_SURVEYS).flatMap((f) => findRawHtml(f.definition))).toEqual([])
  })
})

describe('assertAuthorMayPublish', () => {
  const withHtml = definition({ default: '<img src=x onerror=alert(1)>', es: 'Comida' })

  it('lets a district admin publish raw HTML', () => {
    expect(() => assertAuthorMayPublish(withHtml, 'district-admin')).not.toThrow()
  })

  it.each(['school-team', 'district-analyst'] as const)('refuses raw HTML from a %s with a 400 naming each place', (role) => {
    let error: unknown
    try {
      assertAuthorMayPublish(withHtml, role)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(BadRequest)
    expect(error).toMatchObject({
      statusCode: 400,
      message:
        'Only a district admin may publish an instrument that carries raw HTML. Use plain text at /pages/0/title/default, /pages/0/elements/0/choices/1/text/default, or ask a district admin to publish it.',
      details: [
        { path: '/pages/0/title/default', reason: 'The text holds an HTML tag.' },
        { path: '/pages/0/elements/0/choices/1/text/default', reason: 'The text holds an HTML tag.' },
      ],
    })
  })

  it('lists the first five places and counts the rest', () => {
    const many = { pages: [{ name: 'p', elements: Array.from({ length: 8 }, (_, i) => ({ type: 'html', name: `h${i}`, html: 'x' })) }] }
    expect(() => assertAuthorMayPublish(many, 'school-team')).toThrow(/at \/pages\/0\/elements\/0, .*\/pages\/0\/elements\/4 and 3 more, or ask/)
  })

  it('lets anyone publish a definition of plain text', () => {
    for (const role of ['school-team', 'district-analyst', 'district-admin'] as const) {
      expect(() => assertAuthorMayPublish(definition({ default: 'I <3 my school', es: 'Comida' }), role)).not.toThrow()
    }
  })

  it("refuses the browser tests' payload instrument from a school team", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-xss-lib-'))
    try {
      writeXssLibrary(dir, XSS_PAYLOADS, 20)
      const main = JSON.parse(fs.readFileSync(path.join(dir, MAIN_SLUG, '1.json'), 'utf8'))
      expect(() => assertAuthorMayPublish(main, 'school-team')).toThrow(BadRequest)
      expect(findRawHtml(main).length).toBeGreaterThan(2 * XSS_PAYLOADS.filter((p) => p.markup).length)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
