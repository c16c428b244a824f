// npm run bench:validator — the compiled validator against survey-core's own Model.validate() (one reused Model),
// on the same realistic family responses, in one process on one core.
import path from 'node:path'
import { Model } from 'survey-core'
import { generateAnswers } from '../../server/demo/answers'
import { seededRandom } from '../../server/demo/random'
import { registerAnaProperties } from '../../server/instruments/ana'
import { indexDefinition } from '../../server/instruments/definition-index'
import { readSurveyFile } from '../../server/instruments/survey-files'
import { compileValidator } from '../../server/instruments/validator'
import { machine } from './machine'

registerAnaProperties()
const definition = readSurveyFile(path.resolve('surveys/family-ana/1.json')).definition
const index = indexDefinition(definition)
const validate = compileValidator(index)
const random = seededRandom(7)
const responses = Array.from({ length: 2000 }, () => generateAnswers(index, random, (d) => (d.length % 3) / 3))
const items = responses.reduce((sum, r) => sum + Object.keys(r).length, 0) / responses.length

function rate(label: string, seconds: number, run: (answers: Record<string, unknown>) => boolean): number {
  let n = 0
  let failures = 0
  const end = performance.now() + seconds * 1000
  const start = performance.now()
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) if (!run(responses[n++ % responses.length])) failures += 1
  }
  const perSecond = n / ((performance.now() - start) / 1000)
  console.log(`${label.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(9)} validations/s${failures ? ` (${failures} rejected!)` : ''}`)
  return perSecond
}

console.log(`bench:validator — family-ana v1, ${responses.length} generated responses (${items.toFixed(1)} answers each)`)
console.log(`machine: ${machine()}\n`)
rate('warm-up', 1, (a) => validate(a).length === 0)
const ours = rate('compiled validator (ours)', 5, (a) => validate(a).length === 0)
const model = new Model(definition)
const baseline = rate('survey-core, one reused Model, validate()', 5, (a) => {
  model.data = a
  return model.validate(false)
})
console.log(`\nratio: ${(ours / baseline).toFixed(1)}× survey-core (target: at least 20,000 validations/s)`)
