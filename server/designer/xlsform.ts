import ExcelJS from 'exceljs'
import { LOCALE_NAMES, LOCALES, type Locale } from '../instruments/ana'
import { cellText } from '../imports/read-table'
import { ConditionError, readSurveyJs, readXpath, writeSurveyJs, writeXpath, type AnswerKind } from './xlsform-conditions'

/**
 * XLSForm, the form format of KoboToolbox and ODK (https://xlsform.org): a workbook with a `survey` sheet (a row per
 * question, groups as begin_group/end_group rows), a `choices` sheet (a row per choice of each list) and a `settings`
 * sheet. A version of an instrument goes out as one, and a team's XLSForm comes in as a draft.
 *
 * How the two meet:
 * - a page is a top-level `begin_group` with appearance `field-list`; a panel a nested group;
 * - radiogroup is `select_one <list>`, dropdown the same with appearance `minimal`, checkbox `select_multiple <list>`;
 *   comment is `text` with appearance `multiline`, text is `text`, a number `integer` or `decimal` (its bounds the
 *   constraint `. >= A and . <= B`), html a `note`;
 * - a matrix (grid) is a group with appearance `table-list` whose rows are `select_one` questions on one list, named
 *   `<grid>__<row>`; a `table-list` group from Kobo or ODK comes in as a grid the same way;
 * - labels and hints in every language as `label::Spanish (es)`, the language's code in parentheses, as ODK writes
 *   them; a plain `label` column is English;
 * - `visibleIf` is `relevant` (xlsform-conditions.ts), a checkbox's maxSelectedChoices is the constraint
 *   `count-selected(.) <= N`, a comment's maxLength `string-length(.) <= N`, isRequired `required` yes;
 * - the engine's own metadata (item id, domain, measures, scores, context, a choice that excludes the others) in
 *   `ana::…` columns, which ODK and Kobo ignore; a form without them comes in as a draft whose designer lists what each question still needs.
 *
 * Written out and read back, a version is the same definition.
 */

type Json = Record<string, unknown>
type Texts = Partial<Record<Locale, string>>


// Names people write a language under in Kobo and ODK forms, besides ours; the code in parentheses always wins.
const OTHER_NAMES: Record<string, Locale> = {
  español: 'es',
  espanol: 'es',
  'հայերեն': 'hy',
  '한국어': 'ko',
  chinese: 'zh-Hant',
  '繁體中文': 'zh-Hant',
  'tiếng việt': 'vi',
  filipino: 'tl',
  'русский': 'ru',
  persian: 'fa',
  'فارسی': 'fa',
  'العربية': 'ar',
}

const languageColumn = (what: string, locale: Locale) => `${what}::${LOCALE_NAMES[locale]} (${locale})`

/** The engine's locale a column's language names, or null. `default` is the form's default language. */
export function localeOf(language: string): Locale | null {
  const code = /\(([A-Za-z]{2,3}(?:-[A-Za-z]{2,4})?)\)\s*$/.exec(language)?.[1]
  const byCode = (c: string) => LOCALES.find((l) => l.toLowerCase() === c.toLowerCase()) ?? (c.toLowerCase() === 'zh' ? 'zh-Hant' : null)
  if (code) return byCode(code)
  const name = language.trim().toLowerCase()
  return (
    byCode(name) ??
    (Object.entries(LOCALE_NAMES).find(([, n]) => n.toLowerCase() === name)?.[0] as Locale | undefined) ??
    OTHER_NAMES[name] ??
    null
  )
}

// ---------------------------------------------------------------------------------------------------------------
// A definition → XLSForm

const textsOf = (value: unknown): Texts => {
  if (typeof value === 'string') return { en: value }
  if (value === null || typeof value !== 'object') return {}
  const texts: Texts = {}
  for (const [key, text] of Object.entries(value as Json)) {
    const locale = key === 'default' ? 'en' : (LOCALES as readonly string[]).includes(key) ? (key as Locale) : null
    if (locale && typeof text === 'string') texts[locale] = text
  }
  return texts
}

