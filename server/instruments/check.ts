import { Model } from 'survey-core'
import { MULTIPLE } from '../disclosure/categories'
import { DEFINITION_MEASURES } from '../vocabulary/measures'
import { CONTEXT_KINDS, registerAnaProperties, type AnaQuestionMeta } from './ana'
import type { Domain } from './domains'
import { MAX_ITEMS_PER_DOMAIN } from './layout'
import type { SurveyFile } from './survey-files'

/** One defect: the file, a JSON pointer into it, and a plain sentence. */
export interface Defect {
  file: string
  pointer: string
  message: string
}

export type VersionsLock = Record<string, string>

type Json = Record<string, unknown>

const LOCALIZABLE = ['title', 'description', 'requiredErrorText', 'completedHtml', 'html', 'text', 'placeholder', 'otherText', 'commentPlaceholder', 'label', 'minRateDescription', 'maxRateDescription'] as const
const NON_QUESTIONS = new Set(['html', 'image', 'expression', 'panel'])
const SCORED_CHOICE_TYPES = new Set(['radiogroup', 'dropdown', 'rating', 'boolean'])
export const escapePointer = (key: string | number) => String(key).replace(/~/g, '~0').replace(/\//g, '~1')

/** Every localized string's language keys, with `default` standing for English. */
function languagesOf(value: unknown): string[] | null {
  if (typeof value === 'string') return ['en']
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value as Json)
      .filter(([, text]) => typeof text === 'string' && text.trim() !== '')
      .map(([key]) => (key === 'default' ? 'en' : key))
  }
  return null
}

/** The English wording of a localized string. */
export function englishOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (value && typeof value === 'object') return String((value as Json).default ?? (value as Json).en ?? '')
  return ''
}

interface ItemRecord {
  itemId: string
  wording: string
  pointer: string
  /** The answer codes the item is stored as, in order (a per-choice item is selected or not: none of its own). */
  codes: string
}

function choiceValues(list: unknown): { value: unknown; ana?: AnaQuestionMeta }[] {
  return (Array.isArray(list) ? list : []).map((c) => (c !== null && typeof c === 'object' ? (c as { value: unknown; ana?: AnaQuestionMeta }) : { value: c }))
}

/** Where an object sits in a JSON tree, as a JSON pointer. */
function pointerTo(root: unknown, target: unknown, pointer = ''): string | null {
  if (root === target) return pointer
  if (root === null || typeof root !== 'object') return null
  for (const [key, value] of Object.entries(root as Json)) {
    const found = pointerTo(value, target, `${pointer}/${escapePointer(key)}`)
    if (found !== null) return found
  }
  return null
}

/** What survey-core itself cannot load: unknown properties, unknown question types, wrong shapes. */
function loadDefects(file: SurveyFile): Defect[] {
  registerAnaProperties()
  return (new Model(file.definition).jsonErrors ?? []).map((error) => {
    const e = error as unknown as { jsonObj?: unknown; propertyName?: string; message: string }
    const at = pointerTo(file.definition, e.jsonObj) ?? ''
    return { file: file.file, pointer: e.propertyName ? `${at}/${escapePointer(e.propertyName)}` : at, message: `survey-core cannot load this: ${e.message}` }
  })
}

