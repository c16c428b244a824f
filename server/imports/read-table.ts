import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { BadRequest } from '../errors'

/**
 * Reading the files staff import (the partner inventory, the schools directory): CSV, tab-delimited text and XLSX,
 * as rows of text cells under a header, each with the line of the file (or row of the sheet) it is on, so every
 * problem can be named where a person can find it.
 */

/** Something wrong in an import file: where (line, and column when it is one cell) and what. */
export interface TableProblem {
  line: number
  /** The column's name as the header writes it; absent when the problem is the whole line or file. */
  column?: string
  message: string
}

export interface TableRow {
  /** The line the row ends on (CSV; the header is line 1) or its row number in the sheet (XLSX). */
  line: number
  cells: string[]
}

export interface Table {
  /** The header's names, trimmed, as written. */
  header: string[]
  headerLine: number
  rows: TableRow[]
  /** Rows with another number of cells than the header has (each once, by line). */
  widthProblems: TableProblem[]
}

export const WIDTH_MESSAGE = 'The row has a different number of cells than the header.'

/** The whole import refused: the first problem in the message (a person fixes it first), all of them in details. */
export function importRefusal(problems: TableProblem[]): BadRequest {
  const where = (p: TableProblem) => `line ${p.line}${p.column ? `, column ${p.column}` : ''}`
  const first = problems[0]
  const lead = problems.length === 1 ? `${capitalize(where(first))}: ${first.message}` : `${problems.length} problems; the first is on ${where(first)}: ${first.message}`
  return new BadRequest(`${lead} Nothing was imported.`, problems)
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** A file's text: UTF-8 (a byte-order mark dropped), or Windows-1252 when it is not valid UTF-8 (older exports). */
export function decodeText(bytes: Uint8Array): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes)
  }
  return text.replace(/^\uFEFF/, '')
}

/** Whether the bytes are a zip archive, as an XLSX workbook is. */
export function isXlsx(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
}

/**
 * CSV, or tab-delimited text when the first line has a tab (then quotes are plain characters, as in the state's
 * files). Empty lines are skipped; a file that is not valid CSV is one problem.
 */
export function readDelimited(text: string): Table | TableProblem {
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  const tabs = firstLine.includes('\t')
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, trim: true, info: true, relax_column_count: true, ...(tabs ? { delimiter: '\t', quote: false } : {}) }) as unknown as typeof records
  } catch (error) {
    const e = error as { lines?: number; message: string }
    return { line: e.lines ?? 1, message: `The file is not valid CSV: ${e.message}` }
  }
  if (records.length === 0) return { header: [], headerLine: 1, rows: [], widthProblems: [] }
  const [head, ...body] = records
  const header = head.record.map((h) => h.trim())
  const widthProblems: TableProblem[] = []
  const rows: TableRow[] = []
  for (const { record, info } of body) {
    if (record.length !== header.length && !(record.length === 1 && record[0] === '')) widthProblems.push({ line: info.lines, message: WIDTH_MESSAGE })
    rows.push({ line: info.lines, cells: header.map((_, i) => record[i] ?? '') })
  }
  return { header, headerLine: head.info.lines, rows, widthProblems }
}

/** The first sheet of an XLSX workbook, its first non-empty row the header; line numbers are the sheet's rows. */
export async function readXlsx(bytes: Uint8Array): Promise<Table | TableProblem> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    return { line: 1, message: 'The file is not a readable XLSX workbook. Save it again as .xlsx or as CSV.' }
  }
  const sheet = workbook.worksheets[0]
  if (!sheet) return { header: [], headerLine: 1, rows: [], widthProblems: [] }
  let header: string[] | null = null
  let headerLine = 1
  const rows: TableRow[] = []
  const widthProblems: TableProblem[] = []
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values: string[] = []
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      values[column - 1] = cellText(cell.value)
    })
    const cells = Array.from(values, (v) => (v ?? '').trim())
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop()
    if (cells.length === 0) return
    if (header === null) {
      header = cells
      headerLine = row.number
      return
    }
    if (cells.length > header.length) widthProblems.push({ line: row.number, message: WIDTH_MESSAGE })
    rows.push({ line: row.number, cells: header.map((_, i) => cells[i] ?? '') })
  })
  return { header: header ?? [], headerLine, rows, widthProblems }
}

/** A cell as the text a person sees: numbers as written, dates as YYYY-MM-DD, formulas by their result. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'string') return value
  if ('richText' in value) return value.richText.map((r) => r.text).join('')
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue)
  if ('text' in value) return String(value.text)
  if ('error' in value) return ''
  return ''
}

/** Reads an uploaded file, whichever of the three kinds it is. */
export async function readTable(bytes: Uint8Array): Promise<Table | TableProblem> {
  return isXlsx(bytes) ? readXlsx(bytes) : readDelimited(decodeText(bytes))
}

export const isProblem = (read: Table | TableProblem): read is TableProblem => 'message' in read