interface SheetRow {
  [column: string]: string | number
}

const ANA_QUESTION_COLUMNS = ['ana::item_id', 'ana::domain', 'ana::measures', 'ana::context', 'ana::per_choice', 'ana::service_grid'] as const
const ANA_CHOICE_COLUMNS = ['ana::score', 'ana::exclusive', 'ana::item_id', 'ana::domain', 'ana::measures'] as const

function anaColumns(ana: unknown): SheetRow {
  const meta = (ana ?? {}) as Json
  const row: SheetRow = {}
  if (typeof meta.itemId === 'string') row['ana::item_id'] = meta.itemId
  if (typeof meta.domain === 'string') row['ana::domain'] = meta.domain
  if (typeof meta.measures === 'string') row['ana::measures'] = meta.measures
  if (typeof meta.context === 'string') row['ana::context'] = meta.context
  if (meta.perChoice === true) row['ana::per_choice'] = 'yes'
  if (meta.serviceGrid === true) row['ana::service_grid'] = 'yes'
  return row
}

function localizedColumns(what: string, value: unknown): SheetRow {
  const row: SheetRow = {}
  for (const [locale, text] of Object.entries(textsOf(value))) row[languageColumn(what, locale as Locale)] = text
  return row
}

/** Which questions answer with one value and which with several, for skip logic. */
function answerKinds(pages: Json[]): Map<string, AnswerKind> {
  const kinds = new Map<string, AnswerKind>()
  const visit = (elements: unknown) => {
    for (const e of (Array.isArray(elements) ? elements : []) as Json[]) {
      if (e.type === 'panel') visit(e.elements)
      else if (typeof e.name === 'string') kinds.set(e.name, e.type === 'checkbox' ? 'many' : 'one')
    }
  }
  pages.forEach((p) => visit(p.elements))
  return kinds
}

