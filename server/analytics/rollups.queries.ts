import { sql, type Kysely } from 'kysely'
import type { Database, Measure } from '../db/schema'
import { packFigures, type ComparisonFilters, type PackedFigure } from '../profiles/comparison.queries'
import { share } from '../profiles/moments'
import { BREAKDOWN_KINDS, withItemOffers } from '../profiles/profiles.queries'

// The fast path: the same rows as the full-scan queries in comparison.queries.ts and profiles.queries.ts, read from
// the rollups (migrations/…_rollups.ts), which folds keep up to date (rollups.repository.ts).

const ALL = ''
// domain_rollups.mean and .variance are generated from the sums by the same expressions as moments() (see
// migrations/…_rollup-moments.ts), so a read does not compute them again.

/** One administration's domain rollups for every school, under the comparison's role, region and cohort filters. */
function districtRollups(db: Kysely<Database>, filters: ComparisonFilters) {
  return db
    .selectFrom('domain_rollups as r')
    .innerJoin('schools as s', 's.id', 'r.school_id')
    .where('r.administration_id', '=', filters.administrationId)
    .$if(filters.role !== undefined, (q) => q.where('r.role', '=', filters.role!))
    .$if(filters.region !== undefined, (q) => q.where('s.region', '=', filters.region!))
    .$if(filters.cohort !== undefined, (q) => q.where('s.cohort', '=', filters.cohort!))
}

/**
 * schoolDomainFigures from domain_rollups: one figure per school, role, domain and measure, no scan of responses.
 * A district is some 86,000 figures, so need and asset are read by two queries side by side: PostgreSQL packs one
 * while it packs the other and Node parses the first, on two cores.
 */
export async function rollupSchoolDomainFigures(db: Kysely<Database>, filters: ComparisonFilters, withGradeBand: boolean): Promise<PackedFigure[]> {
  const band = withGradeBand && filters.gradeBand !== undefined
  const measure = (measures: Measure) =>
    packFigures(
      db,
      districtRollups(db, filters)
        .select(['r.school_id', 'r.role', 'r.domain', 'r.measures', 'r.n', 'r.mean', 'r.variance'])
        .where('r.context_kind', '=', band ? 'grade-band' : ALL)
        .where('r.context_value', '=', band ? filters.gradeBand! : ALL)
        .where('r.measures', '=', measures),
    )
  return (await Promise.all([measure('need'), measure('asset')])).flat()
}

/** schoolBandCounts from domain_rollups: each grade band's n per school, role, domain and measure. */
export function rollupSchoolBandCounts(db: Kysely<Database>, filters: ComparisonFilters) {
  return districtRollups(db, filters)
    .select(['r.school_id', 'r.role', 'r.domain', 'r.measures', 'r.context_value as value', 'r.n'])
    .where('r.context_kind', '=', 'grade-band')
    .where('r.context_value', '!=', 'pns')
    .execute()
}

/** domainFigures from domain_rollups, with the share at high need from domain_score_histogram. */
export function rollupDomainFigures(db: Kysely<Database>, schoolId: number, administrationId: number, highNeed: number) {
  return db
    .selectFrom('domain_rollups as r')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('domain_score_histogram')
          .select(['role', 'domain', 'measures', sql<string>`sum(n) filter (where score_floor >= ${highNeed})`.as('high')])
          .where('school_id', '=', schoolId)
          .where('administration_id', '=', administrationId)
          .groupBy(['role', 'domain', 'measures'])
          .as('h'),
      (join) => join.onRef('h.role', '=', 'r.role').onRef('h.domain', '=', 'r.domain').onRef('h.measures', '=', 'r.measures'),
    )
    .select([
      'r.role',
      'r.domain',
      'r.measures',
      'r.n',
      'r.mean',
      'r.variance',
      share(sql`coalesce(h.high, 0)`, sql.ref('r.n')).as('high_share'),
    ])
    .where('r.school_id', '=', schoolId)
    .where('r.administration_id', '=', administrationId)
    .where('r.context_kind', '=', ALL)
    .where('r.context_value', '=', ALL)
    .execute()
}

/** contextFigures from domain_rollups: the breakdown kinds, "prefer not to say" left out. */
export function rollupContextFigures(db: Kysely<Database>, schoolId: number, administrationId: number) {
  return db
    .selectFrom('domain_rollups as r')
    .select([
      'r.context_kind as kind',
      'r.context_value as value',
      'r.domain',
      'r.measures',
      'r.role',
      'r.n',
      'r.mean',
      'r.variance',
    ])
    .where('r.school_id', '=', schoolId)
    .where('r.administration_id', '=', administrationId)
    .where('r.context_kind', 'in', [...BREAKDOWN_KINDS])
    .where('r.context_value', '!=', 'pns')
    .orderBy('r.context_kind')
    .orderBy('r.context_value')
    .orderBy('r.domain')
    .orderBy('r.measures')
    .orderBy('r.role')
    .execute()
}

/** unchangedDomainFigures from domain_rollups: both administrations, the groups whose items did not change. */
export function rollupUnchangedDomainFigures(db: Kysely<Database>, schoolId: number, currentId: number, previousId: number) {
  return withItemOffers(db, currentId, previousId)
    .selectFrom('domain_rollups as r')
    .innerJoin('unchanged as u', (join) => join.onRef('u.role', '=', 'r.role').onRef('u.domain', '=', 'r.domain').onRef('u.measures', '=', 'r.measures'))
    .select(['r.administration_id', 'r.role', 'r.domain', 'r.measures', 'r.n', 'r.mean', 'r.variance'])
    .where('r.school_id', '=', schoolId)
    .where('r.administration_id', 'in', [currentId, previousId])
    .where('r.context_kind', '=', ALL)
    .where('r.context_value', '=', ALL)
    .orderBy('r.administration_id')
    .orderBy('r.role')
    .orderBy('r.domain')
    .orderBy('r.measures')
    .execute()
}

/** answeredItemSets from domain_item_sets. */
export function rollupAnsweredItemSets(db: Kysely<Database>, schoolId: number, administrationId: number) {
  return db
    .selectFrom('domain_item_sets')
    .select(['role', 'domain', 'measures', 'items', 'n'])
    .where('school_id', '=', schoolId)
    .where('administration_id', '=', administrationId)
    .orderBy('role')
    .orderBy('domain')
    .orderBy('measures')
    .orderBy('items')
    .execute()
}

/** itemDistributions from item_choice_rollups. */
export function rollupItemDistributions(db: Kysely<Database>, schoolId: number, administrationId: number) {
  return db
    .selectFrom('item_choice_rollups')
    .select(['item_id', 'domain', 'measures', 'role', 'choice', 'n', sql<boolean>`scored = 0`.as('unscored')])
    .where('school_id', '=', schoolId)
    .where('administration_id', '=', administrationId)
    .where('measures', 'in', ['need', 'asset', 'service'])
    .orderBy('item_id')
    .orderBy('role')
    .orderBy('choice')
    .execute()
}

/** The service grid's answer counts of many schools at once (the district gaps), from item_choice_rollups. */
export function rollupServiceChoices(db: Kysely<Database>, schoolIds: number[], administrationId: number) {
  return db
    .selectFrom('item_choice_rollups')
    .select(['school_id', 'item_id', 'domain', 'measures', 'role', 'choice', 'n'])
    .where('school_id', '=', sql<number>`any(${schoolIds}::int[])`)
    .where('administration_id', '=', administrationId)
    .where('measures', '=', 'service')
    .orderBy('school_id')
    .orderBy('item_id')
    .orderBy('role')
    .orderBy('choice')
    .execute()
}
