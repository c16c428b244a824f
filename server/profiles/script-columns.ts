import type { CodebookEntry } from './codebook'
import { LEADING_COLUMNS } from './responses-export'

/*
 * What the SPSS syntax (spss-syntax.ts) and the Stata do-file (stata-do.ts) read the same way: the export's columns
 * in order, and a number for each code (both tools put value labels on numbers).
 */

/**
 * A code's number in SPSS and Stata: the code itself where every code is a distinct whole number (a rating's 1…5),
 * else its place among the codes offered (1, 2…).
 */
export function numericCodes(entry: CodebookEntry): Map<string, number> {
  const whole =
    entry.values.length > 0 && entry.values.every((v) => /^-?\d{1,9}$/.test(v.code)) && new Set(entry.values.map((v) => Number(v.code))).size === entry.values.length
  return new Map(entry.values.map((v, i) => [v.code, whole ? Number(v.code) : i + 1]))
}

/** How a script reads a codebook column: a code with value labels, a 0/1 indicator, or text kept as it is. */
export type ColumnKind = 'indicator' | 'coded' | 'text'
export const kindOf = (e: CodebookEntry): ColumnKind => (e.multiSelect ? 'indicator' : !e.freeText && e.values.length > 0 ? 'coded' : 'text')

/** The export's columns as a script reads them: the leading columns, then the codebook's, under each tool's names. */
export function scriptColumns(entries: readonly CodebookEntry[], names: (variables: readonly string[]) => string[]) {
  const renamed = names([...LEADING_COLUMNS.map((c) => c.name), ...entries.map((e) => e.variable)])
  return {
    leading: LEADING_COLUMNS.map((c, i) => ({ ...c, as: renamed[i] })),
    entries: entries.map((e, i) => ({ entry: e, as: renamed[LEADING_COLUMNS.length + i] })),
  }
}
