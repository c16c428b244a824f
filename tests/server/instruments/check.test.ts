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

  it('reports a context choice called "multiple", the category of people who give more than one answer', () => {
    const question = { type: 'checkbox', name: 'home_languages', choices: ['en', 'multiple', 'pns'], ana: { context: 'home-language' } }
    expect(check(variant((d) => d.pages[1].elements.push(question)))).toEqual([
      { file: 'mini-ana/1.json', pointer: '/pages/1/elements/5/choices/1', message: '"multiple" is kept for people who give more than one answer to "home_languages"; give this choice another value.' },
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

  it('reports a domain with more need items than a stored response can name (53)', () => {
    const many = variant((d) => {
      const template = d.pages[0].elements[0]
      d.pages[0].elements.push(
        ...Array.from({ length: 53 }, (_, i) => ({ ...structuredClone(template), name: `extra_${i}`, ana: { ...structuredClone(template.ana), itemId: `food.extra-${i}` } })),
      )
    })
    const defects = check(many)
    expect(defects).toEqual([
      expect.objectContaining({ pointer: expect.stringMatching(/^\/pages\/0\/elements\/\d+\/ana$/), message: '"food-security" has more than 53 need items; a version holds at most 53 of one domain and measure.' }),
    ])
    // 53 is allowed.
    expect(check(variant((d) => d.pages[0].elements.push(...(many.definition as any).pages[0].elements.slice(-52))))).toEqual([])
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

  it('reports an itemId whose answer codes changed from the previous version, so trend files line up', () => {
    const next = variant(
      (d) => {
        const question = d.pages[0].elements[1]
        question.choices = question.choices.map((c: any) => ({ ...c, value: { 1: 'disagree', 2: 'neutral', 3: 'agree' }[c.value as 1 | 2 | 3] }))
        question.ana.scores = { disagree: 0, neutral: 50, agree: 100 }
      },
      { version: 2 },
    )
    expect(check(base, next)).toEqual([
      {
        file: 'mini-ana/2.json',
        pointer: '/pages/0/elements/1',
        message: 'The answer codes of "food.know-help" changed from the previous version (1, 2, 3 → disagree, neutral, agree); new codes need a new itemId.',
      },
    ])
    // A grid row keeps its columns' codes too.
    const grid = variant((d) => (d.pages[1].elements.find((e: any) => e.type === 'matrix').columns.reverse()), { version: 2 })
    expect(check(base, grid).map((d) => d.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^The answer codes of "basic\.[\w-]+" changed from the previous version/)]))
  })
})

describe('the instrument library in surveys/', () => {
  it('passes every check, and every instrument speaks all ten languages with a translation status each', async () => {
    const { readLibrary } = await import('../../../server/instruments/library')
    const { LOCALES } = await import('../../../server/instruments/ana')
    const library = readLibrary(path.resolve(import.meta.dirname, '../../../surveys'))
    expect(library.defects).toEqual([])
    expect(library.files.map((f) => f.slug).sort()).toEqual(['family-ana', 'staff-ana', 'student-ana', 'student-ana-elementary'])
    for (const file of library.files) expect(Object.keys(file.meta.translations).sort()).toEqual([...LOCALES].sort())
  })
})

describe('coverage of the domains by role', () => {
  it('covers every domain assigned to a role with at least 2 scored items in that role’s instrument, 30+ items each (12+ elementary)', async () => {
    const { readLibrary } = await import('../../../server/instruments/library')
    const { indexDefinition } = await import('../../../server/instruments/definition-index')
    const library = readLibrary(path.resolve(import.meta.dirname, '../../../surveys'))
    for (const file of library.files) {
      const index = indexDefinition(file.definition)
      // Every scored need or asset item: questions, matrix rows and per-choice checkbox choices.
      const items = new Map<string, string>()
      for (const q of index.questions.values()) {
        for (const row of q.rows) if (row.ana?.itemId && (row.ana.measures === 'need' || row.ana.measures === 'asset')) items.set(row.ana.itemId, row.ana.domain!)
        for (const choice of q.choices) if (choice.ana?.itemId && (choice.ana.measures === 'need' || choice.ana.measures === 'asset')) items.set(choice.ana.itemId, choice.ana.domain!)
        if (q.ana?.itemId && (q.ana.measures === 'need' || q.ana.measures === 'asset')) items.set(q.ana.itemId, q.ana.domain!)
      }
      const elementary = file.slug.endsWith('elementary')
      expect(items.size, file.slug).toBeGreaterThanOrEqual(elementary ? 12 : 30)
      if (elementary) continue
      for (const domain of library.domains.filter((d) => d.roles.includes(file.meta.role))) {
        const count = [...items.values()].filter((d) => d === domain.id).length
        expect(count, `${file.slug}: ${domain.id}`).toBeGreaterThanOrEqual(2)
      }
    }
  })
})
