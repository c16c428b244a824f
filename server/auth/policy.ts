import type { StaffRole } from '../db/schema'
import type { SessionUser } from './auth.repository'

/**
 * The access policy services ask about the ids they touch (the access plugin, server/plugins/access.ts, asks the
 * same functions about the route's own `:id` before a handler runs).
 */

/** District analysts read every school's results and change nothing (the README's roles table says so). */
export const ANALYSTS_READ_ONLY = 'District analysts read results and change nothing; a district admin or a school team makes changes.'

const DISTRICT_ROLES: readonly StaffRole[] = ['district-admin', 'district-analyst']

export function isDistrictStaff(user: SessionUser): boolean {
  return (DISTRICT_ROLES as readonly string[]).includes(user.role)
}

/** Whether the user may see this school's data. */
export function canSeeSchool(user: SessionUser, schoolId: number): boolean {
  return isDistrictStaff(user) || user.schoolIds.includes(schoolId)
}
