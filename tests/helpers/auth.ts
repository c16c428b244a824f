import type { FastifyInstance } from 'fastify'
import { insertUser } from '../../server/auth/auth.repository'
import { hashPassword } from '../../server/auth/passwords'
import type { AccountRole } from '../../server/db/schema'

export const TEST_PASSWORD = 'correct horse battery staple'
let counter = 0
let passwordHash: Promise<string> | null = null

export type StaffHeaders = { cookie: string; 'x-csrf-token': string }

/** Creates a staff account and signs it in through POST /api/auth/login; returns the headers its requests carry. */
export async function signIn(app: FastifyInstance, role: AccountRole = 'district-admin', schoolIds: number[] = []): Promise<StaffHeaders & { email: string; id: number }> {
  passwordHash ??= hashPassword(TEST_PASSWORD)
  const email = `${role}-${process.pid}-${++counter}@test.example`
  const id = await insertUser(app.db, { email, passwordHash: await passwordHash, role, schoolIds })
  return { ...(await loginAs(app, email, TEST_PASSWORD)), email, id }
}

let address = 0
/**
 * Each test sign-in comes from an address of its own (10.200.x.y): sign-ins are counted per client before the
 * password is checked, so a test that signs twenty staff members in at once from one address would meet the
 * throttle meant for guessers (tests/server/auth/sign-in-throttle.test.ts tests that throttle itself).
 */
const nextAddress = () => {
  address = (address + 1) % 65_000
  return `10.200.${Math.floor(address / 250)}.${(address % 250) + 1}`
}

export async function loginAs(app: FastifyInstance, email: string, password: string, remoteAddress = nextAddress()): Promise<StaffHeaders> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress, payload: { email, password } })
  if (res.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${res.statusCode} ${res.body}`)
  const cookie = String(res.headers['set-cookie']).split(';')[0]
  return { cookie, 'x-csrf-token': res.json().csrfToken }
}
