import type { Kysely } from 'kysely'
import type { Database, Role } from '../db/schema'
import { NotFound } from '../errors'
import { withhold, type Withheld } from '../disclosure/withheld'

const ROLES: Role[] = ['student', 'family', 'staff']

/** Responses per school and role in one administration, next to the enrollment each role is measured against. */
export function responseCountsBySchool(db: Kysely<Database>, administrationId: number, filters: { region?: string; cohort?: string }) {
  return db
    .selectFrom('schools as s')
    .innerJoin('access_codes as c', (join) => join.onRef('c.school_id', '=', 's.id').on('c.administration_id', '=', administrationId))
    .leftJoin('responses as r', (join) => join.onRef('r.school_id', '=', 's.id').on('r.administration_id', '=', administrationId))
    .select((eb) => [
      's.id',
      's.name',
      's.region',
      's.cohort',
      's.enrollment_students',
      's.enrollment_families',
      's.enrollment_staff',
      eb.fn.count<string>('r.id').filterWhere('r.role', '=', 'student').as('student'),
      eb.fn.count<string>('r.id').filterWhere('r.role', '=', 'family').as('family'),
      eb.fn.count<string>('r.id').filterWhere('r.role', '=', 'staff').as('staff'),
    ])
    .$if(filters.region !== undefined, (q) => q.where('s.region', '=', filters.region!))
    .$if(filters.cohort !== undefined, (q) => q.where('s.cohort', '=', filters.cohort!))
    .groupBy('s.id')
    .execute()
}

export type RateFigure = { shown: true; n: number; share: number | null } | Withheld

/**
 * Where the voice is thin: per school and role, responses against enrollment (students and families by
 * enrollment, staff by headcount). A count under k (zero included, so a withheld count says nothing of its size)
 * is withheld like every other figure; the share reached is shown only with its count. Schools come lowest
 * coverage first: a withheld role counts as none reached.
 */
export async function responseRates(db: Kysely<Database>, administrationId: number, filters: { region?: string; cohort?: string }, k: number) {
  const administration = await db.selectFrom('administrations').select(['id', 'name']).where('id', '=', administrationId).executeTakeFirst()
  if (!administration) throw new NotFound(`No administration with id ${administrationId}.`)
  const rows = await responseCountsBySchool(db, administrationId, filters)
  const offered = (await db.selectFrom('administration_instruments').select('role').distinct().where('administration_id', '=', administrationId).execute()).map((r) => r.role)
  const schools = rows.map((row) => {
    const enrollment: Record<Role, number | null> = { student: row.enrollment_students, family: row.enrollment_families, staff: row.enrollment_staff }
    const roles = Object.fromEntries(
      ROLES.map((role) => {
        const n = Number(row[role])
        const target = enrollment[role]
        const figure: RateFigure = withhold(n, k) ?? { shown: true, n, share: target ? Math.round((1000 * n) / target) / 10 : null }
        return [role, { enrollment: target, responses: figure }]
      }),
    ) as Record<Role, { enrollment: number | null; responses: RateFigure }>
    // Coverage: the lowest share reached among the roles this administration asks (a withheld count is low by
    // definition, so it counts as none reached).
    const asked = ROLES.filter((r) => offered.includes(r))
    const shares = asked.map((r) => roles[r].responses).flatMap((f) => (f.shown && f.share !== null ? [f.share] : []))
    const withheldRole = asked.some((r) => !roles[r].responses.shown)
    const coverage = withheldRole ? 0 : shares.length ? Math.min(...shares) : null
    return { school: { id: row.id, name: row.name, region: row.region, cohort: row.cohort }, roles, coverage }
  })
  schools.sort((a, b) => (a.coverage ?? Infinity) - (b.coverage ?? Infinity) || a.school.name.localeCompare(b.school.name))
  return { administration, minCellSize: k, roles: ROLES.filter((r) => offered.includes(r)), schools }
}
