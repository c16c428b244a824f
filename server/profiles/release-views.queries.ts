import { sql, type Kysely } from 'kysely'
import { offers } from '../administrations/access.repository'
import type { Database } from '../db/schema'
import { comparedSchoolsQuery, type ComparisonFilters } from './comparison.queries'
import { findSchool, latestAdministrationOf, previousAdministrationOf } from './profiles.queries'

// What a served view's figures depend on besides the rollups, read in a few milliseconds: a view is computed again
// only when one of these (or the release, which is what the rollups hold) has changed.

/** The newest release of each of these administrations, with its id. */
function currentReleases(db: Kysely<Database>, administrationIds: number[]) {
  return db
    .selectFrom('releases')
    .select(['id', 'administration_id', 'number', 'cut_at', 'final'])
    .distinctOn('administration_id')
    .where('administration_id', 'in', administrationIds)
    .orderBy('administration_id')
    .orderBy('number', 'desc')
    .execute()
}

function administrationRow(db: Kysely<Database>, id: number) {
  return db.selectFrom('administrations').select(['id', 'name', 'opens_at', 'closes_at', 'closed_at', 'run_by']).where('id', '=', id).executeTakeFirst()
}

/**
 * The district comparison's basis: the administration, its current release, and the schools compared (ids, names,
 * regions and cohorts in the comparison's order) as one md5, so a renamed or moved school or a new code makes a new
 * view.
 */
export async function comparisonBasis(db: Kysely<Database>, filters: ComparisonFilters) {
  const [administration, releases, schools] = await Promise.all([
    administrationRow(db, filters.administrationId),
    currentReleases(db, [filters.administrationId]),
    db
      .selectFrom(comparedSchoolsQuery(db, filters).as('s'))
      .select(sql<string | null>`md5(string_agg(concat_ws(chr(31), s.id, s.name, s.region, s.cohort), chr(30) order by s.name, s.id))`.as('digest'))
      .executeTakeFirstOrThrow(),
  ])
  return { administration: administration ?? null, release: releases[0] ?? null, schools: schools.digest }
}

/**
 * A school profile's basis: the school's row, the administration (the one asked for or the school's latest), the
 * previous one a change is measured against, both current releases, the versions offered at the school and the
 * versions both administrations offer (the items a change is matched on).
 */
export async function profileBasis(db: Kysely<Database>, schoolId: number, administrationId: number | undefined) {
  const [school, chosen] = await Promise.all([
    findSchool(db, schoolId),
    administrationId === undefined ? latestAdministrationOf(db, schoolId) : administrationRow(db, administrationId),
  ])
  if (!school || !chosen) return null
  const [administration, previous, offered] = await Promise.all([
    administrationRow(db, chosen.id),
    previousAdministrationOf(db, schoolId, chosen.id),
    offers(db, chosen.id, schoolId).orderBy('role').orderBy('instrument_version_id').execute(),
  ])
  const ids = previous ? [chosen.id, previous.id] : [chosen.id]
  const [releases, instruments] = await Promise.all([
    currentReleases(db, ids),
    db
      .selectFrom('administration_instruments')
      .select(['administration_id', 'role', 'instrument_version_id'])
      .where('administration_id', 'in', ids)
      .orderBy('administration_id')
      .orderBy('role')
      .orderBy('instrument_version_id')
      .execute(),
  ])
  return { school, administration, previous: previous ?? null, releases, offered, instruments }
}

/** The administrations that have a release: the ones whose views a release serves. */
export function releasedAdministrations(db: Kysely<Database>) {
  return db.selectFrom('releases').select('administration_id').distinct().orderBy('administration_id').execute()
}
