import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readLibrary } from '../../../server/instruments/library'
import { readingGrade, type Standards } from '../../../server/instruments/standards'
import { FIXTURE_SURVEYS } from '../../helpers/app'

const run = promisify(execFile)
const ROOT = path.resolve(import.meta.dirname, '../../..')

const STANDARDS: Standards = {
  readingGrade: { roles: { family: 5, student: 6, staff: 10 } },
  glossary: [{ term: 'community school', translations: { es: { use: 'escuela comunitaria' }, vi: { avoid: ['trường cộng đồng'] } } }],
}

type Json = Record<string, any>
const v1 = (): Json => JSON.parse(fs.readFileSync(path.join(FIXTURE_SURVEYS, 'mini-ana/1.json'), 'utf8'))

/** Version 2 of the fixture family survey, as a draft, with `change` applied; version 1 as published and locked. */
function library(change: (definition: Json) => void, options: { standards?: Standards | null } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'standards-'))
  fs.cpSync(FIXTURE_SURVEYS, dir, { recursive: true })
  if (options.standards !== null) fs.writeFileSync(path.join(dir, 'standards.json'), JSON.stringify(options.standards ?? STANDARDS))
  const definition = v1()
  definition.ana = { ...definition.ana, version: 2, status: 'draft' }
  change(definition)
  fs.writeFileSync(path.join(dir, 'mini-ana/2.json'), JSON.stringify(definition, null, 2))
  return dir
}

// Files are named relative to where the check runs; here, relative to the library.
const defectsOf = (dir: string) => readLibrary(dir).defects.map(({ file, pointer, message }) => ({ file: path.relative(dir, path.resolve(file)), pointer, message }))

const faces = (scores: Record<string, number>) => ({
  type: 'radiogroup',
  name: 'teeth_hurt',
  title: { default: 'My teeth hurt.', es: 'Me duelen los dientes.' },
  choices: [
    { value: 'no', text: { default: '🙁 No', es: '🙁 No' } },
    { value: 'sometimes', text: { default: '😐 Sometimes', es: '😐 A veces' } },
    { value: 'yes', text: { default: '🙂 Yes', es: '🙂 Sí' } },
  ],
  ana: { itemId: 'dv.teeth-hurt-faces', domain: 'dental-vision', measures: 'need', scores },
})

/** The first question reworded (a new wording needs a new itemId). */
const reword = (d: Json, title: Json) => {
  d.pages[0].elements[0].title = title
  d.pages[0].elements[0].ana.itemId = 'food.worry-reworded'
}

const HARD = 'Considering the availability of transportation alternatives, approximately how frequently does your household experience difficulties?'

