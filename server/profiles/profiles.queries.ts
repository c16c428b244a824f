import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { scoreMoments, share } from './moments'

// Means and variances from exact numeric sums, the same expressions as the rollups (rollups.queries.ts).
const raw = scoreMoments('score')
const rawJoined = scoreMoments('d.score')

/**
 * Per role, domain and measure: how many respondents have a domain score, their mean, sample variance and the
 * share at or above the high-need threshold. One school, grouped in SQL.
 */
export function domainFigures(db: Kysely<Database>, schoolId: number, administrationId: number, highNeed: number) {
  return db
    .selectFrom('response_domain_scores')
    .select((eb) => [
      'role',
      'domain',
      'measures',
      eb.fn.countAll<string>().as('n'),
      raw.mean.as('mean'),
      raw.variance.as('variance'),
      share(sql`count(*) filter (where score >= ${highNeed})`, sql`count(*)`).as('high_share'),
    ])
    .where('school_id', '=', schoolId)
    .where('administration_id', '=', administrationId)
    .groupBy(['role', 'domain', 'measures'])
    .execute()
}

export function findSchool(db: Kysely<Database>, id: number) {
  return db.selectFrom('schools').selectAll().where('id', '=', id).executeTakeFirst()
}

/**
 * Baselines (the profile's default, the "previous" a change is measured against) are district-run administrations
 * that have opened: a school team's own administration (run_by 'school') could otherwise be back-dated to become
 * the district one's previous, or set in the future to become every profile's default. opens_at is when one
 * really opened when staff opened it early (openNow writes the moment); one closed before it ever opened never did.
 */
function districtBaseline(a: string) {
  return sql<boolean>`${sql.ref(`${a}.run_by`)} = 'district' and ${sql.ref(`${a}.opens_at`)} <= now() and (${sql.ref(`${a}.closed_at`)} is null or ${sql.ref(`${a}.closed_at`)} > ${sql.ref(`${a}.opens_at`)})`
}

