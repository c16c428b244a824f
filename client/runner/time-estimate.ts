import { localized } from '../ui/localized'

/**
 * How long the survey takes, said on the consent screen: computed from the instrument in the respondent's language
 * (what there is to read and to answer on the typical path), never a fixed number. A range, from a fluent reader to
 * a slow one: a parent reading in a second language, or with little schooling, needs far longer than the author.
 *
 * The typical path is every page and question shown before any answer: a follow-up that opens only after a
 * particular answer ("why was your child absent?") is left out, and so is open text (most people skip it; those who
 * write take the time they choose).
 */
export interface Pace {
  /** Words read per minute. */
  wordsPerMinute: number
  /** Seconds to choose an answer (one choice question, or one row of a grid). */
  secondsPerAnswer: number
  /** Seconds to go through a list where several may be chosen. */
  secondsPerChecklist: number
}

/** Adults read plain text at about 200 words a minute; a slow reader at about 110. */
export const ADULT: readonly [Pace, Pace] = [
  { wordsPerMinute: 200, secondsPerAnswer: 4, secondsPerChecklist: 8 },
  { wordsPerMinute: 110, secondsPerAnswer: 7, secondsPerChecklist: 14 },
]
/** Children in the grades surveyed read more slowly: about 130 words a minute, a struggling reader 70. */
export const CHILD: readonly [Pace, Pace] = [
  { wordsPerMinute: 130, secondsPerAnswer: 5, secondsPerChecklist: 10 },
  { wordsPerMinute: 70, secondsPerAnswer: 9, secondsPerChecklist: 18 },
]

export interface Workload {
  words: number
  answers: number
  checklists: number
}

type Text = string | Record<string, string> | undefined
interface Element {
  type?: string
  visibleIf?: string
  title?: Text
  description?: Text
  html?: Text
  choices?: ({ text?: Text; value?: unknown } | string | number)[]
  rows?: ({ text?: Text; value?: unknown } | string | number)[]
  columns?: ({ text?: Text; value?: unknown } | string | number)[]
  elements?: Element[]
}
interface Definition {
  title?: Text
  description?: Text
  pages?: (Element & { elements?: Element[] })[]
}

/** Words as a reader meets them: by the language's own rules where the browser knows them (Chinese has no spaces). */
export function countWords(text: string, language: string): number {
  const plain = text.replace(/<[^>]*>/g, ' ')
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    let n = 0
    for (const s of new Intl.Segmenter(language, { granularity: 'word' }).segment(plain)) if (s.isWordLike) n++
    return n
  }
  return plain.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length
}

const itemText = (item: { text?: Text; value?: unknown } | string | number, language: string) =>
  typeof item === 'object' ? localized(item.text, language) || String(item.value ?? '') : String(item)

/** What there is to read and to answer on the typical path through a definition, in one language. */
export function workload(definition: Definition, language: string): Workload {
  const load: Workload = { words: 0, answers: 0, checklists: 0 }
  const read = (text: Text) => {
    load.words += countWords(localized(text, language), language)
  }
  read(definition.title)
  read(definition.description)
  const visit = (element: Element) => {
    if (element.visibleIf) return
    read(element.title)
    read(element.description)
    if (element.type === 'html') read(element.html)
    for (const choice of element.choices ?? []) load.words += countWords(itemText(choice, language), language)
    // A grid's column headings are read once, each row's label once.
    for (const item of [...(element.rows ?? []), ...(element.columns ?? [])]) load.words += countWords(itemText(item, language), language)
    switch (element.type) {
      case 'matrix':
        load.answers += element.rows?.length ?? 0
        break
      case 'checkbox':
      case 'tagbox':
      case 'ranking':
        load.checklists += 1
        break
      case 'radiogroup':
      case 'dropdown':
      case 'rating':
      case 'boolean':
        load.answers += 1
        break
    }
    element.elements?.forEach(visit)
  }
  for (const page of definition.pages ?? []) {
    if (page.visibleIf) continue
    read(page.title)
    read(page.description)
    page.elements?.forEach(visit)
  }
  return load
}

export function minutesAt(load: Workload, pace: Pace): number {
  return load.words / pace.wordsPerMinute + (load.answers * pace.secondsPerAnswer + load.checklists * pace.secondsPerChecklist) / 60
}

/** The range said on the consent screen, in whole minutes (at least 1), for who is answering. */
export function estimateMinutes(definition: Definition, language: string, role: 'student' | 'family' | 'staff'): { low: number; high: number } {
  const load = workload(definition, language)
  const [fluent, slow] = role === 'student' ? CHILD : ADULT
  const low = Math.max(1, Math.round(minutesAt(load, fluent)))
  // Rounded up to 5 minutes past 10: "about 27 minutes" claims a precision nobody has.
  const slowMinutes = minutesAt(load, slow)
  const high = Math.max(low, slowMinutes > 10 ? Math.ceil(slowMinutes / 5) * 5 : Math.ceil(slowMinutes))
  return { low, high }
}
