import type { CodebookEntry } from './codebook'
import { kindOf, numericCodes, scriptColumns } from './script-columns'
import { spssNames } from './variable-names'

/** Text cut to at most `bytes` bytes of UTF-8, never inside a character. */
export function cutToBytes(text: string, bytes: number): string {
  let out = ''
  let used = 0
  for (const ch of text) {
    const size = Buffer.byteLength(ch)
    if (used + size > bytes) break
    out += ch
    used += size
  }
  return out
}

/**
 * An SPSS string literal: single quotes, a quote doubled, line breaks as spaces, and split into pieces joined with +
 * so no line of syntax is long (older SPSS reads at most 255 bytes of a line).
 */
export function spssString(text: string, indent = '    '): string {
  const flat = text.replace(/[\r\n]+/g, ' ')
  const pieces: string[] = []
  let piece = ''
  for (const ch of flat) {
    piece += ch
    if (piece.length >= 60) {
      pieces.push(piece)
      piece = ''
    }
  }
  if (piece !== '' || pieces.length === 0) pieces.push(piece)
  return pieces.map((p) => `'${p.replaceAll("'", "''")}'`).join(` +\n${indent}`)
}

/** Names for a command, a few to a line. */
function nameList(names: readonly string[]): string {
  const lines: string[] = []
  for (let i = 0; i < names.length; i += 4) lines.push(names.slice(i, i + 4).join(' '))
  return lines.join('\n    ')
}

/**
 * Ready-to-run SPSS syntax (SPSS Statistics and GNU PSPP) for the response-level CSV: GET DATA reads it as UTF-8
 * (the first line holds the export's names, so it starts at the second), under the export's names made valid for
 * SPSS (variable-names.ts); each coded column becomes a number with the codebook's value labels (codes that carry no
 * score, such as prefer not to say, declared missing), each indicator 0/1 with "Not selected"/"Selected", each
 * column labelled with its question. GET DATA reads columns by place, so the script is for one export: with or
 * without free text (`entries` are the columns the CSV has).
 */
export function spssSyntax(entries: readonly CodebookEntry[], csvName: string): string {
  const { leading, entries: columns } = scriptColumns(entries, spssNames)
  // Codes are read as text into raw_1, raw_2… and recoded into numbers; no answer's name is one of these (each has a dot).
  const raw = (i: number) => `raw_${i + 1}`
  const width = (e: CodebookEntry) => Math.min(32767, Math.max(1, ...e.values.map((v) => Buffer.byteLength(v.code))))
  const read = [
    ...leading.map((c) => `    ${c.as} ${c.name === 'row' ? 'F8.0' : 'A255'}`),
    ...columns.map(({ entry, as }, i) => {
      const kind = kindOf(entry)
      if (kind === 'indicator') return `    ${as} F1.0`
      if (kind === 'coded') return `    ${raw(i)} A${width(entry)}`
      return `    ${as} A${entry.freeText ? 32767 : 255}`
    }),
  ]
  const lines = [
    '* Encoding: UTF-8.',
    `* SPSS syntax for ${csvName} (the response-level export), written by the ANA engine from its codebook.`,
    '* Run: put the CSV in the working directory (or give its full path below) and run all of this file, in',
    '* SPSS Statistics or with GNU PSPP: pspp this-file.sps.',
    "* Variable names: the export's, with signs SPSS does not allow in a name (such as -) made _ .",
    "* Each multi-select question is a 0/1 indicator column per choice, blank where it was not answered.",
    `FILE HANDLE responses /NAME=${spssString(csvName)}.`,
    'GET DATA',
    '  /TYPE=TXT',
    '  /FILE=responses',
    "  /ENCODING='UTF8'",
    '  /ARRANGEMENT=DELIMITED',
    '  /DELCASE=LINE',
    '  /FIRSTCASE=2',
    "  /DELIMITERS=','",
    `  /QUALIFIER='"'`,
    '  /VARIABLES=',
    ...read,
    '.',
  ]
  const coded = columns.filter(({ entry }) => kindOf(entry) === 'coded')
  columns.forEach(({ entry, as }, i) => {
    if (kindOf(entry) !== 'coded') return
    const codes = numericCodes(entry)
    const pairs = entry.values.map((v) => `(${spssString(v.code)}=${codes.get(v.code)})`)
    lines.push(`RECODE ${raw(i)} ${pairs.join(' ')} (ELSE=SYSMIS) INTO ${as}.`)
  })
  if (coded.length > 0) {
    lines.push(`FORMATS ${nameList(coded.map(({ as }) => as))} (F8.0).`)
    // The coded columns in their place, and the codes as read left out.
    lines.push('MATCH FILES /FILE=*', `  /KEEP=${nameList([...leading.map((c) => c.as), ...columns.map((c) => c.as)])}.`)
  }
  lines.push('EXECUTE.', '', 'VARIABLE LABELS')
  const labels = [
    ...leading.map((c) => ({ as: c.as, text: c.label })),
    ...columns.map(({ entry, as }) => ({ as, text: entry.text.en || entry.variable })),
  ]
  labels.forEach(({ as, text }, i) => lines.push(`  ${i === 0 ? '' : '/'}${as} ${spssString(cutToBytes(text, 255))}`))
  lines.push('.')
  const labelled = columns.filter(({ entry }) => kindOf(entry) !== 'text')
  if (labelled.length > 0) {
    lines.push('VALUE LABELS')
    labelled.forEach(({ entry, as }, i) => {
      const codes = numericCodes(entry)
      lines.push(`  ${i === 0 ? '' : '/'}${as}`, ...entry.values.map((v) => `    ${codes.get(v.code)} ${spssString(cutToBytes(v.label || v.code, 120), '      ')}`))
    })
    lines.push('.')
  }
  for (const { entry, as } of coded) {
    const codes = numericCodes(entry)
    const missing = entry.missing.map((code) => codes.get(code)).filter((n): n is number => n !== undefined)
    // SPSS takes at most three missing values (or a range): three, lowest first, when there are more.
    if (missing.length > 0) lines.push(`MISSING VALUES ${as} (${missing.sort((a, b) => a - b).slice(0, 3).join(', ')}).`)
  }
  // Scored answers are ordered (their scores say how); other codes and indicators are categories.
  const ordinal = coded.filter(({ entry }) => /= -?\d/.test(entry.scores)).map(({ as }) => as)
  const nominal = labelled.map(({ as }) => as).filter((as) => !ordinal.includes(as))
  if (ordinal.length > 0) lines.push(`VARIABLE LEVEL ${nameList(ordinal)} (ORDINAL).`)
  if (nominal.length > 0) lines.push(`VARIABLE LEVEL ${nameList(nominal)} (NOMINAL).`)
  lines.push('EXECUTE.', '')
  return lines.join('\n')
}
