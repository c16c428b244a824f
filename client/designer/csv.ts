import { parse } from 'csv-parse/browser/esm/sync'
import { stringify } from 'csv-stringify/browser/esm/sync'
import type { IncomingText, StringRow } from './strings'

/** A sheet for translators: key, then English (the source), then one column per language. */
export function toCsv(rows: StringRow[], locales: string[]): string {
  const columns = ['key', 'en', ...locales.filter((l) => l !== 'en')]
  return stringify([columns, ...rows.map((row) => [row.key, ...columns.slice(1).map((l) => row.texts[l] ?? '')])])
}

export class CsvError extends Error {}

export function fromCsv(csv: string): IncomingText[] {
  let records: string[][]
  try {
    records = parse(csv, { bom: true, skip_empty_lines: true, relax_column_count: false })
  } catch (error) {
    throw new CsvError(`The CSV cannot be read (${(error as Error).message}).`)
  }
  const [header, ...rows] = records
  if (!header || header[0] !== 'key' || header[1] !== 'en') throw new CsvError('The first row must be: key, en, then a column per language.')
  return rows.flatMap((row) =>
    header.slice(2).flatMap((locale, i) => {
      const value = row[i + 2] ?? ''
      return value.trim() === '' ? [] : [{ key: row[0], locale, text: value, source: row[1] }]
    }),
  )
}
