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

export async function loginAs(app: FastifyInstance, email: string, password: string): Promise<StaffHeaders> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } })
  if (res.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${res.statusCode} ${res.body}`)
  const cookie = String(res.headers['set-cookie']).split(';')[0]
  return { cookie, 'x-csrf-token': res.json().csrfToken }
}
