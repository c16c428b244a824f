import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromCsv, toCsv } from '../../../client/designer/csv'
import { applyImport, cellState, collectStrings, initialHashes, planImport, setText, sourceHash, withHash } from '../../../client/designer/strings'
import { fromXliff, toXliff, XliffError } from '../../../client/designer/xliff'

const definition = {
  title: { default: 'Family survey', es: 'Encuesta para familias' },
  ana: { slug: 'x', title: 'not survey text' },
  pages: [
    {
      name: 'home',
      elements: [
        {
          type: 'radiogroup',
          name: 'laundry',
          title: { default: 'I would use a laundry truck', es: 'Usaría un camión de lavandería' },
          choices: [
            { value: 'yes', text: { default: 'Yes', es: 'Sí' } },
            { value: 'no', text: 'No' },
          ],
        },
      ],
    },
  ],
}

describe('translation strings', () => {
  it('collects each string under a key made of names, not positions', () => {
    const rows = collectStrings(definition)
    expect(rows.map((r) => r.key)).toEqual(['title', 'pages/home/elements/laundry/title', 'pages/home/elements/laundry/choices/yes/text', 'pages/home/elements/laundry/choices/no/text'])
    expect(rows[1]).toEqual({ key: 'pages/home/elements/laundry/title', path: ['pages', 0, 'elements', 0, 'title'], texts: { en: 'I would use a laundry truck', es: 'Usaría un camión de lavandería' } })
  })

  it('sets and removes one language of one string', () => {
    const rows = collectStrings(definition)
    const changed = setText(definition, rows[3].path, 'es', 'No')
    expect(collectStrings(changed)[3].texts).toEqual({ en: 'No', es: 'No' })
    expect(collectStrings(setText(changed, rows[3].path, 'es', ''))[3].texts).toEqual({ en: 'No' })
    expect(definition.pages[0].elements[0].choices[1].text).toBe('No')
  })

  it('hashes a text the same way every time, and differently for another text', () => {
    expect(sourceHash('Yes')).toBe(sourceHash('Yes'))
    expect(sourceHash('Yes')).not.toBe(sourceHash('Yes.'))
    fc.assert(fc.property(fc.string(), (s) => { expect(sourceHash(s)).toMatch(/^[0-9a-f]{8}$/) }))
  })

  it('marks a translation missing, current, or made from an English text that changed since', () => {
    const rows = collectStrings(definition)
    const hashes = initialHashes(rows)
    expect(cellState(rows[1], 'es', hashes)).toBe('ok')
    expect(cellState(rows[3], 'es', hashes)).toBe('missing')
    expect(cellState(rows[1], 'en', hashes)).toBe('source')
    const reworded = collectStrings(setText(definition, rows[1].path, 'en', 'I would use a laundry van'))
    expect(cellState(reworded[1], 'es', hashes)).toBe('changed')
    expect(cellState(reworded[1], 'es', withHash(hashes, rows[1].key, 'es', 'I would use a laundry van'))).toBe('ok')
  })

  it('plans an import exactly: changes, unknown keys and translations of an older English text', () => {
    const rows = collectStrings(definition)
    const plan = planImport(rows, [
      { key: 'pages/home/elements/laundry/choices/no/text', locale: 'es', text: 'No', source: 'No' },
      { key: 'pages/home/elements/laundry/title', locale: 'es', text: 'Usaría un camión de lavandería' },
      { key: 'pages/home/elements/laundry/choices/yes/text', locale: 'ko', text: '예', source: 'Yes please' },
      { key: 'pages/gone/elements/x/title', locale: 'es', text: 'x' },
      { key: 'title', locale: 'en', text: 'English is edited in the form' },
    ])
    expect(plan).toEqual({
      changes: [
        { key: 'pages/home/elements/laundry/choices/no/text', locale: 'es', before: '', after: 'No', source: 'No' },
        { key: 'pages/home/elements/laundry/choices/yes/text', locale: 'ko', before: '', after: '예', source: 'Yes please' },
      ],
      unknown: ['pages/gone/elements/x/title'],
      outdated: [{ key: 'pages/home/elements/laundry/choices/yes/text', locale: 'ko' }],
    })
    const applied = applyImport(definition, initialHashes(rows), rows, plan)
    const after = collectStrings(applied.definition)
    expect(after[3].texts.es).toBe('No')
    expect(cellState(after[3], 'es', applied.hashes)).toBe('ok')
    expect(cellState(after[2], 'ko', applied.hashes)).toBe('changed')
  })
})

describe('XLIFF 1.2 and CSV', () => {
  it('writes one <file> per target language with a <trans-unit> per string', () => {
    const xml = toXliff(collectStrings(definition), ['en', 'es', 'ko'], 'x/draft-1')
    expect(xml).toContain('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">')
    expect(xml).toContain('target-language="ko"')
    expect(xml).toContain('<trans-unit id="pages/home/elements/laundry/title">')
  })

  it('round-trips any text through XLIFF and CSV, markup characters included', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((s) => s.trim() !== '' && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\r]/.test(s)), (text) => {
        const d = setText(definition, ['pages', 0, 'elements', 0, 'title'], 'es', text)
        const rows = collectStrings(d)
        const fromX = fromXliff(toXliff(rows, ['es'], 'x')).find((t) => t.key === 'pages/home/elements/laundry/title')
        expect(fromX).toEqual({ key: 'pages/home/elements/laundry/title', locale: 'es', text, source: 'I would use a laundry truck' })
        const fromC = fromCsv(toCsv(rows, ['en', 'es'])).find((t) => t.key === 'pages/home/elements/laundry/title')
        expect(fromC).toEqual({ key: 'pages/home/elements/laundry/title', locale: 'es', text, source: 'I would use a laundry truck' })
      }),
      { numRuns: 200 },
    )
  })

  it('refuses a file that is not XLIFF 1.2', () => {
    expect(() => fromXliff('<xliff version="2.0"></xliff>')).toThrow(XliffError)
    expect(() => fromXliff('<xliff version="2.0"></xliff>')).toThrow('This is not an XLIFF 1.2 file (no <xliff version="1.2">).')
    expect(() => fromCsv('a,b\n1,2')).toThrow('The first row must be: key, en, then a column per language.')
  })
})
