import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { indexDefinition } from '../../../server/instruments/definition-index'
import { readSurveyFile } from '../../../server/instruments/survey-files'
import { compileValidator } from '../../../server/instruments/validator'
import { FIXTURE_SURVEYS } from '../../helpers/app'

const validate = compileValidator(indexDefinition(readSurveyFile(path.join(FIXTURE_SURVEYS, 'mini-ana/1.json')).definition))

describe('compiled response validator', () => {
  it('accepts a complete valid response', () => {
    expect(validate({ food_worry: 'often', days_missed: '1', absence_reasons: ['sick'], basic_needs: { clothes: 'short' }, services: { dental: 'used' } })).toEqual([])
  })

  it.each([
    [{}, 'food_worry', 'is required'],
    [{ food_worry: 'maybe' }, 'food_worry', 'is not one of the choices'],
    [{ food_worry: 'often', food_know_help: '3' }, 'food_know_help', 'is not one of the choices'],
    [{ food_worry: 'often', nickname: 'Ana' }, 'nickname', 'is not a question of this survey'],
    [{ food_worry: 'often', days_missed: '0', absence_reasons: ['ride'] }, 'absence_reasons', 'answers a question that the other answers hide'],
    [{ food_worry: 'often', absence_reasons: ['ride'] }, 'absence_reasons', 'answers a question that the other answers hide'],
    [{ food_worry: 'often', days_missed: '1', absence_reasons: ['ride', 'ride'] }, 'absence_reasons', 'lists a choice twice'],
    [{ food_worry: 'often', days_missed: '1', absence_reasons: 'ride' }, 'absence_reasons', 'must be a list of choices'],
    [{ food_worry: 'often', basic_needs: { shoes: 'enough' } }, 'basic_needs', 'has an unknown row "shoes"'],
    [{ food_worry: 'often', basic_needs: { clothes: 'lots' } }, 'basic_needs', 'row "clothes" has a value that is not one of the columns'],
    [{ food_worry: 'often', basic_needs: ['enough'] }, 'basic_needs', 'must be an object of row: column'],
    [{ food_worry: 'often', comments: 42 }, 'comments', 'must be text'],
    [{ food_worry: 'often', comments: 'x'.repeat(2001) }, 'comments', 'must be at most 2000 characters'],
    [{ food_worry: 'often', comments: '' }, 'comments', 'is empty; leave an unanswered question out'],
  ])('refuses %j: %s %s', (answers, question, reason) => {
    expect(validate(answers as Record<string, unknown>)).toContainEqual({ question, reason })
  })
})
