import type { Kysely } from 'kysely'
import { releaseInfo } from '../analytics/releases.service'
import { findAdministrationRow } from '../administrations/administrations.repository'
import { offerAtSchool } from '../administrations/grade-offer'
import { windowStatus } from '../administrations/window'
import { isDistrictStaff } from '../auth/policy'
import type { SessionUser } from '../auth/auth.repository'
import type { Database, Role } from '../db/schema'
import type { DefinitionIndex } from '../instruments/definition-index'
import { dayIn } from '../time-zone'
import { band, discloseSchoolCounts, runningBands, type Count, type SchoolCountsShown } from '../disclosure/counts'
import { NotFound } from '../errors'
import { LOCALES } from '../instruments/ana'
import { ROLES } from '../vocabulary/roles'
import { getCompiledVersion } from '../instruments/instruments.service'
import { offeredRoles, offersBySchool, releasedCounts, responsesByDay, schoolGrades, schoolsOf, type RatesFilters } from './rates.queries'

export interface RoleRate {
  /** Whether the school is offered an instrument for the role that its grades can answer; only those count in coverage. */
  offered: boolean
  target: number | null
  responses: Count
  /** Percent of the target reached, only beside a shown count of an offered role. */
  share: number | null
}

/**
 * How thin a school's voice is: the lowest share reached among the roles it is offered and has a target for.
 * - known: every such role's count is shown;
 * - partial: some are withheld, so the lowest is at most `share` (the lowest of the shown ones);
 * - unknown: all are withheld; a withheld count is never read as none reached;
 * - no-target: no offered role has a target to measure against.
 */
export interface Coverage {
  status: 'known' | 'partial' | 'unknown' | 'no-target'
  share: number | null
}

const ORDER: Record<Coverage['status'], number> = { known: 0, partial: 0, unknown: 1, 'no-target': 2 }

function coverageOf(roles: RoleRate[]): Coverage {
  const measured = roles.filter((r) => r.offered && r.target)
  if (measured.length === 0) return { status: 'no-target', share: null }
  const shares = measured.flatMap((r) => (r.share === null ? [] : [r.share]))
  if (shares.length === 0) return { status: 'unknown', share: null }
  return { status: shares.length === measured.length ? 'known' : 'partial', share: Math.min(...shares) }
}

/** Schools lowest coverage first; those whose coverage is unknown after them, then those with nothing to measure. */
function byCoverage(a: { coverage: Coverage; school: { name: string } }, b: { coverage: Coverage; school: { name: string } }): number {
  return (
    ORDER[a.coverage.status] - ORDER[b.coverage.status] ||
    (a.coverage.share ?? 0) - (b.coverage.share ?? 0) ||
    a.school.name.localeCompare(b.school.name)
  )
}

/** Days from the window's first to today (or its close), in the district's time zone. */
function windowDays(opens: Date, last: Date, timeZone: string): string[] {
  const day = (d: Date) => dayIn(d, timeZone)
  const days: string[] = []
  // Step in 6-hour strides so a 23- or 25-hour day (daylight saving) is neither skipped nor repeated.
  for (let t = opens.getTime(); t <= last.getTime() + 6 * 3_600_000 && days.length < 400; t += 6 * 3_600_000) {
    const d = day(new Date(Math.min(t, last.getTime())))
    if (days[days.length - 1] !== d) days.push(d)
  }
  return days
}

interface SchoolRow {
  id: number
  grades: string
}

/**
 * The released counts of some schools of an administration, decided by disclosure/counts.ts, and which roles each
 * school is offered: the one source of the response-rate report and of the profile's respondents per role, so the
 * two can never disagree.
 */
async function disclosedCounts(db: Kysely<Database>, administrationId: number, schools: SchoolRow[], k: number) {
  const ids = schools.map((s) => s.id)
  const [offers, counts] = await Promise.all([offersBySchool(db, administrationId, ids), releasedCounts(db, administrationId, ids)])
  const indexes = new Map<number, DefinitionIndex>()
  for (const id of new Set(offers.map((o) => o.instrument_version_id))) indexes.set(id, (await getCompiledVersion(db, id)).index)
  return new Map(
    schools.map((s) => {
      // A role is offered when one of its versions can be answered in the school's grades (an elementary-only
      // student instrument is no offer to a high school's students): the runner's and intake's offer, one function.
      const offered = ROLES.filter((role) => offers.some((o) => o.school_id === s.id && o.role === role && offerAtSchool(indexes.get(o.instrument_version_id)!, s.grades).offered))
      const mine = counts.filter((c) => c.school_id === s.id)
      const sum = (rows: typeof mine) => rows.reduce((total, r) => total + Number(r.n), 0)
      const shown = discloseSchoolCounts(
        {
          roles: Object.fromEntries(ROLES.map((role) => [role, sum(mine.filter((r) => r.role === role))])),
          offered,
          // Every language anyone can answer in, zero included: which languages are listed says nothing of who answered.
          languages: Object.fromEntries([...LOCALES, ...mine.map((r) => r.locale)].map((l) => [l, sum(mine.filter((r) => r.locale === l))])),
        },
        k,
      )
      return [s.id, { offered, shown }] as const
    }),
  )
}

