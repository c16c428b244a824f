import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { Batch } from '../disclosure/release-rule'
import { BREAKDOWN_KINDS } from '../profiles/profiles.queries'
import { batchCtes } from './rollups.repository'

/**
 * A waiting response may join a release: in none yet, and either never held for review or held and approved. Held and
 * set-aside responses count nowhere, not even in the release rule's cells.
 */
const eligible = sql<boolean>`(r.hold_id is null or exists (select from review_holds h where h.id = r.hold_id and h.status = 'approved'))`

/**
 * Claims every eligible waiting response of an administration for the release being cut, in ONE statement: from here
 * on the cut works on exactly this set. A response stored meanwhile stays waiting for the next cut, so it is never
 * taken in without being held for review or counted in the release rule's cells. Returns how many.
 */
export async function claimWaiting(trx: Kysely<Database>, administrationId: number, releaseId: number): Promise<number> {
  const result = await sql`
    update responses r set release_id = ${releaseId}
    where r.administration_id = ${administrationId} and r.release_id is null and ${eligible}`.execute(trx)
  return Number(result.numAffectedRows ?? 0)
}

/**
 * The batches claimed for a release (by school and role) with how many of their people are in each cell they
 * touch: the role's respondents, those with a score in each domain overall and in each context category (the same
 * categories the fold counts), those who answered each item, those who scored on each set of a domain's items,
 * those who answered in each language. The same CTEs as a fold, so the cells are exactly the rollup rows the batch
 * would change.
 */
export async function claimedBatches(trx: Kysely<Database>, releaseId: number): Promise<Batch[]> {
  const { rows } = await sql<{ school_id: number; role: string; cells: number[] }>`
    with batch as (
      select school_id, id as response_id from responses where release_id = ${releaseId}
    ),
    ${batchCtes},
    cells as (
      select g, count(*)::int as n from r group by g
      union all
      -- Overall (k = 0) and by the breakdown categories figures show; the other context kinds (contact language,
      -- staff role) are folded but no figure reads them, so they need not hold a batch back.
      select dc.g, sum(dc.n)::int from domain_counts dc join kinds using (k)
      where dc.k = 0 or kinds.kind = any(${[...BREAKDOWN_KINDS]}::text[])
      group by dc.g, dc.k, dc.position
      union all
      select g, count(*)::int from i group by g, position
      union all
      select g, sum(n)::int from answered_sets group by g, domain_position, mask
    ),
    by_group as (
      select x.school_id, x.role, c.n from cells c join groups x on x.g = c.g
      union all
      select school_id, role, count(*)::int from responses
      where release_id = ${releaseId}
      group by school_id, role, locale
    )
    select school_id, role, array_agg(n) as cells from by_group group by school_id, role order by school_id, role`.execute(trx)
  return rows.map((r) => ({ schoolId: r.school_id, role: r.role, cells: r.cells }))
}

/** Gives the claimed responses of batches that may not join back to waiting. */
export async function giveBack(trx: Kysely<Database>, releaseId: number, batches: { schoolId: number; role: string }[]): Promise<void> {
  if (batches.length === 0) return
  await sql`
    update responses r set release_id = null
    from unnest(${batches.map((b) => b.schoolId)}::int[], ${batches.map((b) => b.role)}::text[]) as j(school_id, role)
    where r.release_id = ${releaseId} and r.school_id = j.school_id and r.role = j.role`.execute(trx)
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

export function insertRelease(trx: Kysely<Database>, release: { administrationId: number; final: boolean; cutBy: number | null; at: Date }) {
  return trx
    .insertInto('releases')
    .values((eb) => ({
      administration_id: release.administrationId,
      number: eb.selectFrom('releases').select(sql<number>`coalesce(max(number), 0) + 1`.as('n')).where('administration_id', '=', release.administrationId),
      final: release.final,
      cut_by: release.cutBy,
      cut_at: release.at,
    }))
    .returning(['id', 'number', 'cut_at', 'final'])
    .executeTakeFirstOrThrow()
}

/** Drops a release that took nothing in (an interim cut where no batch could join): its number is free again. */
/** An administration's window, to decide whether a cut now is final. */
export function administrationWindow(db: Kysely<Database>, administrationId: number) {
  return db.selectFrom('administrations').select(['id', 'opens_at', 'closes_at', 'closed_at']).where('id', '=', administrationId).executeTakeFirst()
}

/** How many responses a release took in. */
export async function countInRelease(trx: Kysely<Database>, releaseId: number): Promise<number> {
  const { count } = await trx.selectFrom('responses').select((eb) => eb.fn.countAll<string>().as('count')).where('release_id', '=', releaseId).executeTakeFirstOrThrow()
  return Number(count)
}

export async function dropRelease(trx: Kysely<Database>, releaseId: number): Promise<void> {
  await trx.deleteFrom('releases').where('id', '=', releaseId).execute()
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

/**
 * Administrations due a scheduled cut: their window has ended, they have responses that may join (waiting, not held
 * or held and approved), and no release was cut since the window's end, nor since a district admin last approved a
 * hold of theirs (approved responses then join without anyone cutting by hand).
 */
export function endedWithoutFinalCut(db: Kysely<Database>, now: Date) {
  return db
    .selectFrom('administrations as a')
    .select(['a.id'])
    .where(sql<boolean>`coalesce(least(a.closed_at, a.closes_at), a.closes_at) <= ${now}`)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('responses as r').select('r.id').whereRef('r.administration_id', '=', 'a.id').where('r.release_id', 'is', null).where(eligible)),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('releases as x')
            .select('x.id')
            .whereRef('x.administration_id', '=', 'a.id')
            .where(
              sql<boolean>`x.cut_at >= greatest(coalesce(least(a.closed_at, a.closes_at), a.closes_at),
                (select max(h.decided_at) from review_holds h where h.administration_id = a.id and h.status = 'approved'))`,
            ),
        ),
      ),
    )
    .execute()
}
