import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { BadRequest } from '../errors'
import type { Table } from '../exports/tables'
import { indexDefinition } from '../instruments/definition-index'
import { LOCALES } from '../instruments/ana'
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

/**
 * The codebook of an administration's response-level export (server/profiles/responses-export.ts): one row per
 * column of that export, in the same order and under the same variable names (slug.question, slug.question.row for a
 * grid's rows), with what an analyst needs to read it: the instrument and version, the item id (stable across
 * versions, so trend files line up), the domain and whether it measures need or assets, the question type, the
 * question's text in English and in each other language the instrument has, the value labels (code = label) and
 * the score each code carries. Nothing in it comes from responses.
 */
export async function codebookTable(db: Kysely<Database>, administrationId: number): Promise<Table> {
  const administration = await exportedAdministration(db, administrationId)
  if (!administration) throw new BadRequest(`There is no administration ${administrationId}.`)
  const others = LOCALES.filter((l) => l !== 'en')
  const rows: Table['rows'] = []
  for (const v of await offeredVersions(db, administrationId)) {
    const definition = v.definition as { pages?: RawElement[] }
    const raw = elementsByName(definition.pages ?? [])
    for (const q of indexDefinition(v.definition).questions.values()) {
      const element = raw.get(q.name) ?? {}
      const scores = q.ana?.scores ?? {}
      const labelled = (items: (RawItem | string | number)[]) =>
        items.map((item) => `${valueOf(item)} = ${itemText(item, 'en')}`).join('; ')
      // In the order the answers are offered.
      const offered = (q.type === 'matrix' ? (element.columns ?? []) : (element.choices ?? [])).map(valueOf)
      const scoreList = [...offered.filter((code) => code in scores), ...Object.keys(scores).filter((code) => !offered.includes(code))]
        .map((code) => `${code} = ${scores[code] === null ? 'not scored' : scores[code]}`)
        .join('; ')
      const common = (variable: string, row: RawItem | string | number | null, values: string, rowMeta = q.ana) => [
        variable,
        v.slug,
        v.version,
        rowMeta?.itemId ?? q.ana?.itemId ?? '',
        rowMeta?.domain ?? q.ana?.domain ?? '',
        rowMeta?.measures ?? q.ana?.measures ?? '',
        q.type,
        [textIn(element.title, 'en'), row === null ? '' : itemText(row, 'en')].filter(Boolean).join(' — '),
        values,
        scoreList,
        ...others.map((l) => [textIn(element.title, l), row === null ? '' : itemText(row, l)].filter(Boolean).join(' — ')),
      ]
      if (q.type === 'matrix') {
        for (const row of element.rows ?? []) {
          const meta = q.rows.find((r) => String(r.value) === valueOf(row))?.ana ?? q.ana
          rows.push(common(`${v.slug}.${q.name}.${valueOf(row)}`, row, labelled(element.columns ?? []), meta ?? null))
        }
      } else {
        const multi = q.type === 'checkbox' || q.type === 'tagbox'
        const values = labelled(element.choices ?? [])
        rows.push(common(`${v.slug}.${q.name}`, null, multi && values ? `several of: ${values} (joined with ;)` : values))
      }
    }
  }
  return {
    name: 'Codebook',
    columns: ['variable', 'instrument', 'version', 'item id', 'domain', 'measures', 'type', 'question (en)', 'values (en)', 'scores', ...others.map((l) => `question (${l})`)],
    rows,
  }
}
