import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ADULT, CHILD, countWords, estimateMinutes, minutesAt, workload } from '../../../client/runner/time-estimate'

const words = (n: number, word = 'word') => Array.from({ length: n }, () => word).join(' ')
const survey = (path: string) => JSON.parse(fs.readFileSync(path, 'utf8'))
const SURVEYS = path.resolve(import.meta.dirname, '../../../surveys')

describe('countWords', () => {
  it('counts words as readers meet them, in scripts with and without spaces', () => {
    expect(countWords('Does your family have enough food?', 'en')).toBe(6)
    expect(countWords('¿Su familia tiene suficiente comida?', 'es')).toBe(5)
    expect(countWords('<p>Two <b>words</b></p>', 'en')).toBe(2)
    // Chinese is written without spaces: it is counted in words, not as one long word or as every character.
    const chinese = countWords('您家現在這些東西夠用嗎？', 'zh-Hant')
    expect(chinese).toBeGreaterThan(3)
    expect(chinese).toBeLessThan(11)
    expect(countWords('', 'en')).toBe(0)
  })
})

describe('workload', () => {
  it('reads titles, descriptions, choices and grid labels in the language asked, and counts each answer', () => {
    const definition = {
      title: { default: words(10), es: words(12, 'palabra') },
      pages: [
        {
          elements: [
            { type: 'radiogroup', name: 'a', title: { default: words(5), es: words(6, 'palabra') }, choices: [{ value: 1, text: { default: 'Yes', es: 'Sí' } }, { value: 2, text: 'No' }] },
            { type: 'matrix', name: 'b', title: words(4), rows: ['one row', 'two row', 'three row'], columns: [{ value: 1, text: 'Agree' }, { value: 2, text: 'Disagree' }] },
            { type: 'checkbox', name: 'c', title: words(3), choices: ['x', 'y'] },
            { type: 'comment', name: 'd', title: words(2) },
            { type: 'html', name: 'e', html: { default: `<p>${words(7)}</p>` } },
          ],
        },
      ],
    }
    expect(workload(definition, 'en')).toEqual({ words: 10 + 5 + 2 + 4 + 6 + 2 + 3 + 2 + 2 + 7, answers: 1 + 3, checklists: 1 })
    expect(workload(definition, 'es').words).toBe(12 + 6 + 2 + 4 + 6 + 2 + 3 + 2 + 2 + 7)
  })

  it('leaves out what shows only after a particular answer: the typical path', () => {
    const definition = {
      pages: [
        { elements: [{ type: 'radiogroup', name: 'a', title: words(5), choices: ['yes', 'no'] }, { type: 'checkbox', name: 'why', visibleIf: "{a} = 'yes'", title: words(50), choices: ['x'] }] },
        { visibleIf: "{a} = 'no'", elements: [{ type: 'radiogroup', name: 'b', title: words(80) }] },
        { elements: [{ type: 'panel', name: 'p', elements: [{ type: 'radiogroup', name: 'c', title: words(5), choices: ['yes', 'no'] }] }] },
      ],
    }
    expect(workload(definition, 'en')).toEqual({ words: 5 + 2 + 5 + 2, answers: 2, checklists: 0 })
  })
})

describe('estimateMinutes', () => {
  it('is reading time at the pace plus seconds per answer', () => {
    expect(minutesAt({ words: 2000, answers: 60, checklists: 0 }, { wordsPerMinute: 200, secondsPerAnswer: 5, secondsPerChecklist: 10 })).toBe(15)
    expect(minutesAt({ words: 0, answers: 0, checklists: 6 }, { wordsPerMinute: 200, secondsPerAnswer: 5, secondsPerChecklist: 10 })).toBe(1)
  })

  it('gives a range from a fluent reader to a slow one, children slower than adults, never under a minute', () => {
    const definition = { pages: [{ elements: [{ type: 'radiogroup', name: 'a', title: words(1990), choices: ['yes', 'no'] }] }] }
    const adult = estimateMinutes(definition, 'en', 'family')
    const child = estimateMinutes(definition, 'en', 'student')
    expect(adult.low).toBe(Math.round(1992 / 200 + 4 / 60))
    expect(adult.high).toBe(Math.ceil((1992 / 110 + 7 / 60) / 5) * 5)
    expect(child.low).toBeGreaterThan(adult.low)
    expect(child.high).toBeGreaterThanOrEqual(adult.high)
    expect(estimateMinutes({ pages: [] }, 'en', 'staff')).toEqual({ low: 1, high: 1 })
  })

  it('never says less for more to read or to answer, and the slow end is never below the fluent one', () => {
    fc.assert(
      fc.property(fc.nat(5000), fc.nat(200), fc.nat(20), fc.nat(500), fc.constantFrom(...ADULT, ...CHILD), (w, a, c, more, pace) => {
        const base = minutesAt({ words: w, answers: a, checklists: c }, pace)
        expect(minutesAt({ words: w + more, answers: a, checklists: c }, pace)).toBeGreaterThanOrEqual(base)
        expect(minutesAt({ words: w, answers: a + more, checklists: c }, pace)).toBeGreaterThanOrEqual(base)
        const [fluent, slow] = CHILD.includes(pace) ? CHILD : ADULT
        expect(minutesAt({ words: w, answers: a, checklists: c }, slow)).toBeGreaterThanOrEqual(minutesAt({ words: w, answers: a, checklists: c }, fluent))
      }),
    )
  })

  it("says what the issue measured for the family survey: a fluent adult about 15 minutes, a slow reader 25 or more", () => {
    const family = survey(path.join(SURVEYS, 'family-ana/1.json'))
    for (const language of ['en', 'es', 'ar', 'zh-Hant']) {
      const { low, high } = estimateMinutes(family, language, 'family')
      expect(low, language).toBeGreaterThanOrEqual(11)
      expect(low, language).toBeLessThanOrEqual(18)
      expect(high, language).toBeGreaterThanOrEqual(25)
    }
    // The elementary survey is short, and its readers are children.
    const elementary = estimateMinutes(survey(path.join(SURVEYS, 'student-ana-elementary/1.json')), 'en', 'student')
    expect(elementary.low).toBeLessThan(estimateMinutes(family, 'en', 'family').low)
  })
})