/** Checks one definition; `items` collects its itemIds with their English wording for the cross-version check. */
export function checkDefinition(file: SurveyFile, domains: Domain[]): { defects: Defect[]; items: ItemRecord[] } {
  const defects: Defect[] = loadDefects(file)
  const items: ItemRecord[] = []
  const domainIds = new Set(domains.map((d) => d.id))
  const languages = Object.keys(file.meta.translations ?? { en: 'reviewed' })
  const names = new Map<string, string>()
  const itemIds = new Map<string, string>()
  const perDomain = new Map<string, number>()
  const add = (pointer: string, message: string) => defects.push({ file: file.file, pointer, message })

  // Every localized string in every declared language.
  const walkStrings = (node: unknown, pointer: string) => {
    if (Array.isArray(node)) return node.forEach((child, i) => walkStrings(child, `${pointer}/${i}`))
    if (node === null || typeof node !== 'object') return
    for (const [key, value] of Object.entries(node as Json)) {
      const here = `${pointer}/${escapePointer(key)}`
      if (key === 'ana') continue
      if ((LOCALIZABLE as readonly string[]).includes(key)) {
        const present = languagesOf(value)
        if (present === null) continue
        const missing = languages.filter((l) => !present.includes(l))
        if (missing.length > 0) add(here, `The text is missing in ${missing.join(', ')}.`)
        continue
      }
      walkStrings(value, here)
    }
  }
  walkStrings(file.definition, '')

  const registerItem = (ana: AnaQuestionMeta | undefined, wording: string, pointer: string, codes = '') => {
    if (!ana?.itemId) return
    const seen = itemIds.get(ana.itemId)
    if (seen) add(`${pointer}/ana/itemId`, `The itemId "${ana.itemId}" is used twice (also at ${seen}).`)
    else itemIds.set(ana.itemId, pointer)
    if (!ana.domain) add(`${pointer}/ana`, `Item "${ana.itemId}" has no domain.`)
    else if (!domainIds.has(ana.domain)) add(`${pointer}/ana/domain`, `"${ana.domain}" is not a domain in surveys/domains.json.`)
    if (ana.measures !== undefined && !(DEFINITION_MEASURES as readonly string[]).includes(ana.measures)) {
      add(`${pointer}/ana/measures`, `measures must be need, asset or signal, not "${ana.measures}".`)
    }
    if (ana.domain && (ana.measures === 'need' || ana.measures === 'asset')) {
      // A stored response keeps the items behind each domain score as the bits of one number (layout.ts).
      const key = `${ana.domain} ${ana.measures}`
      const count = (perDomain.get(key) ?? 0) + 1
      perDomain.set(key, count)
      if (count === MAX_ITEMS_PER_DOMAIN + 1) add(`${pointer}/ana`, `"${ana.domain}" has more than ${MAX_ITEMS_PER_DOMAIN} ${ana.measures} items; a version holds at most ${MAX_ITEMS_PER_DOMAIN} of one domain and measure.`)
    }
    items.push({ itemId: ana.itemId, wording, pointer, codes })
  }

  const checkScores = (scores: unknown, values: unknown[], pointer: string, what: string) => {
    if (scores === null || typeof scores !== 'object') return add(`${pointer}/ana`, `A scored question needs a score for each ${what} in ana.scores.`)
    const map = scores as Record<string, unknown>
    for (const value of values) {
      if (!(String(value) in map)) add(`${pointer}/ana/scores`, `The ${what} "${String(value)}" has no score.`)
    }
    for (const [key, score] of Object.entries(map)) {
      if (!values.some((v) => String(v) === key)) add(`${pointer}/ana/scores/${escapePointer(key)}`, `"${key}" is scored but is not a ${what} of this question.`)
      else if (score !== null && (typeof score !== 'number' || score < 0 || score > 100)) {
        add(`${pointer}/ana/scores/${escapePointer(key)}`, `The score of "${key}" must be from 0 to 100, or null for don't know.`)
      }
    }
  }

  const visit = (elements: unknown, pointer: string) => {
    ;(Array.isArray(elements) ? (elements as Json[]) : []).forEach((element, i) => {
      const here = `${pointer}/${i}`
      const type = String(element.type ?? '')
      if (type === 'panel') return visit(element.elements, `${here}/elements`)
      if (NON_QUESTIONS.has(type)) return
      const name = String(element.name ?? '')
      const seen = names.get(name)
      if (seen) add(`${here}/name`, `The question name "${name}" is used twice (also at ${seen}).`)
      else names.set(name, here)

      const ana = element.ana as AnaQuestionMeta | undefined
      const wording = englishOf(element.title) || name
      if (!ana || (ana.itemId === undefined && ana.context === undefined && !ana.serviceGrid && !ana.perChoice && ana.scores === undefined)) {
        return add(here, `Question "${name}" has neither scoring metadata (ana.itemId) nor a context tag (ana.context).`)
      }
      if (ana.context !== undefined) {
        if (!(CONTEXT_KINDS as readonly string[]).includes(ana.context)) add(`${here}/ana/context`, `"${ana.context}" is not a context kind (${CONTEXT_KINDS.join(', ')}).`)
        // Breakdowns put a person who gave several values in the category "multiple": no choice may be called that.
        choiceValues(element.choices).forEach((choice, c) => {
          if (String(choice.value) === MULTIPLE) add(`${here}/choices/${c}`, `"${MULTIPLE}" is kept for people who give more than one answer to "${name}"; give this choice another value.`)
        })
        return
      }
      if (type === 'matrix') {
        const columns = choiceValues(element.columns).map((c) => c.value)
        choiceValues(element.rows).forEach((row, r) => {
          const rowPointer = `${here}/rows/${r}`
          if (!row.ana?.itemId) return add(rowPointer, `Row "${String(row.value)}" of "${name}" has no ana.itemId.`)
          registerItem(row.ana, `${wording} — ${englishOf((row as Json).text) || String(row.value)}`, rowPointer, columns.map(String).join(', '))
        })
        if (ana.serviceGrid) {
          const expected = ['used', 'couldnt-get', 'didnt-know', 'dont-need']
          if (columns.length !== 4 || !expected.every((v) => columns.includes(v))) add(`${here}/columns`, `A service grid's columns must be ${expected.join(', ')}.`)
        } else checkScores(ana.scores, columns, here, 'column')
        return
      }
      if (ana.perChoice) {
        choiceValues(element.choices).forEach((choice, c) => {
          if (String(choice.value) === 'pns' || String(choice.value) === 'dk') return
          const choicePointer = `${here}/choices/${c}`
          if (!choice.ana?.itemId) return add(choicePointer, `Choice "${String(choice.value)}" of "${name}" has no ana.itemId.`)
          registerItem(choice.ana, `${wording} — ${englishOf((choice as Json).text) || String(choice.value)}`, choicePointer)
        })
        return
      }
      registerItem(ana, wording, here, choiceValues(type === 'rating' ? element.rateValues : element.choices).map((c) => String(c.value)).join(', '))
      if (!ana.measures) add(`${here}/ana`, `Item "${ana.itemId}" needs measures: need or asset.`)
      if (SCORED_CHOICE_TYPES.has(type)) {
        const values = type === 'boolean' ? [true, false] : choiceValues(type === 'rating' ? element.rateValues : element.choices).map((c) => c.value)
        checkScores(ana.scores, values, here, 'choice')
      } else add(`${here}/type`, `Question type "${type}" cannot be scored; use radiogroup, dropdown, rating, matrix or a per-choice checkbox.`)
    })
  }
  ;(Array.isArray(file.definition.pages) ? (file.definition.pages as Json[]) : []).forEach((page, p) => visit(page.elements, `/pages/${p}/elements`))
  return { defects, items }
}

