import path from 'node:path'
import fc from 'fast-check'
import { ConditionRunner, Model } from 'survey-core'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { registerAnaProperties } from '../../../server/instruments/ana'
import { indexDefinition, type IndexedQuestion } from '../../../server/instruments/definition-index'
import { listSurveyFiles, readSurveyFile } from '../../../server/instruments/survey-files'
import { compileValidator } from '../../../server/instruments/validator'

registerAnaProperties()
// survey-core warns on the console when the generator hands it values of the wrong type; that is the point here.
beforeAll(() => void vi.spyOn(console, 'warn').mockImplementation(() => {}))
const LIBRARY = path.resolve(import.meta.dirname, '../../../surveys')
/**
 * Generated responses per instrument. survey-core's validate takes some 30-70 ms a response on the family survey, so
 * 2,000 (about two minutes an instrument) is the everyday depth; DIFFERENTIAL_RUNS=10000 soaks, and CI runs it lighter
 * on its second database (it reads none).
 */
const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 2_000)

/** Reasons that only our stricter rules give: survey-core's Model accepts such answers. */
const STRICTER = [
  /^is not one of the choices$/,
  /^is not one of the rating values$/,
  /^is not a question of this survey$/,
  /^answers a question that the other answers hide$/,
  /^must be (text|a number|true or false|a list of choices|an object of row: column)$/,
  /^has a value that is not one of the choices$/,
  /^lists a choice twice$/,
  /^allows at most \d+ choices$/,
  /^has an unknown row ".*"$/,
  /^row ".*" has a value that is not one of the columns$/,
  /^must be at most \d+ characters$/,
  /^is empty; leave an unanswered question out$/,
]

const junk = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }))

/** Answers of the right shape only (clean), or with wrong values and shapes mixed in (noisy). */
function answerArbitrary(q: IndexedQuestion, noisy: boolean): fc.Arbitrary<unknown> {
  if (!noisy) return cleanAnswer(q)
  return fc.oneof({ weight: 6, arbitrary: cleanAnswer(q) }, { weight: 1, arbitrary: noisyAnswer(q) })
}

function cleanAnswer(q: IndexedQuestion): fc.Arbitrary<unknown> {
  const values = q.choices.map((c) => c.value)
  switch (q.type) {
    case 'radiogroup':
    case 'dropdown':
    case 'rating':
      return fc.constantFrom(...values)
    case 'checkbox':
    case 'tagbox':
      return fc.subarray(values, { minLength: 1, maxLength: q.maxSelectedChoices ?? values.length })
    case 'matrix': {
      const rows = q.rows.map((r) => String(r.value))
      return fc.dictionary(fc.constantFrom(...rows), fc.constantFrom(...q.columns.map((c) => c.value)), { minKeys: 1, maxKeys: rows.length })
    }
    case 'boolean':
      return fc.boolean()
    default:
      return fc.string({ minLength: 1, maxLength: 40 })
  }
}

function noisyAnswer(q: IndexedQuestion): fc.Arbitrary<unknown> {
  const values = q.choices.map((c) => c.value)
  switch (q.type) {
    case 'radiogroup':
    case 'dropdown':
    case 'rating':
      return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: junk })
    case 'checkbox':
    case 'tagbox':
      return fc.oneof(
        { weight: 6, arbitrary: fc.subarray(values, { minLength: 1 }) },
        { weight: 1, arbitrary: fc.array(fc.oneof(fc.constantFrom(...values), junk), { maxLength: 4 }) },
        { weight: 1, arbitrary: junk },
      )
    case 'matrix': {
      const rows = q.rows.map((r) => String(r.value))
      const columns = q.columns.map((c) => c.value)
      return fc.oneof(
        { weight: 6, arbitrary: fc.dictionary(fc.constantFrom(...rows), fc.constantFrom(...columns), { minKeys: 1, maxKeys: rows.length }) },
        { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...rows), fc.string({ maxLength: 4 })), fc.oneof(fc.constantFrom(...columns), junk), { maxKeys: 3 }) },
        { weight: 1, arbitrary: junk },
      )
    }
    case 'boolean':
      return fc.oneof(fc.boolean(), junk)
    default:
      return fc.oneof({ weight: 4, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 1, arbitrary: fc.string({ minLength: 1990, maxLength: 2010 }) }, { weight: 1, arbitrary: junk })
  }
}

function responseArbitrary(questions: IndexedQuestion[], noisy: boolean): fc.Arbitrary<Record<string, unknown>> {
  // Clean responses always answer required questions; noisy ones may leave anything out.
  const entries = questions.map((q) =>
    (q.isRequired && !noisy ? answerArbitrary(q, noisy) : fc.option(answerArbitrary(q, noisy), { freq: 3, nil: undefined })).map((a) => [q.name, a] as const),
  )
  const extra = noisy ? fc.option(fc.tuple(fc.constantFrom('nickname', 'q999', 'grade'), junk), { freq: 8 }) : fc.constant(null)
  return fc
    .tuple(fc.tuple(...entries), extra)
    .map(([pairs, extra]) => {
      const answers: Record<string, unknown> = {}
      for (const [name, value] of pairs) if (value !== undefined) answers[name] = value
      if (extra) answers[extra[0]] = extra[1]
      // Clean responses leave out what their own answers hide, as the runner does.
      if (!noisy) for (const q of questions) if (![...q.visibleIf, ...q.enableIf].every((e) => new ConditionRunner(e).runValues(answers))) delete answers[q.name]
      return answers
    })
}

describe.each(listSurveyFiles(LIBRARY).map((file) => [path.relative(LIBRARY, file), file]))('the compiled validator on %s', (_name, file) => {
  const definition = readSurveyFile(file).definition
  const index = indexDefinition(definition)
  const validate = compileValidator(index)
  const model = new Model(definition)
  const surveyCoreAccepts = (answers: Record<string, unknown>) => {
    model.data = answers
    return model.validate(false)
  }

  it(`agrees with survey-core on ${RUNS} generated responses, and is stricter only by its own rules`, { timeout: 900_000 }, () => {
    let rejected = 0
    let accepted = 0
    fc.assert(
      fc.property(fc.boolean().chain((noisy) => responseArbitrary([...index.questions.values()], noisy)), (answers) => {
        const problems = validate(answers)
        if (problems.length === 0) accepted += 1
        else rejected += 1
        if (!surveyCoreAccepts(answers)) {
          // Everything survey-core rejects, we reject.
          expect(problems, JSON.stringify(answers)).not.toEqual([])
        } else {
          // Everything we reject that survey-core accepts is rejected by one of our stricter rules only.
          for (const p of problems) expect(STRICTER.some((r) => r.test(p.reason)), `${p.question}: ${p.reason}`).toBe(true)
        }
      }),
      { numRuns: RUNS, seed: 20261122 },
    )
    // Both directions were exercised.
    expect(accepted).toBeGreaterThan(RUNS / 20)
    expect(rejected).toBeGreaterThan(RUNS / 20)
  })
})