/** One version of an instrument as an XLSForm workbook (survey, choices and settings sheets). */
export async function toXlsForm(definition: Json): Promise<Buffer> {
  const pages = (Array.isArray(definition.pages) ? definition.pages : []) as Json[]
  const meta = (definition.ana ?? {}) as Json
  const kinds = answerKinds(pages)
  const relevant = (condition: unknown, where: string): SheetRow => {
    if (typeof condition !== 'string' || condition.trim() === '') return {}
    try {
      return { relevant: writeXpath(readSurveyJs(condition), kinds) }
    } catch (error) {
      throw new ConditionError(`The condition of ${where} ("${condition}") cannot be written as XLSForm: ${(error as Error).message}.`)
    }
  }
  const survey: SheetRow[] = []
  const choices: SheetRow[] = []
  const addChoices = (list: string, items: unknown, scores: unknown) => {
    const scoreMap = scores && typeof scores === 'object' ? (scores as Record<string, number | null>) : null
    for (const item of (Array.isArray(items) ? items : []) as unknown[]) {
      const choice: Json = item !== null && typeof item === 'object' ? (item as Json) : { value: item }
      const value = String(choice.value)
      choices.push({
        list_name: list,
        name: value,
        ...localizedColumns('label', choice.text),
        ...(scoreMap && value in scoreMap ? { 'ana::score': scoreMap[value] === null ? 'null' : Number(scoreMap[value]) } : {}),
        ...anaColumns(choice.ana),
        ...(choice.isExclusive === true ? { 'ana::exclusive': 'yes' } : {}),
      })
    }
  }
  const visit = (elements: unknown) => {
    for (const e of (Array.isArray(elements) ? elements : []) as Json[]) {
      const name = String(e.name ?? '')
      const common: SheetRow = {
        name,
        ...localizedColumns('label', e.title),
        ...localizedColumns('hint', e.description),
        ...(e.isRequired === true ? { required: 'yes' } : {}),
        ...relevant(e.visibleIf, `"${name}"`),
        ...anaColumns(e.ana),
      }
      switch (e.type) {
        case 'panel':
          survey.push({ type: 'begin_group', ...common })
          visit(e.elements)
          survey.push({ type: 'end_group', name })
          break
        case 'radiogroup':
        case 'dropdown':
          survey.push({ type: `select_one ${name}`, ...common, ...(e.type === 'dropdown' ? { appearance: 'minimal' } : {}) })
          addChoices(name, e.choices, (e.ana as Json | undefined)?.scores)
          break
        case 'checkbox':
          survey.push({
            type: `select_multiple ${name}`,
            ...common,
            ...(typeof e.maxSelectedChoices === 'number' ? { constraint: `count-selected(.) <= ${e.maxSelectedChoices}` } : {}),
          })
          addChoices(name, e.choices, (e.ana as Json | undefined)?.scores)
          break
        case 'text':
        case 'comment':
          if (e.type === 'text' && e.inputType === 'number') {
            const bounds = [typeof e.min === 'number' ? `. >= ${e.min}` : null, typeof e.max === 'number' ? `. <= ${e.max}` : null].filter(Boolean)
            survey.push({ type: e.step === 'any' ? 'decimal' : 'integer', ...common, ...(bounds.length > 0 ? { constraint: bounds.join(' and ') } : {}) })
            break
          }
          survey.push({
            type: 'text',
            ...common,
            ...(e.type === 'comment' ? { appearance: 'multiline' } : {}),
            ...(typeof e.maxLength === 'number' ? { constraint: `string-length(.) <= ${e.maxLength}` } : {}),
          })
          break
        case 'html':
          survey.push({ type: 'note', ...common, ...localizedColumns('label', e.html) })
          break
        case 'matrix': {
          survey.push({ type: 'begin_group', ...common, appearance: 'table-list' })
          for (const item of (Array.isArray(e.rows) ? e.rows : []) as unknown[]) {
            const row: Json = item !== null && typeof item === 'object' ? (item as Json) : { value: item }
            survey.push({ type: `select_one ${name}`, name: `${name}__${String(row.value)}`, ...localizedColumns('label', row.text), ...anaColumns(row.ana) })
          }
          survey.push({ type: 'end_group', name })
          addChoices(name, e.columns, (e.ana as Json | undefined)?.scores)
          break
        }
        default:
          throw new ConditionError(`"${name}" is a ${String(e.type)} question, which XLSForm export does not write.`)
      }
    }
  }
  for (const page of pages) {
    survey.push({ type: 'begin_group', name: String(page.name), ...localizedColumns('label', page.title), appearance: 'field-list', ...relevant(page.visibleIf, `page "${String(page.name)}"`) })
    visit(page.elements)
    survey.push({ type: 'end_group', name: String(page.name) })
  }
  const settings: SheetRow = {
    form_title: textsOf(definition.title).en ?? String(meta.slug ?? ''),
    form_id: String(meta.slug ?? ''),
    version: String(meta.version ?? ''),
    default_language: `${LOCALE_NAMES.en} (en)`,
    ...localizedColumns('ana::title', definition.title),
    ...localizedColumns('ana::description', definition.description),
    ...localizedColumns('ana::completed_html', definition.completedHtml),
    ...(typeof meta.role === 'string' ? { 'ana::role': meta.role } : {}),
    ...(typeof meta.minutes === 'number' ? { 'ana::minutes': meta.minutes } : {}),
    ...(definition.showQuestionNumbers !== undefined ? { 'ana::show_question_numbers': String(definition.showQuestionNumbers) } : {}),
    ...(definition.showProgressBar !== undefined ? { 'ana::show_progress_bar': String(definition.showProgressBar) } : {}),
  }

  const workbook = new ExcelJS.Workbook()
  const languageOrder = (column: string) => {
    const locale = /\(([^)]+)\)$/.exec(column)?.[1]
    return locale ? LOCALES.indexOf(locale as Locale) : -1
  }
  const addSheet = (title: string, rows: SheetRow[], lead: string[], tail: readonly string[]) => {
    const present = new Set(rows.flatMap((r) => Object.keys(r)))
    const localizedGroups = [...new Set([...present].filter((c) => c.includes(' (')).map((c) => c.split('::').slice(0, -1).join('::')))]
    const localized = localizedGroups.flatMap((what) => [...present].filter((c) => c.startsWith(`${what}::`) && c.includes(' (')).sort((a, b) => languageOrder(a) - languageOrder(b)))
    const columns = [...lead.filter((c) => present.has(c)), ...localized, ...[...present].filter((c) => !lead.includes(c) && !localized.includes(c) && !tail.includes(c)), ...tail.filter((c) => present.has(c))]
    const sheet = workbook.addWorksheet(title)
    sheet.addRow(columns)
    sheet.getRow(1).font = { bold: true }
    for (const row of rows) sheet.addRow(columns.map((c) => row[c] ?? null))
    sheet.views = [{ state: 'frozen', ySplit: 1 }]
  }
  addSheet('survey', survey, ['type', 'name'], ['required', 'relevant', 'constraint', 'appearance', ...ANA_QUESTION_COLUMNS])
  addSheet('choices', choices, ['list_name', 'name'], ANA_CHOICE_COLUMNS)
  addSheet('settings', [settings], ['form_title', 'form_id', 'version', 'default_language'], [])
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