/**
 * Checks the whole library: each definition, published versions against versions.lock.json, and that an
 * itemId keeps its wording from one version of an instrument to the next.
 */
export function checkLibrary(files: SurveyFile[], domains: Domain[], lock: VersionsLock): Defect[] {
  const defects: Defect[] = []
  const wordingBySlug = new Map<string, Map<string, ItemRecord>>()
  for (const file of [...files].sort((a, b) => a.slug.localeCompare(b.slug) || a.version - b.version)) {
    const { defects: own, items } = checkDefinition(file, domains)
    defects.push(...own)
    const key = `${file.slug}/${file.version}`
    if (file.meta.status === 'published') {
      if (!(key in lock)) defects.push({ file: file.file, pointer: '', message: `Published version ${key} is not in surveys/versions.lock.json; run npm run surveys:lock.` })
      else if (lock[key] !== file.hash) {
        defects.push({
          file: file.file,
          pointer: '',
          message: `Published version ${key} has changed since it was locked; restore it and put the change in ${file.slug}/${file.version + 1}.json.`,
        })
      }
    }
    const previous = wordingBySlug.get(file.slug)
    if (previous) {
      for (const item of items) {
        const before = previous.get(item.itemId)
        if (before !== undefined && before.wording !== item.wording) {
          defects.push({ file: file.file, pointer: item.pointer, message: `The wording of "${item.itemId}" changed from the previous version; a new wording needs a new itemId.` })
        } else if (before !== undefined && before.codes !== item.codes) {
          // Trend files line up by item id and code: the same item keeps its codes from one version to the next.
          defects.push({
            file: file.file,
            pointer: item.pointer,
            message: `The answer codes of "${item.itemId}" changed from the previous version (${before.codes} → ${item.codes}); new codes need a new itemId.`,
          })
        }
      }
    }
    wordingBySlug.set(file.slug, new Map(items.map((i) => [i.itemId, i])))
  }
  return defects
}
