import { describe, expect, it } from 'vitest'
import { parseGradeRange, parseGradeSpans, servesGrades } from '../../../server/schools/grade-spans'

describe('grade spans', () => {
  it.each([
    ['TK-5', { from: -1, to: 5 }],
    ['K-8', { from: 0, to: 8 }],
    ['6-8', { from: 6, to: 8 }],
    ['9-12', { from: 9, to: 12 }],
    ['3–5', { from: 3, to: 5 }],
    ['tk-2', { from: -1, to: 2 }],
    ['Pre-K-2', { from: -2, to: 2 }],
    ['PK', { from: -2, to: -2 }],
    ['K', { from: 0, to: 0 }],
    ['7', { from: 7, to: 7 }],
    ['pns', null],
    ['5-3', null],
    ['13', null],
    ['6-8-9', null],
    ['', null],
  ])('reads %j as %j', (text, range) => {
    expect(parseGradeRange(text)).toEqual(range)
  })

  it('reads a school of two spans, and nothing from text that is not spans', () => {
    expect(parseGradeSpans('TK-5, 9-12')).toEqual([
      { from: -1, to: 5 },
      { from: 9, to: 12 },
    ])
    expect(parseGradeSpans('Adult education')).toBeNull()
  })

  it.each([
    // The demo library: the elementary student survey asks grades 3-5, the secondary one 6-8 and 9-12.
    [['3-5', 'pns'], 'TK-5', true],
    [['3-5', 'pns'], 'TK-2', false],
    [['3-5', 'pns'], '9-12', false],
    [['6-8', '9-12', 'pns'], '6-12', true],
    [['6-8', '9-12', 'pns'], 'TK-5', false],
    [['6-8', '9-12', 'pns'], 'K-8', true],
    // Families of every grade; staff ask no grade: every school.
    [['tk-2', '3-5', '6-8', '9-12', 'pns'], 'TK-2', true],
    [[], '9-12', true],
    [['pns', 'other'], '9-12', true],
    // A school whose grades are not spans is never let off a role on a guess.
    [['3-5'], 'Adult education', true],
  ] as [string[], string, boolean][])('an instrument asking %j serves a %s school: %s', (bands, grades, serves) => {
    expect(servesGrades(bands, grades)).toBe(serves)
  })
})
