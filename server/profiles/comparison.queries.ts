import { sql, type Kysely } from 'kysely'
import type { Database, Role } from '../db/schema'
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
 * Per school, role, domain and measure: n, mean and sample variance of respondents' domain scores. Grouped by
 * school first (co-located when distributed by school). With `gradeBand`, only respondents who gave that band.
 */
export function schoolDomainFigures(db: Kysely<Database>, filters: ComparisonFilters, withGradeBand: boolean) {
  return db
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
          selectFrom('response_contexts as c')
            .select('c.response_id')
            .whereRef('c.response_id', '=', 'd.response_id')
            .whereRef('c.school_id', '=', 'd.school_id')
            .where('c.kind', '=', 'grade-band')
            .where('c.value', '=', filters.gradeBand!),
        ),
      ),
    )
    .groupBy(['d.school_id', 'd.role', 'd.domain', 'd.measures'])
    .execute()
}

/**
 * Per school, role, domain and measure: how many respondents with a domain score gave each grade band ("prefer not
 * to say" left out), under the same role, region and cohort filters. What the grade-band views split a role into.
 */
export function schoolBandCounts(db: Kysely<Database>, filters: ComparisonFilters) {
  return db
    .selectFrom('response_domain_scores as d')
    .innerJoin('schools as s', 's.id', 'd.school_id')
    .innerJoin('response_contexts as c', (join) => join.onRef('c.response_id', '=', 'd.response_id').onRef('c.school_id', '=', 'd.school_id'))
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

export function comparedSchools(db: Kysely<Database>, filters: ComparisonFilters) {
  return db
    .selectFrom('schools as s')
    .innerJoin('access_codes as c', 'c.school_id', 's.id')
    .select(['s.id', 's.name', 's.region', 's.cohort'])
    .distinct()
    .where('c.administration_id', '=', filters.administrationId)
    .$if(filters.region !== undefined, (q) => q.where('s.region', '=', filters.region!))
    .$if(filters.cohort !== undefined, (q) => q.where('s.cohort', '=', filters.cohort!))
    .orderBy('s.name')
    .execute()
}
