import type { Kysely } from 'kysely'
import { insertUser } from '../auth/auth.repository'
import { hashPassword } from '../auth/passwords'
import type { Database, StaffRole } from '../db/schema'

export const DEMO_ACCOUNTS: readonly { email: string; role: StaffRole; firstSchool: boolean }[] = [
  { email: 'admin@example.org', role: 'district-admin', firstSchool: false },
  { email: 'analyst@example.org', role: 'district-analyst', firstSchool: false },
  { email: 'team@example.org', role: 'school-team', firstSchool: true },
]

/**
 * The three demo sign-ins, created only together with the demo district (so never in a real district's
 * database). The team account belongs to the first demo school.
 */
export async function createDemoAccounts(db: Kysely<Database>, password: string, firstSchoolId: number) {
  const passwordHash = await hashPassword(password)
  for (const account of DEMO_ACCOUNTS) {
    await insertUser(db, { email: account.email, passwordHash, role: account.role, schoolIds: account.firstSchool ? [firstSchoolId] : [] })
  }
  return DEMO_ACCOUNTS.map(({ email, role }) => ({ email, role }))
}
