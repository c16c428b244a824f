import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromExpression, toExpression, type Condition } from '../../../client/designer/conditions'

describe('show-if conditions', () => {
  it('writes the expressions survey-core reads', () => {
    expect(toExpression({ question: 'grade_band', operator: 'equals', values: ['9-12'] })).toBe("{grade_band} = '9-12'")
    expect(toExpression({ question: 'days', operator: 'notequals', values: [0] })).toBe('{days} <> 0')
    expect(toExpression({ question: 'hard', operator: 'anyof', values: ['agree', 'strongly-agree'] })).toBe("{hard} anyof ['agree', 'strongly-agree']")
    expect(toExpression({ question: 'days', operator: 'notempty', values: [] })).toBe('{days} notempty')
    expect(toExpression({ question: 'o', operator: 'equals', values: ["it's"] })).toBe("{o} = 'it\\'s'")
  })

  it('reads back the published instruments\' own forms', () => {
    expect(fromExpression("{engage_hard_to_attend} anyof ['neutral', 'agree', 'strongly-agree']")).toEqual({
      question: 'engage_hard_to_attend',
      operator: 'anyof',
      values: ['neutral', 'agree', 'strongly-agree'],
    })
    expect(fromExpression("{grade_band} = '9-12'")).toEqual({ question: 'grade_band', operator: 'equals', values: ['9-12'] })
  })

  it('gives null for an expression the form does not write, so it is never half-edited', () => {
    expect(fromExpression("{days_missed} notempty and {days_missed} anyof ['1']")).toBeNull()
    expect(fromExpression('age() > 5')).toBeNull()
  })

  it('refuses a question name that would become code', () => {
    expect(() => toExpression({ question: "a} or {b", operator: 'notempty', values: [] })).toThrow('"a} or {b" is not a question name.')
  })

  it('round-trips every condition the form can make', () => {
    const value = fc.oneof(fc.string({ maxLength: 12 }), fc.integer({ min: -100, max: 1000 }))
    const condition: fc.Arbitrary<Condition> = fc.oneof(
      fc.record({ question: fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/), operator: fc.constantFrom('equals' as const, 'notequals' as const), values: fc.tuple(value).map((v) => [...v]) }),
      fc.record({ question: fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/), operator: fc.constant('anyof' as const), values: fc.array(value, { minLength: 1, maxLength: 4 }) }),
      fc.record({ question: fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/), operator: fc.constantFrom('notempty' as const, 'empty' as const), values: fc.constant([] as (string | number)[]) }),
    )
    fc.assert(fc.property(condition, (c) => { expect(fromExpression(toExpression(c))).toEqual(c) }))
  })
})
