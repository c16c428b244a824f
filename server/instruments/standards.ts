import fs from 'node:fs'
import path from 'node:path'
import { fleschKincaid } from 'flesch-kincaid'
import { syllable } from 'syllable'
import { escapePointer, type Defect } from './check'
import { LOCALE_NAMES, LOCALES, type Locale } from './ana'
import { SurveyFileError, type SurveyFile } from './survey-files'

/**
 * The standards an instrument is written to from version 2 on (surveys/standards.json): plain words (a reading-grade
 * limit per role or instrument, Flesch-Kincaid on each question's English wording), faces that never make a child
 * report a problem with a smile, one set of codes per answer scale across the library, and the terms the glossary
 * fixes in each language. Version 1 of each instrument was published before them and is locked; its successors meet
 * them whole. A library without the file is held to none of them.
 */
export interface Standards {
  readingGrade: { roles: Record<string, number>; instruments?: Record<string, number> }
  glossary: GlossaryEntry[]
}

export interface GlossaryEntry {
  /** The English term, as it appears in English wording (matched without regard to case). */
  term: string
  /** Per language: the approved rendering a translation of the term must use, and renderings it must not. */
  translations: Partial<Record<Locale, { use?: string; avoid?: string[] }>>
}

export const STANDARDS_FILE = 'standards.json'
/** The first version held to the standards. */
export const FIRST_STANDARD_VERSION = 2

export function readStandards(dir: string): Standards | null {
  const file = path.join(dir, STANDARDS_FILE)
  if (!fs.existsSync(file)) return null
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Standards
    if (!parsed.readingGrade?.roles || !Array.isArray(parsed.glossary)) throw new Error('it must hold { "readingGrade": { "roles": {…} }, "glossary": […] }')
    return parsed
  } catch (error) {
    throw new SurveyFileError(path.relative(process.cwd(), file), `cannot be read (${(error as Error).message})`)
  }
}

/** Fewer words than this are a heading or a prompt ("Anything else?"), which a grade formula cannot judge. */
const FEWEST_WORDS_GRADED = 4

/**
 * The Flesch-Kincaid grade of English text (tags dropped; a number counts as one syllable), or null for text too short
 * to grade.
 */
