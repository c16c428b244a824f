import { describe, expect, it } from 'vitest'
import { diffVersions } from '../../../client/designer/diff'

const question = (itemId: string, title: Record<string, string>, scores: Record<string, number | null> = { yes: 100, no: 0 }) => ({
  type: 'radiogroup',
  name: itemId.replace(/\W/g, '_'),
  title,
  choices: [
    { value: 'yes', text: { default: 'Yes', es: 'Sí' } },
    { value: 'no', text: { default: 'No', es: 'No' } },
  ],
  ana: { itemId, domain: 'food-security', measures: 'need', scores },
})
const version = (...elements: unknown[]) => ({ pages: [{ name: 'p', elements }] })

describe('diff between two versions', () => {
  it('names items added, removed, reworded (per language) and rescored', () => {
    const a = version(question('a', { default: 'A', es: 'A es' }), question('b', { default: 'B', es: 'B es' }), question('c', { default: 'C' }))
    const b = version(question('a', { default: 'A', es: 'A español' }), question('c', { default: 'C' }, { no: 0, yes: 50 }), question('d', { default: 'D' }))
    expect(diffVersions(a, b)).toEqual({ added: ['d'], removed: ['b'], reworded: [{ itemId: 'a', locales: ['es'] }], rescored: ['c'] })
  })

  it('finds nothing between a version and itself, whatever the order of score keys', () => {
    const a = version(question('a', { default: 'A' }, { yes: 100, no: 0 }))
    const b = version(question('a', { default: 'A' }, { no: 0, yes: 100 }))
    expect(diffVersions(a, b)).toEqual({ added: [], removed: [], reworded: [], rescored: [] })
  })

  it('follows matrix rows and per-choice items', () => {
    const matrix = (rowText: string) => ({
      type: 'matrix',
      name: 'm',
      title: 'Needs',
      columns: [{ value: 'ok', text: 'OK' }],
      rows: [{ value: 'shoes', text: rowText, ana: { itemId: 'basic.shoes', domain: 'basic-needs', measures: 'need' } }],
      ana: { scores: { ok: 0 } },
    })
    expect(diffVersions(version(matrix('Shoes')), version(matrix('Shoes that fit')))).toEqual({ added: [], removed: [], reworded: [{ itemId: 'basic.shoes', locales: ['en'] }], rescored: [] })
  })
})
