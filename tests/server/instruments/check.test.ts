import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkLibrary } from '../../../server/instruments/check'
import { contentHash } from '../../../server/instruments/content-hash'
import { readDomains } from '../../../server/instruments/domains'
import { readLock } from '../../../server/instruments/library'
import { readSurveyFile, type SurveyFile } from '../../../server/instruments/survey-files'
import { FIXTURE_SURVEYS } from '../../helpers/app'

const domains = readDomains(FIXTURE_SURVEYS)
const lock = readLock(FIXTURE_SURVEYS)
const base = readSurveyFile(path.join(FIXTURE_SURVEYS, 'mini-ana/1.json'))

/** A copy of the fixture with one defect, as a draft (so the lock does not also complain) unless said otherwise. */
function variant(mutate: (definition: any) => void, options: { status?: 'draft' | 'published'; version?: number } = {}): SurveyFile {
  const definition = structuredClone(base.definition) as any
  definition.ana.status = options.status ?? 'draft'
  if (options.version) definition.ana.version = options.version
  mutate(definition)
  return { ...base, version: options.version ?? 1, definition, meta: definition.ana, hash: contentHash(definition), file: `mini-ana/${options.version ?? 1}.json` }
}

const check = (...files: SurveyFile[]) => checkLibrary(files, domains, lock).map(({ file, pointer, message }) => ({ file, pointer, message }))

describe('surveys:check', () => {
  it('passes the fixture library', () => {
    expect(check(base)).toEqual([])
  })

  it('reports JSON that survey-core cannot load, at the unknown property', () => {
    expect(check(variant((d) => (d.pages[0].elements[0].colour = 'red')))).toEqual([
      { file: 'mini-ana/1.json', pointer: '/pages/0/elements/0/colour', message: "survey-core cannot load this: Unknown property in class 'radiogroup': 'colour'." },
    ])
  })

  it('reports a question with neither scoring metadata nor a context tag', () => {
    expect(check(variant((d) => delete d.pages[1].elements[4].ana))).toEqual([
      { file: 'mini-ana/1.json', pointer: '/pages/1/elements/4', message: 'Question "comments" has neither scoring metadata (ana.itemId) nor a context tag (ana.context).' },
    ])
  })

  it('reports an unknown domain', () => {
    expect(check(variant((d) => (d.pages[0].elements[1].ana.domain = 'fud')))).toEqual([
      { file: 'mini-ana/1.json', pointer: '/pages/0/elements/1/ana/domain', message: '"fud" is not a domain in surveys/domains.json.' },
    ])
  })

  it('reports a score map that misses a choice or leaves 0–100', () => {
    expect(check(variant((d) => delete d.pages[0].elements[0].ana.scores.sometimes))).toEqual([
      { file: 'mini-ana/1.json', pointer: '/pages/0/elements/0/ana/scores', message: 'The choice "sometimes" has no score.' },
    ])
    expect(check(variant((d) => (d.pages[1].elements[2].ana.scores.help = 150)))).toEqual([
      { file: 'mini-ana/1.json', pointer: '/pages/1/elements/2/ana/scores/help', message: 'The score of "help" must be from 0 to 100, or null for don\'t know.' },
    ])
  })

  it('reports duplicate question names and itemIds', () => {
    expect(check(variant((d) => (d.pages[0].elements[1].name = 'food_worry')))).toEqual([
      { file: 'mini-ana/1.json', pointer: '/pages/0/elements/1/name', message: 'The question name "food_worry" is used twice (also at /pages/0/elements/0).' },
    ])
    expect(check(variant((d) => (d.pages[0].elements[1].ana.itemId = 'food.worry')))).toEqual([
      { file: 'mini-ana/1.json', pointer: '/pages/0/elements/1/ana/itemId', message: 'The itemId "food.worry" is used twice (also at /pages/0/elements/0).' },
    ])
  })

  it('reports a string missing in a supported language', () => {
    expect(check(variant((d) => delete d.pages[1].elements[2].rows[1].text.es))).toEqual([
      { file: 'mini-ana/1.json', pointer: '/pages/1/elements/2/rows/1/text', message: 'The text is missing in es.' },
    ])
  })

  it('reports a published version whose content differs from versions.lock.json', () => {
    expect(check(variant((d) => (d.title.es = 'Otra encuesta'), { status: 'published' }))).toEqual([
      { file: 'mini-ana/1.json', pointer: '', message: 'Published version mini-ana/1 has changed since it was locked; restore it and put the change in mini-ana/2.json.' },
    ])
  })

  it('reports an itemId whose wording changed from the previous version', () => {
    const next = variant((d) => (d.pages[0].elements[0].title.default = 'We often had too little food'), { version: 2 })
    expect(check(base, next)).toEqual([
      { file: 'mini-ana/2.json', pointer: '/pages/0/elements/0', message: 'The wording of "food.worry" changed from the previous version; a new wording needs a new itemId.' },
    ])
  })
})
