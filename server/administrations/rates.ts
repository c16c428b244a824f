import { sql, type Kysely } from 'kysely'
import { isDistrictStaff } from '../auth/access'
import type { SessionUser } from '../auth/auth.repository'
import type { Database, Role } from '../db/schema'
import { NotFound } from '../errors'
import { administrationCodes, findAdministrationRow } from './administrations.repository'
import { hideSmall } from '../disclosure/counts'
import { windowStatus } from './window'

const ROLES: Role[] = ['student', 'family', 'staff']

/**
 * A count as shown: the number; '<k' for a count under k that this person may not see exactly; or hidden with no
 * size given, a count of k or more hidden only so that a smaller one next to it cannot be worked out.
 */
export type Count = { n: number } | { under: number } | { hidden: 'complement' }

function hiddenCount(n: number, k: number): Count {
  return n < k ? { under: k } : { hidden: 'complement' }
}

/** Days from the window's first to today (or its close), in the district's time zone. */
function windowDays(opens: Date, last: Date, timeZone: string): string[] {
  const day = (d: Date) => d.toLocaleDateString('en-CA', { timeZone })
  const days: string[] = []
  // Step in 6-hour strides so a 23- or 25-hour day (daylight saving) is neither skipped nor repeated.
  for (let t = opens.getTime(); t <= last.getTime() + 6 * 3_600_000 && days.length < 400; t += 6 * 3_600_000) {
    const d = day(new Date(Math.min(t, last.getTime())))
    if (days[days.length - 1] !== d) days.push(d)
  }
  return days
}

/**
 * Live response rates for an administration: per school, role and language, against enrollment targets
 * (students and families by enrollment, staff by headcount), the share reached, and the running total by day.
 * District admins see exact counts; everyone else sees counts under k as '<k', with complementary hiding within
 * each school's roles and languages. A school team sees only its schools.
 */
