import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import type { Database, Measure, Role } from '../db/schema'
import { scoreMoments } from './moments'

// Means and variances from exact numeric sums, the same expressions as the rollups (rollups.queries.ts).
const raw = scoreMoments('d.score')

export interface ComparisonFilters {
  administrationId: number
  role?: Role
  region?: string
  cohort?: string
  gradeBand?: string
}

/**
 * One role's figure in one school, domain and measure: n, mean and sample variance of its respondents' domain scores
 * (variance null below two). Packed as a JSON array, since a district is some 86,000 of them: PostgreSQL writes them
 * as one JSON value, which Node parses several times faster than as many rows. JSON carries numeric as its decimal
 * text, so a mean parses to the same double as Number() of the numeric does.
 */
export type PackedFigure = [schoolId: number, role: Role, domain: string, measures: Measure, n: number, mean: number, variance: number | null]

/** The figures of a query with the columns school_id, role, domain, measures, n, mean and variance, packed. */
export async function packFigures(db: Kysely<Database>, figures: SelectQueryBuilder<any, any, FigureColumns>): Promise<PackedFigure[]> {
  const { figures: packed } = await db
    .selectFrom(figures.as('f'))
    .select(sql<PackedFigure[]>`coalesce(json_agg(json_build_array(f.school_id, f.role, f.domain, f.measures, f.n, f.mean, f.variance)), '[]')`.as('figures'))
    .executeTakeFirstOrThrow()
  return packed
}

interface FigureColumns {
  school_id: number
  role: Role
  domain: string
  measures: string
  n: unknown
  mean: unknown
  variance: unknown
}

/**
 * Per school, role, domain and measure: n, mean and sample variance of respondents' domain scores. Grouped by
 * school first (co-located when distributed by school). With `gradeBand`, only respondents in that band's category
 * (a family with children in two bands is in 'multiple', not in each).
 */
export function schoolDomainFigures(db: Kysely<Database>, filters: ComparisonFilters, withGradeBand: boolean): Promise<PackedFigure[]> {
  return packFigures(
    db,
    db
      .selectFrom('response_domain_scores as d')
      .innerJoin('schools as s', 's.id', 'd.school_id')
      .select((eb) => [
        'd.school_id',
        'd.role',
        'd.domain',
        'd.measures',
        eb.fn.countAll<string>().as('n'),
        raw.mean.as('mean'),
        raw.variance.as('variance'),
      ])
      .where('d.administration_id', '=', filters.administrationId)
      .$if(filters.role !== undefined, (q) => q.where('d.role', '=', filters.role!))
      .$if(filters.region !== undefined, (q) => q.where('s.region', '=', filters.region!))
      .$if(filters.cohort !== undefined, (q) => q.where('s.cohort', '=', filters.cohort!))
      .$if(withGradeBand && filters.gradeBand !== undefined, (q) =>
        q.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('response_categories as c')
              .select('c.response_id')
              .whereRef('c.response_id', '=', 'd.response_id')
              .whereRef('c.school_id', '=', 'd.school_id')
              .where('c.kind', '=', 'grade-band')
              .where('c.value', '=', filters.gradeBand!),
          ),
        ),
      )
      .groupBy(['d.school_id', 'd.role', 'd.domain', 'd.measures']),
  )
}

/**
 * Per school, role, domain and measure: how many respondents with a domain score are in each grade-band category
 * ('multiple' for several bands; "prefer not to say" left out), under the same role, region and cohort filters. What
 * the grade-band views split a role into.
 */
export function schoolBandCounts(db: Kysely<Database>, filters: ComparisonFilters) {
  return db
    .selectFrom('response_domain_scores as d')
    .innerJoin('schools as s', 's.id', 'd.school_id')
    .innerJoin('response_categories as c', (join) => join.onRef('c.response_id', '=', 'd.response_id').onRef('c.school_id', '=', 'd.school_id'))
    .select((eb) => ['d.school_id', 'd.role', 'd.domain', 'd.measures', 'c.value', eb.fn.countAll<string>().as('n')])
    .where('d.administration_id', '=', filters.administrationId)
    .where('c.kind', '=', 'grade-band')
    .where('c.value', '!=', 'pns')
    .$if(filters.role !== undefined, (q) => q.where('d.role', '=', filters.role!))
    .$if(filters.region !== undefined, (q) => q.where('s.region', '=', filters.region!))
    .$if(filters.cohort !== undefined, (q) => q.where('s.cohort', '=', filters.cohort!))
    .groupBy(['d.school_id', 'd.role', 'd.domain', 'd.measures', 'c.value'])
    .execute()
}

/** The schools a comparison lists: those with a code for the administration, under the region and cohort filters. */
export function comparedSchoolsQuery(db: Kysely<Database>, filters: ComparisonFilters) {
  return db
    .selectFrom('schools as s')
    .innerJoin('access_codes as c', 'c.school_id', 's.id')
    .select(['s.id', 's.name', 's.region', 's.cohort'])
    .distinct()
    .where('c.administration_id', '=', filters.administrationId)
    .$if(filters.region !== undefined, (q) => q.where('s.region', '=', filters.region!))
    .$if(filters.cohort !== undefined, (q) => q.where('s.cohort', '=', filters.cohort!))
}

/** By name, then id: two schools of one name keep one order, so a served view's bytes follow from its basis. */
export function comparedSchools(db: Kysely<Database>, filters: ComparisonFilters) {
  return comparedSchoolsQuery(db, filters).orderBy('s.name').orderBy('s.id').execute()
}
