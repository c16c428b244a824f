/**
 * The export's variable names (family-ana.child_grade_bands.3-5) as SPSS and Stata accept them. The export keeps its
 * own names (readable, the same in R, stable across versions); each script renames, always the same way, so a
 * name in one download is the name in the next.
 *
 * SPSS: letters, digits, _ and . (not last), a letter first, at most 64 bytes, unique regardless of case.
 * Stata: [A-Za-z_][A-Za-z0-9_]*, at most 32 characters, unique, none of its reserved words.
 */

const SPSS_RESERVED = new Set(['ALL', 'AND', 'BY', 'EQ', 'GE', 'GT', 'LE', 'LT', 'NE', 'NOT', 'OR', 'TO', 'WITH'])
const STATA_RESERVED = new Set([
  '_all', '_b', 'byte', '_coef', '_cons', 'double', 'float', 'if', 'in', 'int', 'long', '_n', '_N', '_pi', '_pred', '_rc', '_skip', 'strL', 'using', 'with',
])

/**
 * A name cut to `max` characters: first the instrument (before the first dot) to its initials (family-ana.x →
 * fa.x), then, if still too long, the middle, keeping both ends (the question's start and the choice or row).
 */
function shorten(name: string, max: number): string {
  if (name.length <= max) return name
  const dot = name.indexOf('.')
  if (dot > 0) {
    const initials = name.slice(0, dot).split(/[^A-Za-z0-9]+/).filter(Boolean).map((word) => word[0]).join('')
    if (initials !== '') name = `${initials}${name.slice(dot)}`
    if (name.length <= max) return name
  }
  const tail = Math.floor((max - 1) / 3)
  return `${name.slice(0, max - 1 - tail)}_${name.slice(name.length - tail)}`
}

/** Each name made unique (case aside) by a _2, _3… ending, within `max` characters, in the order given. */
function unique(names: string[], max: number, valid: (name: string) => string): string[] {
  const taken = new Set<string>()
  return names.map((name) => {
    let candidate = name
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = valid(`${shorten(name, max - String(n).length - 1)}_${n}`)
    taken.add(candidate.toLowerCase())
    return candidate
  })
}

const ascii = (name: string) => name.normalize('NFKD').replace(/\p{M}/gu, '')

function spssName(name: string): string {
  let out = shorten(ascii(name), 64).replace(/[^A-Za-z0-9_.]/g, '_')
  if (!/^[A-Za-z]/.test(out)) out = shorten(`v${out}`, 64)
  out = out.replace(/\.$/, '_')
  return SPSS_RESERVED.has(out.toUpperCase()) ? `${out}_` : out
}

function stataName(name: string): string {
  let out = shorten(ascii(name), 32).replace(/[^A-Za-z0-9_]/g, '_')
  if (!/^[A-Za-z_]/.test(out)) out = shorten(`_${out}`, 32)
  // str1…str2045 are type names; a v followed by digits is what import delimited names columns before they are renamed.
  return STATA_RESERVED.has(out) || /^str(L|\d+)$/.test(out) || /^v\d+$/.test(out) ? shorten(`${out}_`, 32) : out
}

/** The SPSS names for the export's columns, in their order. */
export function spssNames(names: readonly string[]): string[] {
  return unique(names.map(spssName), 64, spssName)
}

/** The Stata names for the export's columns, in their order. */
export function stataNames(names: readonly string[]): string[] {
  return unique(names.map(stataName), 32, stataName)
}