/**
 * A school's released respondents per role as the response-rate report shows them, for its profile. Same function,
 * same inputs, so a role hidden in one is hidden in the other.
 */
export async function schoolResponseCounts(db: Kysely<Database>, administrationId: number, schoolId: number, k: number): Promise<SchoolCountsShown> {
  const school = await schoolGrades(db, schoolId)
  if (!school) throw new NotFound(`There is no school ${schoolId}.`)
  return (await disclosedCounts(db, administrationId, [school], k)).get(schoolId)!.shown
}

/**
 * Response rates of an administration, the one report for every staff role (district admins, analysts, school
 * teams; a school team sees only its own schools). Per school, from the current release only: responses per role
 * and language with the disclosure rule of disclosure/counts.ts (no exact count under k for anyone), each role's
 * share of its target (students and families by enrollment, staff by headcount) and the school's coverage. Live
 * progress (released and waiting responses) only as bands of width k: the school's total now and its running total
 * at the end of each day of the window.
 */
export async function responseRates(db: Kysely<Database>, user: SessionUser, administrationId: number, filters: RatesFilters, k: number, now = new Date()) {
  const row = await findAdministrationRow(db, administrationId)
  if (!row) throw new NotFound(`No administration with id ${administrationId}.`)
  const schools = await schoolsOf(db, administrationId, filters, isDistrictStaff(user) ? undefined : user.schoolIds)
  if (!isDistrictStaff(user) && schools.length === 0 && (await schoolsOf(db, administrationId, {}, user.schoolIds)).length === 0) {
    throw new NotFound(`No administration with id ${administrationId}.`)
  }
  const ids = schools.map((s) => s.id)
  const [disclosed, byDay, release, asked] = await Promise.all([
    disclosedCounts(db, administrationId, schools, k),
    responsesByDay(db, row, ids),
    releaseInfo(db, row, now),
    offeredRoles(db, administrationId),
  ])

  const status = windowStatus(row, now)
  const end = new Date(Math.min(now.getTime(), (row.closed_at ?? row.closes_at).getTime()))
  const days = status === 'scheduled' ? [] : windowDays(row.opens_at, end, row.time_zone)
  /** Responses per day of the window; one sent after its last day (a kiosk back online) counts on the last. */
  const perDay = (schoolId: number) => {
    const counts = days.map(() => 0)
    let total = 0
    for (const d of byDay) {
      if (d.school_id !== schoolId) continue
      total += Number(d.n)
      const i = days.indexOf(d.day)
      if (i >= 0) counts[i] += Number(d.n)
      else if (days.length > 0 && d.day > days[days.length - 1]) counts[days.length - 1] += Number(d.n)
    }
    return { counts, total }
  }

  const result = schools.map((s) => {
    const { offered, shown } = disclosed.get(s.id)!
    const target: Record<Role, number | null> = { student: s.enrollment_students, family: s.enrollment_families, staff: s.enrollment_staff }
    const roles = Object.fromEntries(
      ROLES.map((role): [Role, RoleRate] => {
        const responses = shown.roles[role]
        const isOffered = offered.includes(role)
        const share = isOffered && 'n' in responses && target[role] ? Math.round((1000 * responses.n) / target[role]!) / 10 : null
        return [role, { offered: isOffered, target: target[role], responses, share }]
      }),
    ) as Record<Role, RoleRate>
    const live = perDay(s.id)
    return {
      school: { id: s.id, name: s.name, region: s.region, cohort: s.cohort, grades: s.grades },
      responses: shown.total,
      coverage: coverageOf(Object.values(roles)),
      roles,
      languages: Object.entries(shown.languages).map(([locale, responses]) => ({ locale, responses })),
      live: band(live.total, k),
      trend: runningBands(live.counts, k),
      perDay: live.counts,
      liveTotal: live.total,
    }
  })
  result.sort(byCoverage)

  // The district line adds up only what is shown; live progress as a band of the schools' sum.
  const shownTotals = result.flatMap((r) => ('n' in r.responses ? [r.responses.n] : []))
  const districtPerDay = days.map((_, i) => result.reduce((sum, r) => sum + r.perDay[i], 0))
  return {
    administration: { id: row.id, name: row.name, status, timeZone: row.time_zone },
    release,
    minCellSize: k,
    roles: ROLES.filter((r) => asked.some((a) => a.role === r)),
    days,
    district: {
      schools: result.length,
      responses: shownTotals.reduce((a, b) => a + b, 0),
      schoolsWithheld: result.length - shownTotals.length,
      live: band(result.reduce((sum, r) => sum + r.liveTotal, 0), k),
      trend: runningBands(districtPerDay, k),
    },
    schools: result.map(({ perDay: _perDay, liveTotal: _liveTotal, ...school }) => school),
  }
}