/** The latest district-run administration the school took part in that has opened, when the caller names none. */
export function latestAdministrationOf(db: Kysely<Database>, schoolId: number) {
  return db
    .selectFrom('administrations as a')
    .innerJoin('access_codes as c', 'c.administration_id', 'a.id')
    .select(['a.id', 'a.name', 'a.closes_at', 'a.closed_at'])
    .where('c.school_id', '=', schoolId)
    .where(districtBaseline('a'))
    .orderBy('a.opens_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export function findAdministration(db: Kysely<Database>, id: number) {
  return db.selectFrom('administrations').select(['id', 'name', 'closes_at', 'closed_at']).where('id', '=', id).executeTakeFirst()
}

/** Per scored item, role and answer: how many respondents gave it, and whether it scores (item distributions). */
export function itemDistributions(db: Kysely<Database>, schoolId: number, administrationId: number) {
  return db
    .selectFrom('response_items')
    .select((eb) => ['item_id', 'domain', 'measures', 'role', 'choice', eb.fn.countAll<string>().as('n'), sql<boolean>`bool_and(score is null)`.as('unscored')])
    .where('school_id', '=', schoolId)
    .where('administration_id', '=', administrationId)
    .where('measures', 'in', ['need', 'asset', 'service'])
    .groupBy(['item_id', 'domain', 'measures', 'role', 'choice'])
    .orderBy('item_id')
    .orderBy('role')
    .orderBy('choice')
    .execute()
}

/**
 * Per role, domain and measure: how many respondents gave a scored answer to exactly the same items of it (all of
 * them, only the first, only the second...). Item distributions are safe beside the domain figure only when each such
 * group is none or at least k (see itemFigures).
 */
export function answeredItemSets(db: Kysely<Database>, schoolId: number, administrationId: number) {
  return db
    .with('answered', (qb) =>
      qb
        .selectFrom('response_items')
        .select(['school_id', 'response_id', 'role', 'domain', 'measures', sql<string>`string_agg(item_id, ' ' order by item_id)`.as('items')])
        .where('school_id', '=', schoolId)
        .where('administration_id', '=', administrationId)
        .where('measures', 'in', ['need', 'asset'])
        .where('score', 'is not', null)
        .groupBy(['school_id', 'response_id', 'role', 'domain', 'measures']),
    )
    .selectFrom('answered')
    .select((eb) => ['role', 'domain', 'measures', 'items', eb.fn.countAll<string>().as('n')])
    .groupBy(['school_id', 'role', 'domain', 'measures', 'items'])
    .orderBy('role')
    .orderBy('domain')
    .orderBy('measures')
    .orderBy('items')
    .execute()
}

export const BREAKDOWN_KINDS = ['grade-band', 'home-language', 'time-at-school'] as const

/**
 * Domain scores of one school by context category (grade band, home language, time at school) and role: each
 * respondent in one category of a kind, 'multiple' when they gave several (response_categories).
 */
export function contextFigures(db: Kysely<Database>, schoolId: number, administrationId: number) {
  return db
    .selectFrom('response_domain_scores as d')
    .innerJoin('response_categories as c', (join) => join.onRef('c.response_id', '=', 'd.response_id').onRef('c.school_id', '=', 'd.school_id'))
    .select((eb) => ['c.kind', 'c.value', 'd.domain', 'd.measures', 'd.role', eb.fn.countAll<string>().as('n'), rawJoined.mean.as('mean'), rawJoined.variance.as('variance')])
    .where('d.school_id', '=', schoolId)
    .where('d.administration_id', '=', administrationId)
    .where('c.kind', 'in', [...BREAKDOWN_KINDS])
    .where('c.value', '!=', 'pns')
    .groupBy(['c.kind', 'c.value', 'd.domain', 'd.measures', 'd.role'])
    .orderBy('c.kind')
    .orderBy('c.value')
    .orderBy('d.domain')
    .orderBy('d.measures')
    .orderBy('d.role')
    .execute()
}

/**
 * The district-run administration the school took part in that opened last before this one (see districtBaseline);
 * none for a school-run one, which is nobody's baseline and has none of its own.
 */
export function previousAdministrationOf(db: Kysely<Database>, schoolId: number, administrationId: number) {
  return db
    .selectFrom('administrations as a')
    .innerJoin('access_codes as c', 'c.administration_id', 'a.id')
    .innerJoin('administrations as current', (join) => join.on('current.id', '=', administrationId).on('current.run_by', '=', 'district'))
    .select(['a.id', 'a.name'])
    .where('c.school_id', '=', schoolId)
    .where(districtBaseline('a'))
    .whereRef('a.opens_at', '<', 'current.opens_at')
    .orderBy('a.opens_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/**
 * The scored items of the instrument versions each administration offers, per role: the itemIds a change can be
 * matched on. Read from the stored definitions, so an item nobody answered still counts as asked.
 */
function offeredItems(db: Kysely<Database>, administrationIds: number[]) {
  return db
    .selectFrom('administration_instruments as ai')
    .innerJoin('instrument_versions as v', 'v.id', 'ai.instrument_version_id')
    // scored_items: every scored (need or asset) item's `ana` object of the version (migrations/…_version-scored-items.ts).
    .select(['ai.administration_id', 'ai.role', sql<unknown>`jsonb_array_elements(v.scored_items)`.as('ana')])
    .where('ai.administration_id', 'in', administrationIds)
}

/** Distinct scored items per administration and role (instrument metadata, not responses). */
export function versionItems(db: Kysely<Database>, administrationIds: number[]) {
  return db
    .with('offered', () => offeredItems(db, administrationIds))
    .selectFrom('offered')
    .select([
      'administration_id',
      'role',
      sql<string>`ana->>'itemId'`.as('item_id'),
      sql<string>`ana->>'domain'`.as('domain'),
      sql<'need' | 'asset'>`ana->>'measures'`.as('measures'),
    ])
    .distinct()
    .execute()
}

/**
 * The two administrations' offered items per role (`offers`, with how many of the two offer each) and the role,
 * domain and measure groups whose items both offer alike (`unchanged`): there every respondent's matched score is
 * their stored domain score, so the change reads the domain figures (or their rollups) instead of rescoring items.
 */
export function withItemOffers(db: Kysely<Database>, currentId: number, previousId: number) {
  return db
    .with('offered', () => offeredItems(db, [currentId, previousId]))
    .with('offers', (qb) =>
      qb
        .selectFrom('offered')
        .select([
          'role',
          sql<string>`ana->>'itemId'`.as('item_id'),
          sql<string>`ana->>'domain'`.as('domain'),
          sql<string>`ana->>'measures'`.as('measures'),
          sql<number>`count(distinct administration_id)`.as('administrations'),
        ])
        .groupBy(['role', sql`ana->>'itemId'`, sql`ana->>'domain'`, sql`ana->>'measures'`]),
    )
    .with('unchanged', (qb) =>
      qb.selectFrom('offers').select(['role', 'domain', 'measures']).groupBy(['role', 'domain', 'measures']).having(sql<boolean>`bool_and(administrations = 2)`),
    )
}

/** domainFigures of both administrations for the unchanged groups (see withItemOffers), by a full scan. */
export function unchangedDomainFigures(db: Kysely<Database>, schoolId: number, currentId: number, previousId: number) {
  return withItemOffers(db, currentId, previousId)
    .selectFrom('response_domain_scores as d')
    .innerJoin('unchanged as u', (join) => join.onRef('u.role', '=', 'd.role').onRef('u.domain', '=', 'd.domain').onRef('u.measures', '=', 'd.measures'))
    .select((eb) => ['d.administration_id', 'd.role', 'd.domain', 'd.measures', eb.fn.countAll<string>().as('n'), rawJoined.mean.as('mean'), rawJoined.variance.as('variance')])
    .where('d.school_id', '=', schoolId)
    .where('d.administration_id', 'in', [currentId, previousId])
    .groupBy(['d.administration_id', 'd.role', 'd.domain', 'd.measures'])
    .orderBy('d.administration_id')
    .orderBy('d.role')
    .orderBy('d.domain')
    .orderBy('d.measures')
    .execute()
}

/**
 * Like domainFigures for two administrations of one school, but each respondent's domain score is recomputed from
 * response_items using only the items both administrations' versions ask (same itemId, role, domain and measure):
 * the mean of their non-null scores on those items, as in scoring.ts. So a change compares like with like when an
 * item was added, dropped or reworded (a new wording has a new itemId). Only for the groups whose items changed:
 * the unchanged ones come from unchangedDomainFigures or its rollup.
 */
export function matchedDomainFigures(db: Kysely<Database>, schoolId: number, currentId: number, previousId: number) {
  return withItemOffers(db, currentId, previousId)
    // Materialized: the items to rescore are found first (usually none), and only those are looked up.
    .with((cte) => cte('shared').materialized(), (qb) =>
      qb
        .selectFrom('offers as o')
        .select(['o.role', 'o.item_id', 'o.domain', 'o.measures'])
        .where('o.administrations', '=', 2)
        .where(({ not, exists, selectFrom }) =>
          not(exists(selectFrom('unchanged as u').select('u.role').whereRef('u.role', '=', 'o.role').whereRef('u.domain', '=', 'o.domain').whereRef('u.measures', '=', 'o.measures'))),
        ),
    )
    .with('matched', (qb) =>
      qb
        .selectFrom('response_items as ri')
        .innerJoin('shared as s', (join) =>
          join.onRef('s.role', '=', 'ri.role').onRef('s.item_id', '=', 'ri.item_id').onRef('s.domain', '=', 'ri.domain').onRef('s.measures', '=', 'ri.measures'),
        )
        .select((eb) => ['ri.school_id', 'ri.administration_id', 'ri.response_id', 'ri.role', 'ri.domain', 'ri.measures', eb.fn.avg<number>('ri.score').as('score')])
        .where('ri.school_id', '=', schoolId)
        .where('ri.administration_id', 'in', [currentId, previousId])
        .where('ri.score', 'is not', null)
        .groupBy(['ri.school_id', 'ri.administration_id', 'ri.response_id', 'ri.role', 'ri.domain', 'ri.measures']),
    )
    .selectFrom('matched')
    .select((eb) => ['administration_id', 'role', 'domain', 'measures', eb.fn.countAll<string>().as('n'), raw.mean.as('mean'), raw.variance.as('variance')])
    .groupBy(['school_id', 'administration_id', 'role', 'domain', 'measures'])
    .orderBy('administration_id')
    .orderBy('role')
    .orderBy('domain')
    .orderBy('measures')
    .execute()
}
