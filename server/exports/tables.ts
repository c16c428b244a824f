import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'

/**
 * A table as exports carry it (profiles, the district comparison, responses, the gaps, the partner inventory): a
 * header row and rows of plain cells, written as CSV or XLSX. Withheld figures are null cells, written empty.
 */
export type Cell = string | number | boolean | null
export interface Table {
  name: string
  columns: string[]
  rows: Cell[][]
}

/** CSV text that came out of toCsv, so its cells were made safe; sendCsv takes nothing else. */
export type Csv = string & { readonly __csv: true }

/** What a spreadsheet reads as the start of a formula (OWASP, CSV injection): =, +, -, @, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * A cell a spreadsheet shows and never runs. Text that starts a formula (a school or partner name, a free-text
 * answer such as `=HYPERLINK("http://evil.example","x")`) is run by Excel, LibreOffice and Google Sheets when a
 * person opens the export, so it gets a leading ' (OWASP's advice): the cell shows as text and still reads as
 * typed. Numbers, booleans and empty cells are values, never formulas: -3 stays the number -3.
 */
export function safeCell(cell: Cell): Cell {
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell
}

/** Every cell, the header's too, goes through safeCell: the one door every CSV and XLSX export passes. */
function safeRows(table: Table): Cell[][] {
  return [table.columns, ...table.rows].map((row) => row.map(safeCell))
}

/** The table as CSV; with a byte-order mark unless asked (Excel then reads it as UTF-8). */
export function toCsv(table: Table, options: { bom?: boolean } = {}): Csv {
  return stringify(
    safeRows(table).map((r) => r.map((c) => (c === null ? '' : c))),
    { bom: options.bom ?? true },
  ) as Csv
}

export async function toXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'ANA engine'
  const sheet = workbook.addWorksheet(table.name.replace(/[\\/?*[\]:]/g, ' ') || 'Sheet')
  const [header, ...rows] = safeRows(table)
  sheet.addRow(header).font = { bold: true }
  for (const row of rows) sheet.addRow(row.map((c) => (c === null ? undefined : c)))
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
