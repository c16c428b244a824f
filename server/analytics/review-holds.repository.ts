import { sql, type Kysely } from 'kysely'
import type { Database, HoldStatus, Role } from '../db/schema'
import type { HoldReason, ResponseState, ReviewGroup } from '../disclosure/review-rule'

/**
 * What the review rule needs to decide the responses claimed for a release (`releaseId`), for each school and role
 * that has a new one among them (new: claimed and never held): its unreleased responses (new, held, approved,
 * set aside, stored since the cut began) with when each was received, how many it has released, and the school's
 * enrollment for that role.
 */
export async function reviewGroups(trx: Kysely<Database>, administrationId: number, releaseId: number): Promise<ReviewGroup<string>[]> {
  const { rows } = await sql<{ id: string | null; school_id: number; role: Role; at: number | null; state: ResponseState | null; released: number; enrollment: number | null }>`
    with touched as (
      select distinct school_id, role from responses where release_id = ${releaseId} and hold_id is null
    ),
    unreleased as (
      select r.id, r.school_id, r.role,
             (extract(epoch from r.received_at) * 1000)::float8 as at,
             case when r.release_id is not null and r.hold_id is null then 'new'
                  when h.status = 'set-aside' then 'set-aside'
                  else 'waiting' end as state
      from responses r join touched t on t.school_id = r.school_id and t.role = r.role
      left join review_holds h on h.id = r.hold_id
      where r.administration_id = ${administrationId} and (r.release_id is null or r.release_id = ${releaseId})
    ),
    released as (
      select r.school_id, r.role, count(*)::int as n
      from responses r join touched t on t.school_id = r.school_id and t.role = r.role
      where r.administration_id = ${administrationId} and r.release_id <> ${releaseId}
      group by r.school_id, r.role
    )
    select u.id, t.school_id, t.role, u.at, u.state, coalesce(x.n, 0) as released,
           case t.role when 'student' then s.enrollment_students when 'family' then s.enrollment_families else s.enrollment_staff end as enrollment
    from touched t
    join schools s on s.id = t.school_id
    left join released x on x.school_id = t.school_id and x.role = t.role
    left join unreleased u on u.school_id = t.school_id and u.role = t.role
    order by t.school_id, t.role`.execute(trx)
  const groups = new Map<string, ReviewGroup<string> & { responses: { key: string; at: number; state: ResponseState }[] }>()
  for (const row of rows) {
    const key = `${row.school_id} ${row.role}`
    let group = groups.get(key)
    if (!group) {
      group = { schoolId: row.school_id, role: row.role, enrollment: row.enrollment, released: row.released, responses: [] }
      groups.set(key, group)
    }
    if (row.id !== null) group.responses.push({ key: row.id, at: row.at!, state: row.state! })
  }
  return [...groups.values()]
}

/**
 * Puts claimed responses in a new hold, in one statement: they leave the release being cut and wait for a district
 * admin. The hold records when they came and how many. Returns the hold's id, or null when none of them was still
 * claimed.
 */
export async function holdResponses(
  trx: Kysely<Database>,
  hold: { administrationId: number; releaseId: number; schoolId: number; role: string; reasons: HoldReason[]; ids: string[] },
): Promise<number | null> {
  const { rows } = await sql<{ id: number }>`
    with held as (
      select r.id, r.received_at from responses r
      where r.school_id = ${hold.schoolId} and r.release_id = ${hold.releaseId} and r.hold_id is null and r.id = any(${hold.ids}::uuid[])
    ),
    hold as (
      insert into review_holds (administration_id, school_id, role, reasons, first_received_at, last_received_at, responses)
      select ${hold.administrationId}, ${hold.schoolId}, ${hold.role}, ${hold.reasons}::text[], min(received_at), max(received_at), count(*)
      from held having count(*) > 0
      returning id
    ),
    marked as (
      update responses r set hold_id = hold.id, release_id = null
      from hold, held where r.school_id = ${hold.schoolId} and r.id = held.id
      returning r.id
    )
    select id from hold`.execute(trx)
  return rows[0]?.id ?? null
}

export interface HoldFilter {
  status?: HoldStatus
  administrationId?: number
}

function holdsQuery(db: Kysely<Database>) {
  return db
    .selectFrom('review_holds as h')
    .innerJoin('administrations as a', 'a.id', 'h.administration_id')
    .innerJoin('schools as s', 's.id', 'h.school_id')
    .select([
      'h.id',
      'h.administration_id',
      'a.name as administration_name',
      'a.time_zone',
      'h.school_id',
      's.name as school_name',
      'h.role',
      'h.reasons',
      'h.first_received_at',
      'h.last_received_at',
      'h.responses',
      'h.held_at',
      'h.status',
      'h.decided_at',
      'h.decided_by_email',
    ])
}

export type HoldRow = Awaited<ReturnType<ReturnType<typeof holdsQuery>['executeTakeFirstOrThrow']>>

/** Holds, the undecided first, then the newest. */
export function listHolds(db: Kysely<Database>, filter: HoldFilter): Promise<HoldRow[]> {
  return holdsQuery(db)
    .$if(filter.status !== undefined, (q) => q.where('h.status', '=', filter.status!))
    .$if(filter.administrationId !== undefined, (q) => q.where('h.administration_id', '=', filter.administrationId!))
    .orderBy(sql`h.status = 'held'`, 'desc')
    .orderBy('h.held_at', 'desc')
    .orderBy('h.id', 'desc')
    .execute()
}

export function findHold(db: Kysely<Database>, id: number): Promise<HoldRow | undefined> {
  return holdsQuery(db).where('h.id', '=', id).executeTakeFirst()
}

/** Locks a hold for a decision: two admins deciding at once are decided one after the other. */
export function lockHold(trx: Kysely<Database>, id: number) {
  return trx.selectFrom('review_holds').select(['id', 'status']).where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function recordDecision(trx: Kysely<Database>, id: number, decision: { status: Exclude<HoldStatus, 'held'>; by: { id: number; email: string }; at: Date }) {
  await trx
    .updateTable('review_holds')
    .set({ status: decision.status, decided_at: decision.at, decided_by: decision.by.id, decided_by_email: decision.by.email })
    .where('id', '=', id)
    .execute()
}
