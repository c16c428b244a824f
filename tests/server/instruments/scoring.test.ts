import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { indexDefinition } from '../../../server/instruments/definition-index'
import { scoreResponse } from '../../../server/instruments/scoring'
import { readSurveyFile } from '../../../server/instruments/survey-files'
import { FIXTURE_SURVEYS } from '../../helpers/app'

const mini = indexDefinition(readSurveyFile(path.join(FIXTURE_SURVEYS, 'mini-ana/1.json')).definition)

describe('scoreResponse', () => {
  it('scores each answered item from its score map and averages domain scores per measure', () => {
    const scores = scoreResponse(mini, {
      food_worry: 'sometimes',
      food_know_help: 3,
      days_missed: '2-3',
      absence_reasons: ['ride'],
      basic_needs: { clothes: 'help', supplies: 'enough' },
      services: { dental: 'couldnt-get' },
      comments: 'thanks',
    })
    expect(scores.items).toEqual([
      { itemId: 'food.worry', domain: 'food-security', measures: 'need', choice: 'sometimes', score: 50 },
      { itemId: 'food.know-help', domain: 'food-security', measures: 'asset', choice: '3', score: 100 },
      { itemId: 'attend.days-missed', domain: 'attendance', measures: 'need', choice: '2-3', score: 67 },
      { itemId: 'attend.reason-ride', domain: 'attendance', measures: 'signal', choice: 'selected', score: 100 },
      { itemId: 'basic.clothes', domain: 'basic-needs', measures: 'need', choice: 'help', score: 100 },
      { itemId: 'basic.supplies', domain: 'basic-needs', measures: 'need', choice: 'enough', score: 0 },
      { itemId: 'services.dental', domain: 'dental-vision', measures: 'service', choice: 'couldnt-get', score: null },
    ])
    expect(scores.domains).toEqual([
      { domain: 'food-security', measures: 'need', score: 50, items: 1 },
      { domain: 'food-security', measures: 'asset', score: 100, items: 1 },
      { domain: 'attendance', measures: 'need', score: 67, items: 1 },
      { domain: 'basic-needs', measures: 'need', score: 50, items: 2 },
    ])
    // The free-text comment is context (open text) and is never a breakdown.
    expect(scores.contexts).toEqual([])
  })

  it('records prefer-not-to-say with a null score and leaves it out of the domain score', () => {
    const scores = scoreResponse(mini, { food_worry: 'pns', food_know_help: 1 })
    expect(scores.items[0]).toMatchObject({ itemId: 'food.worry', choice: 'pns', score: null })
    expect(scores.domains).toEqual([{ domain: 'food-security', measures: 'asset', score: 0, items: 1 }])
  })

  it('scores nothing for unanswered questions', () => {
    expect(scoreResponse(mini, {})).toEqual({ items: [], domains: [], contexts: [] })
  })
})
