/**
 * Grade spans as schools declare them ('TK-5', '6-8', 'K-8', '9-12', '6-12') and as an instrument's grade-band
 * question offers them ('3-5', 'tk-2', 'pns'): ranges of grades, pre-K as -2, TK as -1, K as 0.
 */
export interface GradeRange {
  from: number
  to: number
}

const NAMED: Record<string, number> = { pk: -2, prek: -2, 'pre-k': -2, tk: -1, k: 0 }

function grade(token: string): number | null {
  const t = token.trim().toLowerCase()
  if (t in NAMED) return NAMED[t]
  if (!/^\d{1,2}$/.test(t)) return null
  const n = Number(t)
  return n >= 1 && n <= 12 ? n : null
}

/** One span ('TK-5', '3–5', 'K') as a range, or null when it is not one. */
export function parseGradeRange(text: string): GradeRange | null {
  const parts = text.trim().toLowerCase().replace(/^pre-k/, 'prek').split(/\s*[-–]\s*/)
  if (parts.length > 2) return null
  const from = grade(parts[0])
  const to = grade(parts[parts.length - 1])
  return from === null || to === null || to < from ? null : { from, to }
}

/** A school's grades ('TK-5' or 'TK-5, 9-12'), or null when any part is not a span. */
export function parseGradeSpans(text: string): GradeRange[] | null {
  const ranges = text.split(',').map(parseGradeRange)
  return ranges.length > 0 && ranges.every((r) => r !== null) ? (ranges as GradeRange[]) : null
}

/**
 * Whether an instrument can be answered at a school: some grade of the instrument's grade bands is one of the
 * school's. An instrument that asks no grade band (staff, families of every grade), or whose bands are none of them
 * spans, serves every school; so does any instrument at a school whose grades are not spans. Unknown means served:
 * a school is never let off a role on a guess.
 */
export function servesGrades(instrumentBands: readonly string[], schoolGrades: string): boolean {
  const bands = instrumentBands.map(parseGradeRange).filter((r): r is GradeRange => r !== null)
  const school = parseGradeSpans(schoolGrades)
  if (bands.length === 0 || school === null) return true
  return bands.some((b) => school.some((s) => overlaps(b, s)))
}

function overlaps(a: GradeRange, b: GradeRange): boolean {
  return a.from <= b.to && b.from <= a.to
}

/**
 * The choices of a grade-band question that a school's people can give: the bands sharing a grade with the
 * school's, and every choice that is no band ('pns'). All of them where the school's grades are not spans.
 */
export function choicesAtSchool(choices: readonly string[], schoolGrades: string): string[] {
  const school = parseGradeSpans(schoolGrades)
  if (school === null) return [...choices]
  return choices.filter((choice) => {
    const band = parseGradeRange(choice)
    return band === null || school.some((s) => overlaps(band, s))
  })
}

const GRADE_NAMES: Record<number, string> = { [-2]: 'PK', [-1]: 'TK', 0: 'K' }

/** Grades for people to read, adjoining ranges joined: ['tk-2', '3-5'] is 'TK–5'; ['3-5', '9-12'] is '3–5, 9–12'. */
export function formatGrades(ranges: readonly GradeRange[]): string {
  const sorted = [...ranges].sort((a, b) => a.from - b.from)
  const joined: GradeRange[] = []
  for (const r of sorted) {
    const last = joined[joined.length - 1]
    if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to)
    else joined.push({ ...r })
  }
  const name = (g: number) => GRADE_NAMES[g] ?? String(g)
  return joined.map((r) => (r.from === r.to ? name(r.from) : `${name(r.from)}–${name(r.to)}`)).join(', ')
}
