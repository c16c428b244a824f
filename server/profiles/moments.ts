import { sql, type Expression, type RawBuilder } from 'kysely'

/**
 * Mean and sample variance from a count, a sum and a sum of squares, in SQL. The full scan and the rollups both
 * end in these expressions over numeric sums, and numeric adds exactly, so the two paths give the same digits.
 * Variance is null below two respondents (like var_samp); n·Σx² − (Σx)² is exact, so never negative.
 */
export function moments(n: Expression<unknown>, sum: Expression<unknown>, squares: Expression<unknown>): { mean: RawBuilder<string>; variance: RawBuilder<string | null> } {
  return {
    mean: sql<string>`${sum} / ${n}`,
    variance: sql<string | null>`case when ${n} > 1 then (${n} * ${squares} - ${sum} * ${sum}) / (${n} * (${n} - 1)) end`,
  }
}

/** The same three aggregates over raw domain scores (the full-scan path): the float8 score read as numeric. */
export function scoreMoments(score: string) {
  const x = sql`${sql.ref(score)}::numeric`
  return moments(sql`count(*)`, sql`sum(${x})`, sql`sum(${x} * ${x})`)
}

/** part / whole as an exact numeric division (both counts), the same expression on both paths. */
export function share(part: Expression<unknown>, whole: Expression<unknown>): RawBuilder<string> {
  return sql<string>`${part}::numeric / ${whole}`
}
