import { describe, expect, it } from 'vitest'
import { defectsAt, elementsOf, pagesOf, insertElement, missingForNewItem, moveElement, newItemQuestion, removePage, rewordedItemId, uniqueName, type NewItem } from '../../../client/designer/items'

const draft = { pages: [{ name: 'p1', elements: [{ type: 'radiogroup', name: 'laundry' }, { type: 'radiogroup', name: 'food' }] }, { name: 'p2', elements: [] }] }

const item: NewItem = {
  name: 'laundry_truck',
  type: 'radiogroup',
  title: 'I would use a laundry truck',
  domain: 'basic-needs',
  measures: 'need',
  itemId: 'school.laundry-truck',
  choices: [
    { value: 'yes', text: 'Yes', score: 100 },
    { value: 'no', text: 'No', score: 0 },
    { value: 'dk', text: "Don't know", score: null },
  ],
}

describe('draft editing', () => {
  it('gives a reworded item the next free itemId, never one already taken', () => {
    expect(rewordedItemId('food.worry', new Set())).toBe('food.worry-r2')
    expect(rewordedItemId('food.worry', new Set(['food.worry-r2', 'food.worry-r3']))).toBe('food.worry-r4')
    expect(rewordedItemId('food.worry-r2', new Set(['food.worry-r2']))).toBe('food.worry-r3')
  })

  it('requires every part of a new item: wording, domain, itemId, two distinct choices and scores from 0 to 100', () => {
    expect(missingForNewItem(item)).toEqual([])
    expect(missingForNewItem({ ...item, title: ' ', domain: '', itemId: 'Bad Id', choices: [{ value: 'yes', text: '', score: 120 }] })).toEqual([
      'title',
      'domain',
      'itemId',
      'choices',
      'choice 1',
      'score 1',
    ])
    expect(missingForNewItem({ ...item, choices: [item.choices[0], item.choices[0]] })).toEqual(['distinct values'])
  })

  it('writes a new item as a scored SurveyJS question', () => {
    expect(newItemQuestion(item)).toEqual({
      type: 'radiogroup',
      name: 'laundry_truck',
      title: { default: 'I would use a laundry truck' },
      choices: [
        { value: 'yes', text: { default: 'Yes' } },
        { value: 'no', text: { default: 'No' } },
        { value: 'dk', text: { default: "Don't know" } },
      ],
      ana: { itemId: 'school.laundry-truck', domain: 'basic-needs', measures: 'need', scores: { yes: 100, no: 0, dk: null } },
    })
  })

  it('inserts under a free name, moves and removes without touching the original', () => {
    expect(uniqueName(draft, 'laundry')).toBe('laundry_2')
    const inserted = insertElement(draft, 1, { type: 'radiogroup', name: 'laundry' })
    expect(elementsOf(pagesOf(inserted)[1])).toEqual([{ type: 'radiogroup', name: 'laundry_2' }])
    expect(elementsOf(pagesOf(moveElement(draft, 0, 0, 1))[0]).map((e) => e.name)).toEqual(['food', 'laundry'])
    expect(elementsOf(pagesOf(moveElement(draft, 0, 0, -1))[0]).map((e) => e.name)).toEqual(['laundry', 'food'])
    expect(pagesOf(removePage(draft, 0)).map((p) => p.name)).toEqual(['p2'])
    expect(draft.pages[0].elements.map((e) => e.name)).toEqual(['laundry', 'food'])
  })

  it('pins a problem to the question at or under its pointer, not to its neighbour', () => {
    const defects = [{ pointer: '/pages/0/elements/1/title' }, { pointer: '/pages/0/elements/10' }, { pointer: '/pages/0/elements/1' }]
    expect(defectsAt(defects, '/pages/0/elements/1')).toEqual([{ pointer: '/pages/0/elements/1/title' }, { pointer: '/pages/0/elements/1' }])
  })
})
