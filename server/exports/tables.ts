import { stringify } from 'csv-stringify/sync'
import ExcelJS from 'exceljs'

/**
 * A table as exports carry it (profiles, the district comparison, responses, the gaps): a header row and rows of
 * plain cells, written as CSV or XLSX. Withheld figures are null cells, written empty.
 */
export type Cell = string | number | boolean | null
export interface Table {
  name: string
  columns: string[]
  rows: Cell[][]
}

export function toCsv(table: Table): string {
  return stringify([table.columns, ...table.rows.map((r) => r.map((c) => (c === null ? '' : c)))], { bom: true })
}

export async function toXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'ANA engine'
  const sheet = workbook.addWorksheet(table.name.replace(/[\\/?*[\]:]/g, ' ') || 'Sheet')
  sheet.addRow(table.columns).font = { bold: true }
  for (const row of table.rows) sheet.addRow(row.map((c) => (c === null ? undefined : c)))
  sheet.views = [{ state: 'frozen', ySplit: 1 }]
  return Buffer.from(await workbook.xlsx.writeBuffer())
}
