import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { Batch } from '../disclosure/release-rule'
import { batchCtes } from './rollups.repository'

/**
 * Every waiting batch of one administration (its responses in no release yet, by school and role) with how many of
 * its people are in each cell it touches: the role's respondents, those with a score in each domain overall and in
 * each context category (the same categories the fold counts), those who answered each item, those who scored on
 * each set of a domain's items, those who answered in each language. The same CTEs as a fold, so the cells are
 * exactly the rollup rows the batch would change.
 */
export async function waitingBatches(trx: Kysely<Database>, administrationId: number): Promise<Batch[]> {
  const { rows } = await sql<{ school_id: number; role: string; cells: number[] }>`
    with batch as (
      select school_id, id as response_id from responses where administration_id = ${administrationId} and release_id is null
    ),
    ${batchCtes},
    cells as (
      select g, count(*)::int as n from r group by g
      union all
      select g, sum(n)::int from domain_counts group by g, k, position
      union all
      select g, count(*)::int from i group by g, position
      union all
      select g, sum(n)::int from answered_sets group by g, domain_position, mask
    ),
    by_group as (
      select x.school_id, x.role, c.n from cells c join groups x on x.g = c.g
      union all
      select school_id, role, count(*)::int from responses
      where administration_id = ${administrationId} and release_id is null
      group by school_id, role, locale
    )
    select school_id, role, array_agg(n) as cells from by_group group by school_id, role order by school_id, role`.execute(trx)
  return rows.map((r) => ({ schoolId: r.school_id, role: r.role, cells: r.cells }))
}

/** The schools of an administration that have at least one released response. */
export async function releasedSchools(trx: Kysely<Database>, administrationId: number): Promise<Set<number>> {
  const rows = await trx
    .selectFrom('responses')
    .select('school_id')
    .distinct()
    .where('administration_id', '=', administrationId)
    .where('release_id', 'is not', null)
    .execute()
  return new Set(rows.map((r) => r.school_id))
}

export function insertRelease(trx: Kysely<Database>, release: { administrationId: number; final: boolean; cutBy: number | null }) {
  return trx
    .insertInto('releases')
    .values((eb) => ({
      administration_id: release.administrationId,
      number: eb.selectFrom('releases').select(sql<number>`coalesce(max(number), 0) + 1`.as('n')).where('administration_id', '=', release.administrationId),
      final: release.final,
      cut_by: release.cutBy,
    }))
    .returning(['id', 'number', 'cut_at', 'final'])
    .executeTakeFirstOrThrow()
}

/** Takes the joining batches' responses into the release; returns how many. */
export async function takeIn(trx: Kysely<Database>, administrationId: number, releaseId: number, batches: { schoolId: number; role: string }[]): Promise<number> {
  if (batches.length === 0) return 0
  const result = await sql`
    update responses r set release_id = ${releaseId}
    from unnest(${batches.map((b) => b.schoolId)}::int[], ${batches.map((b) => b.role)}::text[]) as j(school_id, role)
    where r.administration_id = ${administrationId} and r.release_id is null and r.school_id = j.school_id and r.role = j.role`.execute(trx)
  return Number(result.numAffectedRows ?? 0)
}

/** An administration's releases, newest first. */
export function releasesOf(db: Kysely<Database>, administrationId: number) {
  return db
    .selectFrom('releases')
    .select(['id', 'number', 'cut_at', 'final'])
    .where('administration_id', '=', administrationId)
    .orderBy('number', 'desc')
    .execute()
}

/** The newest release of each of these administrations. */
export function currentReleases(db: Kysely<Database>, administrationIds: number[]) {
  return db
    .selectFrom('releases')
    .select(['administration_id', 'number', 'cut_at', 'final'])
    .distinctOn('administration_id')
    .where('administration_id', 'in', administrationIds.length ? administrationIds : [-1])
    .orderBy('administration_id')
    .orderBy('number', 'desc')
    .execute()
}

/** Administrations whose window has ended since their last release (or that have none) and that have waiting responses. */
export function endedWithoutFinalCut(db: Kysely<Database>, now: Date) {
  return db
    .selectFrom('administrations as a')
    .select(['a.id'])
    .where(sql<boolean>`coalesce(least(a.closed_at, a.closes_at), a.closes_at) <= ${now}`)
    .where(({ exists, selectFrom }) => exists(selectFrom('responses as r').select('r.id').whereRef('r.administration_id', '=', 'a.id').where('r.release_id', 'is', null)))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('releases as x').select('x.id').whereRef('x.administration_id', '=', 'a.id').where(sql<boolean>`x.cut_at >= coalesce(least(a.closed_at, a.closes_at), a.closes_at)`))),
    )
    .execute()
}
