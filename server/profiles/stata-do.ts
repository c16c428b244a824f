import type { CodebookEntry } from './codebook'
import { kindOf, numericCodes, scriptColumns } from './script-columns'
import { stataNames } from './variable-names'

/**
 * A Stata string in compound double quotes (`"…"'), which may hold ". Inside, Stata would still expand macros, so `
 * and $ are escaped with \; line breaks become spaces; and a " followed by ' (which would end the string early)
 * gets a typographic apostrophe. At most `max` characters (a variable label takes 80).
 */
export function stataString(text: string, max = Infinity): string {
  const cut = [...text.replace(/[\r\n]+/g, ' ')].slice(0, max).join('')
  return `\`"${cut.replace(/"'/g, '"\u2019').replace(/[`$]/g, '\\$&')}"'`
}

/** The export's column name as Stata text: it is only ever ours (letters, digits, . _ -), so plain quotes do. */
const header = (name: string) => `"${name.replace(/["`$\\]/g, '')}"`

/**
 * A ready-to-run Stata do-file (Stata 14 or later) for the response-level CSV: import delimited reads it as UTF-8
 * with every column as text; the first row holds the export's names, and each column found there gets its name made
 * valid for Stata (variable-names.ts), so one do-file reads the export with and without free text. Each coded column
 * becomes a number with the codebook's value labels (codes that carry no score, such as prefer not to say, become
 * the extended missing values .a, .b…), each indicator 0/1 labelled "Not selected"/"Selected", and every column is
 * labelled with its question (Stata keeps 80 characters) and keeps the export's name as a characteristic.
 *
 * The first row is read as data rather than names (varnames(1)) because Stata makes its own names from names it
 * does not accept, and those cannot be known here.
 */
export function stataDo(entries: readonly CodebookEntry[], csvName: string): string {
  const { leading, entries: columns } = scriptColumns(entries, stataNames)
  const lines = [
    `* Labels for ${csvName} (the response-level export), written by the ANA engine from its codebook.`,
    '* Run: do this-file.do path/to/export.csv   (or with the CSV, so named, in the working directory). Stata 14 or later.',
    "* Variable names: the export's, with signs Stata does not allow in a name (such as - and .) made _ and long",
    "* names shortened; each keeps the export's name in char name[export].",
    '* Each multi-select question is a 0/1 indicator column per choice, blank (.) where it was not answered.',
    'version 14',
    'args csv',
    `if \`"\`csv'"' == "" local csv ${stataString(csvName)}`,
    `import delimited using \`"\`csv'"', varnames(nonames) encoding(utf-8) stringcols(_all) bindquotes(strict) clear`,
    '* The byte-order mark the CSV starts with, off the first name.',
    'quietly replace v1 = subinstr(v1, uchar(65279), "", 1) in 1',
    'capture program drop ana_name',
    'program define ana_name',
    '    args from to',
    '    foreach v of varlist _all {',
    '        if `v\'[1] == "`from\'" {',
    '            rename `v\' `to\'',
    '            char `to\'[export] `from\'',
    '            exit',
    '        }',
    '    }',
    'end',
    ...leading.map((c) => `ana_name ${header(c.name)} ${c.as}`),
    ...columns.map(({ entry, as }) => `ana_name ${header(entry.variable)} ${as}`),
    'program drop ana_name',
    'quietly drop in 1',
    '',
    `destring ${leading.find((c) => c.name === 'row')!.as}, replace`,
    ...leading.map((c) => `label variable ${c.as} ${stataString(c.label, 80)}`),
    'label define ana_selected 0 "Not selected" 1 "Selected", replace',
  ]
  for (const { entry, as } of columns) {
    const kind = kindOf(entry)
    lines.push('', `* ${entry.variable}`, `capture confirm variable ${as}`, 'if !_rc {')
    if (kind === 'indicator') {
      lines.push(`    destring ${as}, replace`, `    label values ${as} ana_selected`)
    } else if (kind === 'coded') {
      const codes = numericCodes(entry)
      const missing = new Map(entry.missing.map((code, i) => [code, `.${String.fromCharCode(97 + Math.min(i, 25))}`]))
      const number = (code: string) => missing.get(code) ?? String(codes.get(code))
      lines.push(`    quietly generate double _ana_code = ., after(${as})`)
      for (const v of entry.values) lines.push(`    quietly replace _ana_code = ${number(v.code)} if ${as} == ${stataString(v.code)}`)
      lines.push(`    drop ${as}`, `    rename _ana_code ${as}`, `    char ${as}[export] ${header(entry.variable)}`)
      lines.push(`    label define ${as} ${entry.values.map((v) => `${number(v.code)} ${stataString(v.label || v.code)}`).join(' ')}, replace`)
      lines.push(`    label values ${as} ${as}`)
    }
    lines.push(`    label variable ${as} ${stataString(entry.text.en || entry.variable, 80)}`, '}')
  }
  lines.push('', 'describe, short', '')
  return lines.join('\n')
}