export function readingGrade(text: string): number | null {
  const clean = text.replace(/<[^>]+>/g, ' ')
  const words = clean.match(/[A-Za-z][A-Za-z’'-]*|\d+/g) ?? []
  if (words.length < FEWEST_WORDS_GRADED) return null
  const sentences = Math.max(1, (clean.match(/[.!?]+(\s|$)/g) ?? []).length)
  const syllables = words.reduce((sum, w) => sum + (/^\d+$/.test(w) ? 1 : Math.max(1, syllable(w))), 0)
  return Math.round(fleschKincaid({ sentence: sentences, word: words.length, syllable: syllables }) * 10) / 10
}

type Json = Record<string, unknown>

const textIn = (value: unknown, locale: Locale): string | undefined => {
  if (typeof value === 'string') return locale === 'en' ? value : undefined
  if (value === null || typeof value !== 'object') return undefined
  const text = (value as Json)[locale === 'en' ? 'default' : locale]
  return typeof text === 'string' ? text : undefined
}


/** Every question of a definition with its JSON pointer (panels opened). */
function questionsOf(definition: Json): { element: Json; pointer: string }[] {
  const found: { element: Json; pointer: string }[] = []
  const visit = (elements: unknown, pointer: string) =>
    (Array.isArray(elements) ? (elements as Json[]) : []).forEach((element, i) => {
      if (element.type === 'panel') visit(element.elements, `${pointer}/${i}/elements`)
      else found.push({ element, pointer: `${pointer}/${i}` })
    })
  ;(Array.isArray(definition.pages) ? (definition.pages as Json[]) : []).forEach((page, p) => visit(page.elements, `/pages/${p}/elements`))
  return found
}

const SMILES = ['🙂', '😀', '😃', '😄', '😊', '☺']
const FROWNS = ['🙁', '☹', '😞', '😟', '😢']
const faceOf = (text: string | undefined): 'smile' | 'frown' | null =>
  text === undefined ? null : SMILES.some((f) => text.includes(f)) ? 'smile' : FROWNS.some((f) => text.includes(f)) ? 'frown' : null

/** Whether an answer scale's smile sits on the answer that scores worst for the child (most need, least asset). */
function reversedFaces(choices: unknown, scores: Record<string, number | null> | undefined, measures: string | undefined): boolean {
  if (!scores || (measures !== 'need' && measures !== 'asset')) return false
  const faced = (Array.isArray(choices) ? choices : []).map((c) => ({ value: String((c as Json).value), face: faceOf(textIn((c as Json).text, 'en')) }))
  const scoreOf = (face: 'smile' | 'frown') => {
    const values = faced.filter((c) => c.face === face).map((c) => scores[c.value]).filter((s): s is number => typeof s === 'number')
    return values.length > 0 ? values[0] : null
  }
  const smile = scoreOf('smile')
  const frown = scoreOf('frown')
  if (smile === null || frown === null) return false
  return measures === 'need' ? smile > frown : smile < frown
}

/** A scale: its answers' English words in order, and the codes they are stored as. */
interface Scale {
  words: string
  codes: string
  where: string
}

function scalesOf(file: SurveyFile): Scale[] {
  const scales: Scale[] = []
  for (const { element, pointer } of questionsOf(file.definition)) {
    const ana = (element.ana ?? {}) as Json
    // Scored answer scales only: a checkbox's choices and a context question's values are lists, not scales.
    if (!ana.scores) continue
    const items = (element.type === 'matrix' ? element.columns : element.choices) as unknown[]
    if (!Array.isArray(items) || items.length < 2) continue
    const words = items.map((c) => textIn((c as Json).text, 'en') ?? String((c as Json).value)).join(' / ')
    scales.push({ words, codes: items.map((c) => String((c as Json).value)).join(', '), where: `${file.file}#${pointer}` })
  }
  return scales
}

/** Every localized string of a definition with its pointer: titles, descriptions, choices, rows, columns, HTML. */
function localizedStrings(definition: Json): { value: Json | string; pointer: string }[] {
  const found: { value: Json | string; pointer: string }[] = []
  const KEYS = new Set(['title', 'description', 'text', 'html', 'completedHtml', 'placeholder'])
  const walk = (node: unknown, pointer: string) => {
    if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${pointer}/${i}`))
    if (node === null || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node as Json)) {
      if (key === 'ana') continue
      const here = `${pointer}/${escapePointer(key)}`
      if (KEYS.has(key) && (typeof value === 'string' || (value !== null && typeof value === 'object' && !Array.isArray(value)))) found.push({ value: value as Json, pointer: here })
      else walk(value, here)
    }
  }
  walk(definition, '')
  return found
}

/** Item ids a question scores: its own, its grid rows', its per-choice choices'. */
function itemIdsOf(element: Json): string[] {
  const own = (element.ana as Json | undefined)?.itemId
  const nested = [...(Array.isArray(element.rows) ? element.rows : []), ...(Array.isArray(element.choices) ? element.choices : [])]
    .map((c) => ((c as Json)?.ana as Json | undefined)?.itemId)
    .filter((id): id is string => typeof id === 'string')
  return [...(typeof own === 'string' ? [own] : []), ...nested]
}

/**
 * The rules each question is held to on its own (plain words, faces), for the questions `include` picks: all of a
 * version from 2 on, or a designer draft's new items (its item ids not yet published).
 */
export function questionDefects(file: Pick<SurveyFile, 'file' | 'slug' | 'meta' | 'definition'>, standards: Standards, include: (itemIds: string[]) => boolean): Defect[] {
  const defects: Defect[] = []
  const add = (pointer: string, message: string) => defects.push({ file: file.file, pointer, message })
  const limit = standards.readingGrade.instruments?.[file.slug] ?? standards.readingGrade.roles[String(file.meta.role)]
  for (const { element, pointer } of questionsOf(file.definition)) {
    if (!include(itemIdsOf(element))) continue
    const name = String(element.name ?? '')
    const ana = (element.ana ?? {}) as Json
    const wording = textIn(element.title, 'en')
    if (limit !== undefined && wording) {
      const grade = readingGrade(wording)
      if (grade !== null && grade > limit) add(`${pointer}/title`, `Question "${name}" reads at grade ${grade} (Flesch-Kincaid); this instrument's limit is grade ${limit}. Use shorter words and sentences.`)
    }
    if (element.type === 'matrix') {
      const rows = (Array.isArray(element.rows) ? element.rows : []) as Json[]
      const measures = rows.map((r) => (r.ana as Json | undefined)?.measures as string | undefined).find((m) => m === 'need' || m === 'asset')
      if (reversedFaces(element.columns, ana.scores as Record<string, number | null>, measures)) {
        add(`${pointer}/columns`, `Question "${name}" puts a smile on the answer that means a problem: a child who reports one must not pick a smiling face. Put the smile on the answer that means things are fine, or use words without faces.`)
      }
    } else if (reversedFaces(element.choices, ana.scores as Record<string, number | null>, ana.measures as string | undefined)) {
      add(`${pointer}/choices`, `Question "${name}" puts a smile on the answer that means a problem: a child who reports one must not pick a smiling face. Put the smile on the answer that means things are fine, or use words without faces.`)
    }
  }
  return defects
}

/** The standards' defects in the versions held to them (version 2 on), file by file and across the library. */
export function standardsDefects(files: SurveyFile[], standards: Standards): Defect[] {
  const defects: Defect[] = []
  const held = [...files].filter((f) => f.version >= FIRST_STANDARD_VERSION).sort((a, b) => a.slug.localeCompare(b.slug) || a.version - b.version)
  const scales = new Map<string, Scale>()
  for (const file of held) {
    const add = (pointer: string, message: string) => defects.push({ file: file.file, pointer, message })
    defects.push(...questionDefects(file, standards, () => true))
    for (const scale of scalesOf(file)) {
      const seen = scales.get(scale.words)
      if (!seen) scales.set(scale.words, scale)
      else if (seen.codes !== scale.codes) {
        const pointer = scale.where.slice(scale.where.indexOf('#') + 1)
        add(pointer, `The scale "${scale.words}" is coded ${scale.codes} here and ${seen.codes} at ${seen.where}; one scale keeps one set of codes across instruments, so comparisons and exports line up.`)
      }
    }
    for (const { value, pointer } of localizedStrings(file.definition)) {
      const english = textIn(value, 'en')
      if (!english) continue
      for (const entry of standards.glossary) {
        if (!english.toLowerCase().includes(entry.term.toLowerCase())) continue
        for (const [locale, rule] of Object.entries(entry.translations) as [Locale, { use?: string; avoid?: string[] }][]) {
          if (!(LOCALES as readonly string[]).includes(locale)) continue
          const text = textIn(value, locale)
          if (text === undefined) continue
          const lower = text.toLowerCase()
          const avoided = (rule.avoid ?? []).find((a) => lower.includes(a.toLowerCase()))
          if (avoided) add(`${pointer}/${escapePointer(locale)}`, `The ${LOCALE_NAMES[locale]} for "${entry.term}" must not be "${avoided}" (glossary)${rule.use ? `; use "${rule.use}"` : ''}.`)
          else if (rule.use && !lower.includes(rule.use.toLowerCase())) add(`${pointer}/${escapePointer(locale)}`, `The ${LOCALE_NAMES[locale]} for "${entry.term}" is "${rule.use}" in the glossary; this text does not use it.`)
        }
      }
    }
  }
  return defects
}