// ---------------------------------------------------------------------------------------------------------------
// XLSForm → a definition

/** Something wrong in the workbook, where a person finds it: sheet, row, column. */
export interface XlsFormProblem {
  sheet: string
  row: number
  column?: string
  message: string
}

export interface XlsFormReading {
  /** The form as a definition (no `ana` block for the survey yet: the import gives it the instrument's). */
  definition: Json
  /** The form's `form_id` and `version` settings, as written. */
  formId: string
  version: string
  /** The languages the form has, English first. */
  locales: Locale[]
  /** What was left out, and why (device identifiers, unsupported constraints, languages the engine does not speak). */
  notices: string[]
  /** The `ana::minutes` setting of a workbook the engine wrote. */
  minutes?: number
}

interface Sheet {
  name: string
  header: string[]
  rows: { row: number; cells: Record<string, string> }[]
}

function readSheet(worksheet: ExcelJS.Worksheet): Sheet {
  let header: string[] | null = null
  const rows: Sheet['rows'] = []
  worksheet.eachRow({ includeEmpty: false }, (row) => {
    const values: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      values[column - 1] = cellText(cell.value).trim()
    })
    if (values.every((v) => !v)) return
    if (header === null) {
      // `list name` (older Kobo) is `list_name`; column names are case-insensitive except the language part.
      header = Array.from(values, (v) => (v ?? '').replace(/^list name$/i, 'list_name').replace(/^[^:]+/, (head) => head.toLowerCase().replace(/ /g, '_')))
      return
    }
    const cells: Record<string, string> = {}
    header.forEach((name, i) => {
      if (name && values[i]) cells[name] = values[i]
    })
    rows.push({ row: row.number, cells })
  })
  return { name: worksheet.name, header: header ?? [], rows }
}

const METADATA_TYPES = new Set(['start', 'end', 'today', 'deviceid', 'subscriberid', 'simserial', 'phonenumber', 'username', 'email', 'audit', 'start-geopoint', 'imei'])
const SUPPORTED = 'select_one, select_multiple, text, integer, decimal, note, begin_group/end_group (a table-list group as a grid)'

/** `. >= 0 and . <= 20`, `. <= 150` as a number question's bounds; null for any other constraint. */
function numberBounds(constraint: string | undefined): { min?: number; max?: number } | null {
  if (!constraint) return null
  const bounds: { min?: number; max?: number } = {}
  for (const part of constraint.split(/\s+and\s+/)) {
    const m = /^\(?\s*\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)\s*\)?$/.exec(part.trim())
    if (!m) return null
    if (m[1] === '>=') bounds.min = Number(m[2])
    else bounds.max = Number(m[2])
  }
  return bounds
}

/** Survey-sheet columns the engine reads; any other column with something in it is named in a notice, row by row. */
const READ_COLUMNS = /^(type|name|label|hint|relevant|required|constraint|appearance|ana::.*|(label|hint)::.*)$/

