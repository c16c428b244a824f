import { Type, type Static } from 'typebox'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { BadRequest } from '../errors'
import type { Table } from '../exports/tables'
import { LOCALES } from '../instruments/ana'
import { answerColumns, versionsOf } from './responses-export'
import { exportedAdministration, offeredVersions } from './responses-export.queries'

type Text = string | Record<string, string> | undefined
interface RawItem {
  value?: unknown
  text?: Text
}
interface RawElement {
  name?: string
  type?: string
  title?: Text
  elements?: RawElement[]
  choices?: (RawItem | string | number)[]
  rows?: (RawItem | string | number)[]
  columns?: (RawItem | string | number)[]
}

const textIn = (text: Text, language: string): string => {
  if (text === undefined) return ''
  if (typeof text === 'string') return language === 'en' ? text : ''
  return (language === 'en' ? (text.default ?? text.en) : text[language]) ?? ''
}
const valueOf = (item: RawItem | string | number) => (typeof item === 'object' ? String(item.value) : String(item))
const itemText = (item: RawItem | string | number, language: string) => (typeof item === 'object' ? textIn(item.text, language) : language === 'en' ? String(item) : '')

function elementsByName(pages: RawElement[]): Map<string, RawElement> {
  const found = new Map<string, RawElement>()
  const visit = (element: RawElement) => {
    if (element.name) found.set(element.name, element)
    element.elements?.forEach(visit)
  }
  pages.forEach(visit)
  return found
}

/** The values of a multi-select's indicator column. */
export const INDICATOR_VALUES = [
  { code: '0', label: 'Not selected' },
  { code: '1', label: 'Selected' },
] as const

/** One column of the response-level export, as the codebook describes it. */
export const CodebookEntrySchema = Type.Object({
  variable: Type.String(),
  instrument: Type.String(),
  version: Type.Integer(),
  itemId: Type.String(),
  domain: Type.String(),
  measures: Type.String(),
  type: Type.String(),
  /** The question (and a grid's row) in each language the instrument has; '' where it has none. */
  text: Type.Record(Type.String(), Type.String()),
  /** The codes offered, in order, with their English labels. */
  values: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
  /** A 0/1 indicator of one choice of a multi-select question (variable slug.question.choice; blank where not answered). */
  multiSelect: Type.Boolean(),
  /** Free text (open-text and comment questions): in the export only when asked for (includeText=true). */
  freeText: Type.Boolean(),
  /** Each code's score ("code = score; …"), in the order offered. */
  scores: Type.String(),
  /** The codes that carry no score (prefer not to say…): missing values for statistics in SPSS and Stata. */
  missing: Type.Array(Type.String()),
})
export type CodebookEntry = Static<typeof CodebookEntrySchema>

/**
 * The columns of an administration's response-level export (server/profiles/responses-export.ts) in the same order
 * and under the same variable names (slug.question, slug.question.row for a grid's rows, slug.question.choice for a
 * multi-select's indicator columns), with what an analyst needs
 * to read them: the instrument and version, the item id (stable across versions, so trend files line up), the domain
 * and whether it measures need or assets, the question type, the question's text in every language the instrument
 * has, the value labels and the score each code carries. Nothing in it comes from responses. With an instrument, the
 * columns of that instrument's extract.
 */
export async function codebookEntries(db: Kysely<Database>, administrationId: number, instrument?: string): Promise<CodebookEntry[]> {
  const administration = await exportedAdministration(db, administrationId)
  if (!administration) throw new BadRequest(`There is no administration ${administrationId}.`)
  const versions = versionsOf(await offeredVersions(db, administrationId), administrationId, instrument)
  // The raw elements, for their text in every language (the definition index keeps none).
  const raw = new Map(versions.map((v) => [v.slug, elementsByName((v.definition as { pages?: RawElement[] }).pages ?? [])]))
  return answerColumns(versions).map((c) => {
    const q = c.question
    const element = raw.get(c.slug)!.get(q.name) ?? {}
    const scores = q.ana?.scores ?? {}
    // In the order the answers are offered.
    const offered = q.type === 'matrix' ? (element.columns ?? []) : (element.choices ?? [])
    const codes = offered.map(valueOf)
    const scoreList = [...codes.filter((code) => code in scores), ...Object.keys(scores).filter((code) => !codes.includes(code))]
      .map((code) => `${code} = ${scores[code] === null ? 'not scored' : scores[code]}`)
      .join('; ')
    const row = c.row === undefined ? null : ((element.rows ?? []).find((r) => valueOf(r) === c.row) ?? c.row)
    if (c.choice !== undefined) {
      // An indicator column: the choice's own item (a per-choice question scores each box) and its text.
      const choice = (element.choices ?? []).find((item) => valueOf(item) === c.choice) ?? c.choice
      const meta = q.choices.find((item) => String(item.value) === c.choice)?.ana ?? q.ana
      const measures = meta?.measures ?? ''
      return {
        variable: c.key,
        instrument: c.slug,
        version: c.version,
        itemId: meta?.itemId ?? '',
        domain: meta?.domain ?? '',
        measures,
        type: q.type,
        text: Object.fromEntries(LOCALES.map((l) => [l, [textIn(element.title, l), itemText(choice, l)].filter(Boolean).join(' — ')])),
        values: [...INDICATOR_VALUES],
        multiSelect: true,
        freeText: false,
        scores: q.ana?.perChoice && (measures === 'need' || measures === 'asset') ? '0 = 0; 1 = 100' : '',
        missing: [],
      }
    }
    const meta = (c.row === undefined ? null : q.rows.find((r) => String(r.value) === c.row)?.ana) ?? q.ana
    return {
      variable: c.key,
      instrument: c.slug,
      version: c.version,
      itemId: meta?.itemId ?? q.ana?.itemId ?? '',
      domain: meta?.domain ?? q.ana?.domain ?? '',
      measures: meta?.measures ?? q.ana?.measures ?? '',
      type: q.type,
      text: Object.fromEntries(LOCALES.map((l) => [l, [textIn(element.title, l), row === null ? '' : itemText(row, l)].filter(Boolean).join(' — ')])),
      values: offered.map((item) => ({ code: valueOf(item), label: itemText(item, 'en') })),
      multiSelect: false,
      freeText: c.text,
      scores: scoreList,
      missing: codes.filter((code) => scores[code] === null),
    }
  })
}

/** The codebook as a table (CSV or XLSX): a row per column of the response-level export. */
export async function codebookTable(db: Kysely<Database>, administrationId: number, instrument?: string): Promise<Table> {
  const others = LOCALES.filter((l) => l !== 'en')
  const labelled = (e: CodebookEntry) => e.values.map((v) => `${v.code} = ${v.label}`).join('; ')
  const rows = (await codebookEntries(db, administrationId, instrument)).map((e) => [
    e.variable,
    e.instrument,
    e.version,
    e.itemId,
    e.domain,
    e.measures,
    e.type,
    e.text.en,
    labelled(e),
    e.scores,
    ...others.map((l) => e.text[l]),
  ])
  return {
    name: 'Codebook',
    columns: ['variable', 'instrument', 'version', 'item id', 'domain', 'measures', 'type', 'question (en)', 'values (en)', 'scores', ...others.map((l) => `question (${l})`)],
    rows,
  }
}