describe('the standards versions from 2 on are held to', () => {
  const dirs: string[] = []
  const make = (...args: Parameters<typeof library>) => {
    const dir = library(...args)
    dirs.push(dir)
    return dir
  }
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

  it("pass the fixture's version 2 when it meets them", () => {
    expect(defectsOf(make(() => {}))).toEqual([])
  })

  it('refuse a child scale whose smile is the answer that means a problem, and accept it the right way round', () => {
    expect(defectsOf(make((d) => d.pages[0].elements.push(faces({ no: 0, sometimes: 50, yes: 100 }))))).toEqual([
      {
        file: 'mini-ana/2.json',
        pointer: '/pages/0/elements/2/choices',
        message: 'Question "teeth_hurt" puts a smile on the answer that means a problem: a child who reports one must not pick a smiling face. Put the smile on the answer that means things are fine, or use words without faces.',
      },
    ])
    const rightWayRound = faces({ no: 0, sometimes: 50, yes: 100 })
    rightWayRound.choices = [
      { value: 'no', text: { default: '🙂 No', es: '🙂 No' } },
      { value: 'sometimes', text: { default: '😐 Sometimes', es: '😐 A veces' } },
      { value: 'yes', text: { default: '🙁 Yes', es: '🙁 Sí' } },
    ]
    expect(defectsOf(make((d) => d.pages[0].elements.push(rightWayRound)))).toEqual([])
  })

  it('refuse a question above the reading-grade limit, naming its grade', () => {
    const grade = readingGrade(HARD)!
    expect(grade).toBeGreaterThan(12)
    expect(readingGrade('Anything else?')).toBeNull()
    expect(defectsOf(make((d) => reword(d, { default: HARD, es: 'Difícil' })))).toEqual([
      { file: 'mini-ana/2.json', pointer: '/pages/0/elements/0/title', message: `Question "food_worry" reads at grade ${grade} (Flesch-Kincaid); this instrument's limit is grade 5. Use shorter words and sentences.` },
    ])
  })

  it('refuse one scale coded two ways', () => {
    const twin = structuredClone(v1().pages[0].elements[1])
    twin.name = 'food_know_pantry'
    twin.title = { default: 'I know where the food pantry is', es: 'Sé dónde está la despensa' }
    twin.ana = { ...twin.ana, itemId: 'food.know-pantry' }
    twin.choices = twin.choices.map((c: Json) => ({ ...c, value: { 1: 'disagree', 2: 'neutral', 3: 'agree' }[c.value as 1 | 2 | 3] }))
    twin.ana.scores = { disagree: 0, neutral: 50, agree: 100 }
    const dir = make((d) => d.pages[0].elements.push(twin))
    const first = `${path.relative(process.cwd(), path.join(dir, 'mini-ana/2.json'))}#/pages/0/elements/1`
    expect(defectsOf(dir)).toEqual([
      {
        file: 'mini-ana/2.json',
        pointer: '/pages/0/elements/2',
        message: `The scale "Disagree / Neutral / Agree" is coded disagree, neutral, agree here and 1, 2, 3 at ${first}; one scale keeps one set of codes across instruments, so comparisons and exports line up.`,
      },
    ])
  })

  it('refuse a glossary term translated against the glossary, in every string', () => {
    const dir = make((d) => {
      d.completedHtml = { default: 'Thank you for helping our community school.', es: 'Gracias por ayudar a nuestra escuela de la comunidad.' }
      d.pages[1].title = { default: 'Attendance at the community school', es: 'Asistencia en la escuela comunitaria' }
    })
    expect(defectsOf(dir)).toEqual([
      { file: 'mini-ana/2.json', pointer: '/completedHtml/es', message: 'The Spanish for "community school" is "escuela comunitaria" in the glossary; this text does not use it.' },
    ])
  })

  it('hold version 1 to none of them, and a library without standards.json to none', () => {
    const hard = (d: Json) => reword(d, { default: HARD, es: 'Difícil' })
    expect(defectsOf(make(hard, { standards: null }))).toEqual([])
    const dir = make(() => {})
    fs.rmSync(path.join(dir, 'mini-ana/2.json'))
    expect(defectsOf(dir)).toEqual([])
  })

  it('make npm run surveys:check fail, naming each defect where it is', async () => {
    const dir = make((d) => {
      reword(d, { default: HARD, es: 'Difícil' })
      d.pages[0].elements.push(faces({ no: 0, sometimes: 50, yes: 100 }))
      d.completedHtml = { default: 'Thank you, community school families.', es: 'Gracias, familias de la escuela.' }
    })
    const result = await run(process.execPath, ['--import', 'tsx', 'scripts/surveys-check.ts'], { cwd: ROOT, env: { ...process.env, SURVEYS_DIR: dir } }).catch((error) => error)
    expect(result.code).toBe(1)
    // Each line names the file where the check ran from, then the place in it.
    const lines = String(result.stderr)
      .trim()
      .split('\n')
      .map((l) => l.replace(/^.*?(mini-ana\/2\.json#)/, '$1'))
    expect(lines).toContain(`mini-ana/2.json#/pages/0/elements/0/title: Question "food_worry" reads at grade ${readingGrade(HARD)} (Flesch-Kincaid); this instrument's limit is grade 5. Use shorter words and sentences.`)
    expect(lines.some((l) => l.startsWith('mini-ana/2.json#/pages/0/elements/2/choices: Question "teeth_hurt" puts a smile on the answer that means a problem'))).toBe(true)
    expect(lines).toContain('mini-ana/2.json#/completedHtml/es: The Spanish for "community school" is "escuela comunitaria" in the glossary; this text does not use it.')
    expect(lines.filter((l) => l.startsWith('mini-ana/2.json#'))).toHaveLength(3)
    expect(lines.at(-1)).toBe('surveys:check: 3 defect(s) in 4 version(s) of 3 instrument(s).')
  }, 60_000)

  it('hold the real library too: its standards file reads, and version 1 is untouched by it', () => {
    const real = readLibrary(path.join(ROOT, 'surveys'))
    expect(real.standards?.readingGrade.roles.family).toBe(5)
    expect(real.defects).toEqual([])
  })
})

beforeAll(() => {
  expect(fs.existsSync(path.join(FIXTURE_SURVEYS, 'mini-ana/1.json'))).toBe(true)
})