export async function administrationRates(db: Kysely<Database>, user: SessionUser, id: number, k: number, now = new Date()) {
  const row = await findAdministrationRow(db, id)
  if (!row) throw new NotFound(`No administration with id ${id}.`)
  const codes = await administrationCodes(db, id)
  const visible = [...new Set(codes.map((c) => c.school_id))].filter((s) => isDistrictStaff(user) || user.schoolIds.includes(s))
  if (visible.length === 0 && !isDistrictStaff(user)) throw new NotFound(`No administration with id ${id}.`)
  const exact = user.role === 'district-admin'
  const schoolIds = visible.length ? visible : [-1]
  const tz = row.time_zone

  const [schools, byRoleLocale, byDay, offered] = await Promise.all([
    db
      .selectFrom('schools')
      .select(['id', 'name', 'region', 'cohort', 'enrollment_students', 'enrollment_families', 'enrollment_staff'])
      .where('id', 'in', schoolIds)
      .execute(),
    db
      .selectFrom('responses')
      .select(['school_id', 'role', 'locale', (eb) => eb.fn.countAll<string>().as('n')])
      .where('administration_id', '=', id)
      .where('school_id', 'in', schoolIds)
      .groupBy(['school_id', 'role', 'locale'])
      .execute(),
    // The day someone answered: when they submitted (a kiosk that was offline sends later), never before the window
    // opened or after the server received it.
    db
      .selectFrom('responses')
      .select([
        'school_id',
        sql<string>`to_char((least(received_at, greatest(coalesce(submitted_at, received_at), ${row.opens_at})) at time zone ${tz})::date, 'YYYY-MM-DD')`.as('day'),
        (eb) => eb.fn.countAll<string>().as('n'),
      ])
      .where('administration_id', '=', id)
      .where('school_id', 'in', schoolIds)
      .groupBy(['school_id', 'day'])
      .execute(),
    db.selectFrom('administration_instruments').select('role').distinct().where('administration_id', '=', id).execute(),
  ])

  const status = windowStatus(row, now)
  const end = new Date(Math.min(now.getTime(), (row.closed_at ?? row.closes_at).getTime()))
  const days = status === 'scheduled' ? [] : windowDays(row.opens_at, end, tz)
  const asked = ROLES.filter((r) => offered.some((o) => o.role === r))

  const result = schools.map((s) => {
    const mine = byRoleLocale.filter((r) => r.school_id === s.id)
    const roleN = ROLES.map((role) => mine.filter((r) => r.role === role).reduce((sum, r) => sum + Number(r.n), 0))
    const locales = [...new Set(mine.map((r) => r.locale))].sort()
    const localeN = locales.map((l) => mine.filter((r) => r.locale === l).reduce((sum, r) => sum + Number(r.n), 0))
    const total = roleN.reduce((a, b) => a + b, 0)
    const target: Record<Role, number | null> = { student: s.enrollment_students, family: s.enrollment_families, staff: s.enrollment_staff }

    // Roles and languages are two partitions of the same total: when one hides counts, so must the other, or the
    // total read off one would give the hidden ones of the other away.
    // A role the administration does not ask has no responses, and everyone knows it: its zero is shown, and it
    // takes no part in the hiding (counted as a small count, it made an asked role hide with it).
    const partition = ROLES.flatMap((role, i) => (asked.includes(role) || roleN[i] > 0 ? [i] : []))
    const hideRoles = (force = false) => {
      const hidden = hideSmall(partition.map((i) => roleN[i]), k, force)
      return ROLES.map((_, i) => partition.includes(i) && hidden[partition.indexOf(i)])
    }
    let roleHidden = exact ? ROLES.map(() => false) : hideRoles()
    let localeHidden = exact ? locales.map(() => false) : hideSmall(localeN, k)
    // A partition of one is the school's total, shown whenever it is k or more: hiding it would hide nothing.
    if (!exact && roleHidden.some(Boolean) && !localeHidden.some(Boolean) && locales.length > 1) localeHidden = hideSmall(localeN, k, true)
    if (!exact && localeHidden.some(Boolean) && !roleHidden.some(Boolean) && partition.length > 1) roleHidden = hideRoles(true)
    const roles = Object.fromEntries(
      ROLES.map((role, i) => {
        const n = roleN[i]
        const shown = !roleHidden[i]
        return [role, { target: target[role], responses: shown ? { n } : hiddenCount(n, k), share: shown && target[role] ? Math.round((1000 * n) / target[role]!) / 10 : null }]
      }),
    ) as Record<Role, { target: number | null; responses: Count; share: number | null }>

    // Coverage: the lowest share reached among the roles asked; a hidden count is low by definition.
    const shares = asked.map((r) => roles[r])
    const coverage: number | null = shares.some((r) => !('n' in r.responses)) ? 0 : shares.every((r) => r.share === null) ? null : Math.min(...shares.flatMap((r) => (r.share === null ? [] : [r.share])))

    // The running total at the end of each day; under k it is '<k' for those who may not see small counts.
    let running = 0
    const perDay = new Map(byDay.filter((d) => d.school_id === s.id).map((d) => [d.day, Number(d.n)]))
    const trend = days.map((d): Count => {
      running += perDay.get(d) ?? 0
      return exact || running >= k ? { n: running } : { under: k }
    })

    return {
      school: { id: s.id, name: s.name, region: s.region, cohort: s.cohort },
      responses: (exact || total >= k ? { n: total } : { under: k }) as Count,
      coverage,
      roles,
      languages: locales.map((locale, i) => ({ locale, responses: localeHidden[i] ? hiddenCount(localeN[i], k) : { n: localeN[i] } })),
      trend,
    }
  })
  result.sort((a, b) => (a.coverage ?? Infinity) - (b.coverage ?? Infinity) || a.school.name.localeCompare(b.school.name))

  // The district line adds up only what is shown, and says how many schools are below k.
  const shownTotals = result.flatMap((r): number[] => ('n' in r.responses ? [r.responses.n] : []))
  return {
    administration: { id: row.id, name: row.name, status, timeZone: tz },
    minCellSize: k,
    exact,
    roles: asked,
    days,
    district: {
      responses: shownTotals.reduce((a, b) => a + b, 0),
      schools: result.length,
      schoolsUnderK: result.length - shownTotals.length,
      trend: days.map((_, i) => result.reduce((sum, r) => {
        const day = r.trend[i]
        return sum + ('n' in day ? day.n : 0)
      }, 0)),
    },
    schools: result,
  }
}
