import type { CodebookEntry } from './codebook'

/**
 * An R string literal for any text: quotes and backslashes escaped, and everything outside printable ASCII as a
 * \u escape, so the script reads the same in any locale R runs in (a C locale included).
 */
export function rString(text: string): string {
  let out = '"'
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (ch === '"' || ch === '\\') out += `\\${ch}`
    else if (ch === '\n') out += '\\n'
    else if (code >= 0x20 && code < 0x7f) out += ch
    else out += code > 0xffff ? `\\U{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`
  }
  return `${out}"`
}

const SINGLE_CHOICE = new Set(['radiogroup', 'dropdown', 'matrix', 'rating', 'boolean'])

/**
 * A ready-to-run R script (base R only) for the response-level export: it reads the CSV, makes each single-choice
 * column a factor with the codebook's labels, reads each multi-select's indicator columns (`variable.code`, 0/1, NA
 * where the question was not answered) as integers with their value labels in the "labels" attribute, and puts each
 * question's English text on its column as the "label" attribute (which RStudio's viewer and the labelled/haven
 * packages show); an indicator's label is the question and the choice. The CSV's path is the script's first
 * argument, or the export's name of the day.
 */
export function rScript(entries: CodebookEntry[], csvName: string): string {
  const lines = [
    `# Labels for ${csvName} (the response-level export), written by the ANA engine from its codebook.`,
    '# Run: Rscript this-file.R path/to/export.csv   (or source() it with the CSV beside it). Base R only.',
    'args <- commandArgs(trailingOnly = TRUE)',
    `csv <- if (length(args) > 0) args[[1]] else ${rString(csvName)}`,
    'responses <- read.csv(csv, check.names = FALSE, na.strings = "", colClasses = "character", fileEncoding = "UTF-8-BOM")',
    'label <- function(x, text) { attr(x, "label") <- text; x }',
    '',
  ]
  for (const e of entries) {
    const v = rString(e.variable)
    lines.push(`if (${v} %in% names(responses)) {`)
    if (e.multiSelect) {
      // Value labels as haven and labelled keep them (a named vector in the "labels" attribute).
      const labels = e.values.map((x) => `${rString(x.label)} = ${Number(x.code)}L`).join(', ')
      lines.push(`  responses[[${v}]] <- as.integer(responses[[${v}]])`, `  attr(responses[[${v}]], "labels") <- c(${labels})`)
    } else if (SINGLE_CHOICE.has(e.type) && e.values.length > 0) {
      const levels = e.values.map((x) => rString(x.code)).join(', ')
      const labels = e.values.map((x) => rString(x.label)).join(', ')
      lines.push(`  responses[[${v}]] <- factor(responses[[${v}]], levels = c(${levels}), labels = c(${labels}))`)
    }
    lines.push(`  responses[[${v}]] <- label(responses[[${v}]], ${rString(e.text.en)})`, '}')
  }
  lines.push('', 'cat(sprintf("Read %d responses and %d columns from %s, with the codebook\'s labels.\\n", nrow(responses), ncol(responses), csv))', '')
  return lines.join('\n')
}