/** An XLSForm workbook read into a definition, or every problem found, each where a person can find it. */
export async function fromXlsForm(bytes: Uint8Array): Promise<XlsFormReading | XlsFormProblem[]> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    return [{ sheet: '', row: 0, message: 'The file is not a readable XLSX workbook; save the XLSForm again as .xlsx.' }]
  }
  const byName = (name: string) => workbook.worksheets.find((w) => w.name.trim().toLowerCase() === name)
  const surveySheet = byName('survey')
  if (!surveySheet) return [{ sheet: 'survey', row: 0, message: 'The workbook has no "survey" sheet, so it is not an XLSForm.' }]
  const survey = readSheet(surveySheet)
  const choicesSheet = byName('choices')
  const choices = choicesSheet ? readSheet(choicesSheet) : { name: 'choices', header: [], rows: [] }
  const settingsSheet = byName('settings')
  const settings = settingsSheet ? readSheet(settingsSheet).rows[0]?.cells ?? {} : {}

  const problems: XlsFormProblem[] = []
  const notices: string[] = []
  const problem = (sheet: string, row: number, message: string, column?: string) => problems.push({ sheet, row, message, ...(column ? { column } : {}) })

  // Languages: each `label::X` column, plain `label` as the default language (English unless settings say another).
  const defaultLocale = settings.default_language ? localeOf(settings.default_language) : 'en'
  if (settings.default_language && !defaultLocale) problem('settings', 2, `The default language "${settings.default_language}" is not one the engine speaks (${LOCALES.map((l) => `${LOCALE_NAMES[l]} (${l})`).join(', ')}).`, 'default_language')
  const columnLocale = new Map<string, Locale>()
  const ignoredLanguages = new Set<string>()
  for (const sheet of [survey, choices]) {
    for (const column of sheet.header) {
      const [what, ...rest] = column.split('::')
      if (!['label', 'hint', 'constraint_message', 'required_message'].includes(what)) continue
      if (rest.length === 0) {
        if (defaultLocale) columnLocale.set(column, defaultLocale)
        continue
      }
      const locale = localeOf(rest.join('::'))
      if (locale) columnLocale.set(column, locale)
      else ignoredLanguages.add(rest.join('::'))
    }
  }
  if (ignoredLanguages.size > 0) notices.push(`Left out: the columns in ${[...ignoredLanguages].join(', ')}, languages the engine does not offer respondents.`)
  const locales = LOCALES.filter((l) => [...columnLocale.values()].includes(l))
  if (!locales.includes('en')) problem('survey', 1, 'The form has no English labels (a "label" column, or "label::English (en)"); the engine keeps every instrument in English as well.', 'label')

  const texts = (cells: Record<string, string>, what: string): Json | undefined => {
    const out: Json = {}
    for (const [column, locale] of columnLocale) {
      if (column.split('::')[0] !== what || !cells[column]) continue
      out[locale === 'en' ? 'default' : locale] = cells[column]
    }
    return Object.keys(out).length > 0 ? out : undefined
  }
  const yes = (value: string | undefined) => value !== undefined && /^(yes|true|true\(\)|1)$/i.test(value)
  const anaOf = (cells: Record<string, string>, sheet: string, row: number): Json | undefined => {
    const ana: Json = {}
    if (cells['ana::item_id']) ana.itemId = cells['ana::item_id']
    if (cells['ana::domain']) ana.domain = cells['ana::domain']
    if (cells['ana::measures']) ana.measures = cells['ana::measures']
    if (cells['ana::context']) ana.context = cells['ana::context']
    if (yes(cells['ana::per_choice'])) ana.perChoice = true
    if (yes(cells['ana::service_grid'])) ana.serviceGrid = true
    if (cells['ana::score'] !== undefined) {
      const score = cells['ana::score']
      if (score !== 'null' && !Number.isFinite(Number(score))) problem(sheet, row, `The score "${score}" is not a number (or null for "don't know").`, 'ana::score')
    }
    return Object.keys(ana).length > 0 ? ana : undefined
  }

  // Choice lists, each choice with its row for messages.
  const lists = new Map<string, { value: string; row: number; cells: Record<string, string> }[]>()
  for (const { row, cells } of choices.rows) {
    const list = cells.list_name
    if (!list) {
      problem('choices', row, 'The choice has no list_name.', 'list_name')
      continue
    }
    if (!cells.name) {
      problem('choices', row, `A choice of "${list}" has no name (the value stored).`, 'name')
      continue
    }
    const entries = lists.get(list) ?? []
    if (entries.some((c) => c.value === cells.name)) problem('choices', row, `The list "${list}" has the choice "${cells.name}" twice.`, 'name')
    entries.push({ value: cells.name, row, cells })
    lists.set(list, entries)
  }
  const choiceItems = (list: string) =>
    (lists.get(list) ?? []).map((c) => {
      const item: Json = { value: c.value }
      const text = texts(c.cells, 'label')
      if (text) item.text = text
      const ana = anaOf(c.cells, 'choices', c.row)
      if (ana) item.ana = ana
      if (yes(c.cells['ana::exclusive'])) item.isExclusive = true
      return item
    })
  const scoresOf = (list: string): Record<string, number | null> | undefined => {
    const entries = lists.get(list) ?? []
    if (!entries.some((c) => c.cells['ana::score'] !== undefined)) return undefined
    return Object.fromEntries(entries.map((c) => [c.value, c.cells['ana::score'] === undefined || c.cells['ana::score'] === 'null' ? null : Number(c.cells['ana::score'])]))
  }

  // First pass: how every question answers, for the skip logic that names it.
  const kinds = new Map<string, AnswerKind>()
  for (const { cells } of survey.rows) {
    const [type] = (cells.type ?? '').split(/\s+/)
    if (cells.name && type === 'select_multiple') kinds.set(cells.name, 'many')
    else if (cells.name && type !== 'begin_group' && type !== 'end_group' && type !== 'begin' && type !== 'end') kinds.set(cells.name, 'one')
  }
  const condition = (cells: Record<string, string>, row: number): string | undefined => {
    if (!cells.relevant) return undefined
    try {
      return writeSurveyJs(readXpath(cells.relevant, kinds))
    } catch (error) {
      if (!(error instanceof ConditionError)) throw error
      problem('survey', row, `The condition "${cells.relevant}" cannot be brought in: ${error.message}.`, 'relevant')
      return undefined
    }
  }

  // Second pass: groups into pages and panels, table-list groups into grids.
  interface Group {
    row: number
    cells: Record<string, string>
    elements: Json[]
    rows: { row: number; cells: Record<string, string> }[]
  }
  const pages: Json[] = []
  const stack: Group[] = []
  const loose: Json[] = []
  const names = new Map<string, number>()
  const normalizedType = (type: string) => type.replace(/^begin\s+group$/, 'begin_group').replace(/^end\s+group$/, 'end_group').replace(/^begin\s+repeat$/, 'begin_repeat')
  const isGrid = (cells: Record<string, string>) => /\btable-list\b/.test(cells.appearance ?? '')

  const closeGroup = (group: Group) => {
    const name = group.cells.name
    const title = texts(group.cells, 'label')
    const description = texts(group.cells, 'hint')
    const visibleIf = condition(group.cells, group.row)
    const parent = stack[stack.length - 1]
    if (isGrid(group.cells) && parent) {
      const lists = new Set(group.rows.map((r) => r.cells.type.split(/\s+/)[1]))
      const allSelectOne = group.rows.every((r) => r.cells.type.split(/\s+/)[0] === 'select_one')
      if (group.rows.length === 0 || !allSelectOne || lists.size !== 1 || group.elements.length !== group.rows.length) {
        problem('survey', group.row, `The table-list group "${name}" holds something other than select_one questions on one list; the engine takes such a group as a grid.`, 'appearance')
        return
      }
      const list = [...lists][0]
      const matrix: Json = {
        type: 'matrix',
        name,
        ...(title ? { title } : {}),
        ...(description ? { description } : {}),
        ...(visibleIf ? { visibleIf } : {}),
        columns: choiceItems(list).map(({ ana: _ana, ...column }) => column),
        rows: group.rows.map((r) => {
          const item: Json = { value: r.cells.name.startsWith(`${name}__`) ? r.cells.name.slice(name.length + 2) : r.cells.name }
          const text = texts(r.cells, 'label')
          if (text) item.text = text
          const ana = anaOf(r.cells, 'survey', r.row)
          if (ana) item.ana = ana
          return item
        }),
      }
      const ana = { ...(anaOf(group.cells, 'survey', group.row) ?? {}), ...(scoresOf(list) ? { scores: scoresOf(list) } : {}) }
      if (Object.keys(ana).length > 0) matrix.ana = ana
      parent.elements.push(matrix)
      return
    }
    if (!parent) {
      pages.push({ name, ...(title ? { title } : {}), ...(description ? { description } : {}), ...(visibleIf ? { visibleIf } : {}), elements: group.elements })
      return
    }
    parent.elements.push({ type: 'panel', name, ...(title ? { title } : {}), ...(description ? { description } : {}), ...(visibleIf ? { visibleIf } : {}), elements: group.elements })
  }

  for (const { row, cells } of survey.rows) {
    const typeText = normalizedType((cells.type ?? '').trim().replace(/\s+/g, ' '))
    const [type, list] = typeText.split(' ')
    if (!type) {
      if (Object.keys(cells).length > 0) problem('survey', row, 'The row has no type.', 'type')
      continue
    }
    if (type === 'end_group') {
      const group = stack.pop()
      if (!group) problem('survey', row, 'end_group without a begin_group before it.', 'type')
      else closeGroup(group)
      continue
    }
    const name = cells.name
    if (METADATA_TYPES.has(type)) {
      notices.push(`Left out: "${name ?? type}" (${type}, row ${row}); the engine keeps no device, time or person identifiers with responses.`)
      continue
    }
    if (!name) {
      problem('survey', row, `The ${type} row has no name.`, 'name')
      continue
    }
    if (!/^[A-Za-z_][\w.-]*$/.test(name)) problem('survey', row, `"${name}" is not a usable name (letters, digits, _ - and ., starting with a letter or _).`, 'name')
    if (names.has(name)) problem('survey', row, `The name "${name}" is used twice (also on row ${names.get(name)}).`, 'name')
    names.set(name, row)
    if (type === 'begin_group') {
      stack.push({ row, cells, elements: [], rows: [] })
      continue
    }
    const parent = stack[stack.length - 1]
    const title = texts(cells, 'label')
    const description = texts(cells, 'hint')
    const visibleIf = condition(cells, row)
    const ana = anaOf(cells, 'survey', row)
    const common: Json = { name, ...(title ? { title } : {}), ...(description ? { description } : {}), ...(visibleIf ? { visibleIf } : {}) }
    if (yes(cells.required)) common.isRequired = true
    let element: Json
    if (type === 'select_one' || type === 'select_multiple') {
      if (!list) {
        problem('survey', row, `${type} needs the name of its choice list after it, as "${type} yes_no".`, 'type')
        continue
      }
      if (!lists.has(list)) {
        problem('survey', row, `The choice list "${list}" is not on the choices sheet.`, 'type')
        continue
      }
      if (parent && isGrid(parent.cells) && type === 'select_one') parent.rows.push({ row, cells })
      const scores = scoresOf(list)
      element = {
        type: type === 'select_multiple' ? 'checkbox' : /\b(minimal|autocomplete)\b/.test(cells.appearance ?? '') ? 'dropdown' : 'radiogroup',
        ...common,
        choices: choiceItems(list),
      }
      const max = /^count-selected\(\s*\.\s*\)\s*<=\s*(\d+)$/.exec(cells.constraint ?? '')
      if (type === 'select_multiple' && max) element.maxSelectedChoices = Number(max[1])
      else if (cells.constraint) notices.push(`Left out: the constraint "${cells.constraint}" of "${name}" (row ${row}); the engine checks a select_multiple's count-selected(.) <= N only.`)
      const meta = { ...(ana ?? {}), ...(scores && type === 'select_one' ? { scores } : {}) }
      if (Object.keys(meta).length > 0) element.ana = meta
    } else if (type === 'text') {
      element = { type: /\bmultiline\b/.test(cells.appearance ?? '') ? 'comment' : 'text', ...common }
      const max = /^string-length\(\s*\.\s*\)\s*<=\s*(\d+)$/.exec(cells.constraint ?? '')
      if (max) element.maxLength = Number(max[1])
      else if (cells.constraint) notices.push(`Left out: the constraint "${cells.constraint}" of "${name}" (row ${row}); the engine checks a text's string-length(.) <= N only.`)
      if (ana) element.ana = ana
    } else if (type === 'integer' || type === 'decimal') {
      element = { type: 'text', ...common, inputType: 'number', ...(type === 'decimal' ? { step: 'any' } : {}) }
      const bounds = numberBounds(cells.constraint)
      if (bounds) Object.assign(element, bounds)
      else if (cells.constraint) notices.push(`Left out: the constraint "${cells.constraint}" of "${name}" (row ${row}); the engine checks a number's . >= N and . <= N only.`)
      if (ana) element.ana = ana
    } else if (type === 'note') {
      const html = texts(cells, 'label')
      element = { type: 'html', name, ...(html ? { html } : {}), ...(visibleIf ? { visibleIf } : {}) }
    } else {
      problem('survey', row, `The type "${type}" is not one the engine takes (it takes ${SUPPORTED}).`, 'type')
      continue
    }
    if (parent) parent.elements.push(element)
    else loose.push(element)
  }
  for (const group of stack) problem('survey', group.row, `The group "${group.cells.name}" has no end_group.`, 'type')
  const unread = new Map<string, number[]>()
  for (const { row, cells } of survey.rows) {
    if (METADATA_TYPES.has((cells.type ?? '').trim())) continue
    for (const column of Object.keys(cells)) if (!READ_COLUMNS.test(column)) unread.set(column, [...(unread.get(column) ?? []), row])
  }
  for (const [column, rows] of unread) notices.push(`Left out: the column "${column}" of the survey sheet (row${rows.length === 1 ? '' : 's'} ${rows.join(', ')}); the engine does not use it.`)
  // Questions outside any group make a page of their own, where they stand in the form.
  if (loose.length > 0) pages.unshift({ name: 'page1', elements: loose })
  if (pages.length === 0 && problems.length === 0) problem('survey', 1, 'The form has no questions.')
  if (problems.length > 0) return problems

  const settingTexts = (what: string): Json | undefined => {
    const out: Json = {}
    for (const [column, value] of Object.entries(settings)) {
      if (!column.startsWith(`ana::${what}::`) || !value) continue
      const locale = localeOf(column.slice(`ana::${what}::`.length))
      if (locale) out[locale === 'en' ? 'default' : locale] = value
    }
    return Object.keys(out).length > 0 ? out : undefined
  }
  const definition: Json = {}
  const title = settingTexts('title') ?? (settings.form_title ? { default: settings.form_title } : undefined)
  if (title) definition.title = title
  const description = settingTexts('description')
  if (description) definition.description = description
  if (settings['ana::show_question_numbers'] !== undefined) definition.showQuestionNumbers = parseSetting(settings['ana::show_question_numbers'])
  if (settings['ana::show_progress_bar'] !== undefined) definition.showProgressBar = parseSetting(settings['ana::show_progress_bar'])
  definition.pages = pages
  const completedHtml = settingTexts('completed_html')
  if (completedHtml) definition.completedHtml = completedHtml
  return {
    definition,
    formId: settings.form_id ?? '',
    version: settings.version ?? '',
    locales,
    notices,
    ...(Number(settings['ana::minutes']) > 0 ? { minutes: Number(settings['ana::minutes']) } : {}),
  }
}

const parseSetting = (value: string): unknown => (value === 'true' ? true : value === 'false' ? false : value)
