import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { generateAnswers } from '../../../server/demo/answers'
import { seededRandom } from '../../../server/demo/random'
import { indexDefinition } from '../../../server/instruments/definition-index'
import { encodeScores, layoutAdditions, scoredItemSlots, scoreLayout, type ItemSlot, type StoredLayout } from '../../../server/instruments/layout'
import { readCheckedLibrary } from '../../../server/instruments/library'
import { scoreResponse } from '../../../server/instruments/scoring'

const empty: StoredLayout = { items: [], domains: [] }
const slot = (itemId: string, domain: string, measures: ItemSlot['measures']): ItemSlot => ({ itemId, domain, measures })

describe('layoutAdditions', () => {
  it('lays out a new version in code-point order, each need or asset item on the next bit of its domain', () => {
    const added = layoutAdditions(empty, [
      slot('food.worry', 'food-security', 'need'),
      slot('food.know-help', 'food-security', 'asset'),
      slot('basic.clothes', 'basic-needs', 'need'),
      slot('food.skipped', 'food-security', 'need'),
      slot('services.dental', 'health', 'service'),
    ])
    expect(added.domains).toEqual([
      { position: 1, domain: 'basic-needs', measures: 'need' },
      { position: 2, domain: 'food-security', measures: 'asset' },
      { position: 3, domain: 'food-security', measures: 'need' },
    ])
    expect(added.items).toEqual([
      { itemId: 'basic.clothes', domain: 'basic-needs', measures: 'need', position: 1, domainPosition: 1, domainBit: 0 },
      { itemId: 'food.know-help', domain: 'food-security', measures: 'asset', position: 2, domainPosition: 2, domainBit: 0 },
      { itemId: 'food.skipped', domain: 'food-security', measures: 'need', position: 3, domainPosition: 3, domainBit: 0 },
      { itemId: 'food.worry', domain: 'food-security', measures: 'need', position: 4, domainPosition: 3, domainBit: 1 },
      { itemId: 'services.dental', domain: 'health', measures: 'service', position: 5, domainPosition: null, domainBit: null },
    ])
  })

  it('adds only what a stored layout lacks, after its last positions, never moving a stored slot', () => {
    const stored: StoredLayout = {
      domains: [{ position: 1, domain: 'food-security', measures: 'need' }],
      items: [{ itemId: 'food.worry', domain: 'food-security', measures: 'need', position: 1, domainPosition: 1, domainBit: 0 }],
    }
    const added = layoutAdditions(stored, [slot('food.worry', 'food-security', 'need'), slot('food.skipped', 'food-security', 'need'), slot('basic.clothes', 'basic-needs', 'need')])
    expect(added).toEqual({
      domains: [{ position: 2, domain: 'basic-needs', measures: 'need' }],
      items: [
        { itemId: 'basic.clothes', domain: 'basic-needs', measures: 'need', position: 2, domainPosition: 2, domainBit: 0 },
        { itemId: 'food.skipped', domain: 'food-security', measures: 'need', position: 3, domainPosition: 1, domainBit: 1 },
      ],
    })
    expect(layoutAdditions({ items: [...stored.items, ...added.items], domains: [...stored.domains, ...added.domains] }, [slot('food.skipped', 'food-security', 'need')])).toEqual(empty)
  })

  it('refuses an item whose domain or measure differs from its stored slot', () => {
    const stored = { items: [{ itemId: 'food.worry', domain: 'food-security', measures: 'need' as const, position: 1, domainPosition: 1, domainBit: 0 }], domains: [{ position: 1, domain: 'food-security', measures: 'need' as const }] }
    expect(() => layoutAdditions(stored, [slot('food.worry', 'food-security', 'asset')])).toThrow('Item "food.worry" is stored as food-security/need but the definition says food-security/asset.')
  })

  it('gives a domain 53 bits and refuses a 54th item', () => {
    const slots = (n: number) => Array.from({ length: n }, (_, i) => slot(`food.item-${String(i).padStart(2, '0')}`, 'food-security', 'need'))
    expect(layoutAdditions(empty, slots(53)).items.at(-1)?.domainBit).toBe(52)
    expect(() => layoutAdditions(empty, slots(54))).toThrow('Domain food-security/need has more than 53 items in one version.')
  })
})

describe('encodeScores', () => {
  const stored = layoutAdditions(empty, [slot('b.one', 'b', 'need'), slot('a.one', 'a', 'need'), slot('a.two', 'a', 'need'), slot('a.signal', 'a', 'signal')])
  const layout = scoreLayout(stored)

  it('puts each score in its slot, null where there is no answer, with the bits of the items behind each domain score', () => {
    const encoded = encodeScores(layout, {
      items: [
        { itemId: 'a.two', domain: 'a', measures: 'need', choice: 'often', score: 100 },
        { itemId: 'a.one', domain: 'a', measures: 'need', choice: 'pns', score: null },
        { itemId: 'a.signal', domain: 'a', measures: 'signal', choice: 'selected', score: 100 },
      ],
      domains: [{ domain: 'a', measures: 'need', score: 100, items: 1 }],
      contexts: [{ kind: 'grade-band', value: '3-5' }],
    })
    // Slots: a.one 1, a.signal 2, a.two 3, b.one 4; domains: a 1, b 2.
    expect(encoded).toEqual({
      item_choices: ['pns', 'selected', 'often', null],
      item_scores: [null, 100, 100, null],
      domain_scores: [100, null],
      domain_items: [1, null],
      domain_masks: [2, null],
      context_kinds: ['grade-band'],
      context_values: ['3-5'],
    })
  })

  it('refuses an item the layout has no slot for', () => {
    expect(() => encodeScores(layout, { items: [{ itemId: 'c.one', domain: 'c', measures: 'need', choice: '1', score: 0 }], domains: [], contexts: [] })).toThrow(
      'Item "c.one" has no slot in the version\'s layout.',
    )
  })

  it('holds every score of generated responses to the real instruments, read back slot by slot', () => {
    const library = readCheckedLibrary(path.resolve(import.meta.dirname, '../../../surveys'))
    for (const file of library.files) {
      const index = indexDefinition(file.definition)
      const own = layoutAdditions(empty, scoredItemSlots(index))
      const layout = scoreLayout(own)
      fc.assert(
        fc.property(fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), (seed, lean) => {
          const scores = scoreResponse(index, generateAnswers(index, seededRandom(seed), () => lean))
          const encoded = encodeScores(layout, scores)
          const items = own.items.flatMap((s) => (encoded.item_choices[s.position - 1] === null ? [] : [{ itemId: s.itemId, domain: s.domain, measures: s.measures, choice: encoded.item_choices[s.position - 1], score: encoded.item_scores[s.position - 1] }]))
          expect(items).toEqual([...scores.items].sort((a, b) => (a.itemId < b.itemId ? -1 : 1)))
          for (const d of own.domains) {
            const stored = encoded.domain_scores[d.position - 1]
            const expected = scores.domains.find((x) => x.domain === d.domain && x.measures === d.measures)
            expect(stored).toBe(expected?.score ?? null)
            const bits = own.items.filter((s) => s.domainPosition === d.position && encoded.item_scores[s.position - 1] !== null).reduce((m, s) => m + 2 ** s.domainBit!, 0)
            expect(encoded.domain_masks[d.position - 1]).toBe(expected ? bits : null)
          }
        }),
        { numRuns: 40 },
      )
    }
  })
})
