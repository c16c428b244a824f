import { timingSafeEqual } from 'node:crypto'
import type { Kysely } from 'kysely'
import { audit } from '../audit/audit.repository'
import type { Database } from '../db/schema'
import { BadRequest, Conflict, Forbidden } from '../errors'
import { EMAIL, normalizeEmail, startSession, type LoginResult } from './auth.service'
import { hashPassword, passwordProblem } from './passwords'
import { newToken, tokenHash } from './sessions'
import { hasActiveAdmin, insertFirstAdmin } from './setup.repository'

export const ADMIN_EXISTS = 'This district has an admin already: sign in, or ask an admin for an account.'
export const NOT_LOCAL = 'The first admin is created on the server itself (open this page there), or with the setup token printed in the server’s start-up log.'

/**
 * The setup token the start-up log prints while no admin exists, kept in memory only (its hash): a restart prints
 * a new one, and creating the admin spends it.
 */
export class FirstRunGate {
  private hash: Buffer | null = null

  issue(): string {
    const token = newToken()
    this.hash = tokenHash(token)
    return token
  }

  matches(token: string | undefined): boolean {
    return this.hash !== null && token !== undefined && timingSafeEqual(tokenHash(token), this.hash)
  }

  spend(): void {
    this.hash = null
  }
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/

/**
 * Whether a request comes from this machine: a loopback peer address, and no header saying a proxy forwarded it
 * (a reverse proxy on the same machine connects from loopback for everyone).
 */
export function isFromThisMachine(remoteAddress: string | undefined, headers: Record<string, unknown>): boolean {
  const forwarded = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'x-forwarded-host'].some((h) => headers[h] !== undefined)
  return !forwarded && remoteAddress !== undefined && LOOPBACK.test(remoteAddress)
}

/** Whether the first-run page has anything to do, and whether this request needs the setup token. */
export async function setupStatus(db: Kysely<Database>, local: boolean) {
  return { needed: !(await hasActiveAdmin(db)), local }
}

/** Creates the first district admin and signs them in; refused once an admin exists, and from elsewhere without the token. */
export async function createFirstAdmin(
  db: Kysely<Database>,
  gate: FirstRunGate,
  input: { email: string; password: string; token?: string; local: boolean },
): Promise<LoginResult> {
  const refuse = async (reason: string) => audit(db, { actor: null, action: 'setup.admin', outcome: 'refused', detail: { reason } })
  if (await hasActiveAdmin(db)) {
    await refuse('admin exists')
    throw new Conflict(ADMIN_EXISTS)
  }
  const byToken = gate.matches(input.token)
  if (!input.local && !byToken) {
    await refuse(input.token === undefined ? 'not local' : 'wrong token')
    throw new Forbidden(NOT_LOCAL)
  }
  const email = normalizeEmail(input.email)
  if (!EMAIL.test(email)) throw new BadRequest(`"${input.email}" is not an email address.`)
  const weak = passwordProblem(input.password)
  if (weak) throw new BadRequest(weak)
  const id = await insertFirstAdmin(db, { email, passwordHash: await hashPassword(input.password) })
  if (id === null) throw new Conflict(ADMIN_EXISTS)
  gate.spend()
  await audit(db, { actor: { id, email }, action: 'setup.admin', outcome: 'success', target: `user:${id}`, detail: { email, via: byToken ? 'token' : 'this machine' } })
  return startSession(db, { id, email, role: 'district-admin' }, 'setup')
}
