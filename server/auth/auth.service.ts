import type { Kysely } from 'kysely'
import { audit } from '../audit/audit.repository'
import type { AccountRole, Database, StaffRole } from '../db/schema'
import { BadRequest, Conflict, Forbidden, HttpError, NotFound, TooManyRequests } from '../errors'
import {
  clearLoginFailures,
  deleteSession,
  deleteSessionsExcept,
  deleteSessionsOf,
  existingSchoolIds,
  findUser,
  findUserByEmail,
  insertSession,
  insertUser,
  listUsers,
  loginFailures,
  recordLoginFailure,
  schoolIdsOf,
  schoolNames,
  updateUser,
  type SessionUser,
} from './auth.repository'
import { hashPassword, passwordProblem, verifyPassword } from './passwords'
import { newToken, tokenHash } from './sessions'
import { signInSettings } from './sign-in-settings.repository'
import { STAFF_ROLES } from '../vocabulary/roles'


export const PASSWORDS_OFF = 'Passwords are turned off for this district: sign in with the district’s accounts.'

export const WRONG_CREDENTIALS = 'The email or password is not right.'

export class InvalidCredentials extends HttpError {
  constructor() {
    super(401, 'invalid_credentials', WRONG_CREDENTIALS)
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/**
 * The growing delay after failed sign-ins: the first `free` failures cost nothing, then each one doubles the wait
 * (1 s, 2 s, 4 s ... up to 15 minutes) before the next attempt is even checked.
 */
export function loginDelaySeconds(failures: number, free: number): number {
  return failures < free ? 0 : Math.min(2 ** (failures - free), 15 * 60)
}

export const ACCOUNT_FREE_FAILURES = 5
const CLIENT_FREE_FAILURES = 20

/** Failed sign-ins per client (its address), kept in memory only: addresses are never written down. */
export class ClientThrottle {
  private readonly failures = new Map<string, { count: number; last: number }>()
  constructor(private readonly now: () => number = Date.now) {}

  waitSeconds(client: string): number {
    const entry = this.failures.get(client)
    if (!entry) return 0
    const wait = loginDelaySeconds(entry.count, CLIENT_FREE_FAILURES) - (this.now() - entry.last) / 1000
    return Math.max(0, Math.ceil(wait))
  }

  fail(client: string): void {
    const entry = this.failures.get(client) ?? { count: 0, last: 0 }
    this.failures.delete(client) // re-inserted last: the map stays in order of recency
    this.failures.set(client, { count: entry.count + 1, last: this.now() })
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!)
  }

  succeed(client: string): void {
    this.failures.delete(client)
  }
}

function tooMany(seconds: number): TooManyRequests {
  return new TooManyRequests(`Too many sign-in attempts. Wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`, seconds)
}

export interface LoginResult {
  token: string
  user: SessionUser
}

/**
 * Checks the address and password and starts a new session (a new token every time, so a token planted before
 * sign-in is worthless). Wrong address and wrong password get the same answer in the same time.
 */
export async function login(
  db: Kysely<Database>,
  throttle: ClientThrottle,
  input: { email: string; password: string; client: string; previousToken: string | null },
): Promise<LoginResult> {
  // A session cookie sent along (e.g. another account's) ends here: sign-in always starts a new session.
  if (input.previousToken !== null) await deleteSession(db, tokenHash(input.previousToken))
  const email = normalizeEmail(input.email)
  if (!(await signInSettings(db)).passwords_enabled) throw new Forbidden(PASSWORDS_OFF, 'passwords_off')
  const clientWait = throttle.waitSeconds(input.client)
  if (clientWait > 0) throw tooMany(clientWait)
  const failed = await loginFailures(db, email)
  if (failed) {
    const wait = Math.ceil(loginDelaySeconds(failed.failures, ACCOUNT_FREE_FAILURES) - failed.seconds_since)
    if (wait > 0) {
      await audit(db, { actor: null, action: 'auth.login', outcome: 'refused', target: `email:${email.slice(0, 254)}`, detail: { reason: 'throttled' } })
      throw tooMany(wait)
    }
  }

  const account = await findUserByEmail(db, email)
  const ok = await verifyPassword(account && account.disabled_at === null ? account.password_hash : null, input.password)
  if (!ok || !account) {
    await recordLoginFailure(db, email)
    throttle.fail(input.client)
    await audit(db, { actor: account ? { id: account.id, email: account.email } : null, action: 'auth.login', outcome: 'failure', target: `email:${email.slice(0, 254)}`, detail: { method: 'password' } })
    throw new InvalidCredentials()
  }

  await clearLoginFailures(db, email)
  throttle.succeed(input.client)
  return startSession(db, account, 'password')
}

/** How a person signed in, as the audit log records it. */
export type SignInMethod = 'password' | 'oidc' | 'setup' | 'password-link'

/** A new session for an account that proved who it is (every sign-in method ends here), audited with the method. */
export async function startSession(db: Kysely<Database>, account: { id: number; email: string; role: AccountRole }, method: SignInMethod): Promise<LoginResult> {
  const token = newToken()
  const csrfToken = newToken()
  await insertSession(db, { tokenHash: tokenHash(token), userId: account.id, csrfToken })
  await audit(db, { actor: { id: account.id, email: account.email }, action: 'auth.login', outcome: 'success', detail: { method } })
  return { token, user: { id: account.id, email: account.email, role: account.role, schoolIds: await schoolIdsOf(db, account.id), csrfToken } }
}

/** Ends this session (its token, when the cookie carried one). */
export async function logout(db: Kysely<Database>, token: string | null, actor: SessionUser): Promise<void> {
  if (token !== null) await deleteSession(db, tokenHash(token))
  await audit(db, { actor, action: 'auth.logout', outcome: 'success' })
}

/** Who is signed in: the account, its schools by name, the session's CSRF token and the session limits. */
export async function sessionInfo(db: Kysely<Database>, user: SessionUser, limits: { idleMinutes: number; maxHours: number }) {
  return {
    user: { id: user.id, email: user.email, role: user.role, schools: await schoolNames(db, user.schoolIds) },
    csrfToken: user.csrfToken,
    session: { idleMinutes: limits.idleMinutes, maxHours: limits.maxHours },
  }
}

/** Ends every session of one account (e.g. a lost laptop); how many ended. */
export async function endSessionsOf(db: Kysely<Database>, userId: number, actor: SessionUser): Promise<number> {
  if (!(await findUser(db, userId))) throw new NotFound(`No account with id ${userId}.`)
  const ended = await deleteSessionsOf(db, userId)
  await audit(db, { actor, action: 'sessions.end', outcome: 'success', target: `user:${userId}`, detail: { ended } })
  return ended
}

/** Ends everyone's sessions but the caller's own; how many ended. */
export async function endOtherSessions(db: Kysely<Database>, actor: SessionUser): Promise<number> {
  const ended = await deleteSessionsExcept(db, actor.id)
  await audit(db, { actor, action: 'sessions.end-all', outcome: 'success', detail: { ended } })
  return ended
}

/** Every staff account with its role, schools and open sessions. */
export async function listAccounts(db: Kysely<Database>) {
  return (await listUsers(db)).map((u) => ({
    id: u.id,
    email: u.email,
    role: u.role,
    schoolIds: u.school_ids,
    createdAt: u.created_at.toISOString(),
    disabled: u.disabled_at !== null,
    hasPassword: u.has_password,
    sessions: Number(u.sessions ?? 0),
  }))
}

export interface NewAccount {
  email: string
  /** Absent: the person signs in with the district's accounts, or sets a password through a link (password-links.service.ts). */
  password?: string
  role: StaffRole
  schoolIds: number[]
}

export const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}\.[^\s@]{2,}$/

async function checkSchools(db: Kysely<Database>, role: AccountRole, schoolIds: number[]) {
  if (role === 'pending' && schoolIds.length > 0) throw new BadRequest('Give this account a role before giving it schools.')
  if (role === 'school-team' && schoolIds.length === 0) throw new BadRequest('A school team member needs at least one school.')
  if (role !== 'school-team' && schoolIds.length > 0) throw new BadRequest('District staff see every school; give schools only to a school team member.')
  const found = new Set((await existingSchoolIds(db, schoolIds)).map((s) => s.id))
  const missing = schoolIds.filter((id) => !found.has(id))
  if (missing.length > 0) throw new BadRequest(`No school with id ${missing.join(', ')}.`)
}

/** Creates a staff account (from the admin interface or `npm run user:create`). */
export async function createAccount(db: Kysely<Database>, input: NewAccount, actor: { id: number; email: string } | null) {
  const email = normalizeEmail(input.email)
  if (!EMAIL.test(email)) throw new BadRequest(`"${input.email}" is not an email address.`)
  if (!STAFF_ROLES.includes(input.role)) throw new BadRequest(`The role must be one of ${STAFF_ROLES.join(', ')}.`)
  const weak = input.password === undefined ? null : passwordProblem(input.password)
  if (weak) throw new BadRequest(weak)
  const schoolIds = [...new Set(input.schoolIds)]
  await checkSchools(db, input.role, schoolIds)
  if (await findUserByEmail(db, email)) throw new Conflict(`An account for ${email} already exists.`)
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password)
  const id = await insertUser(db, { email, passwordHash, role: input.role, schoolIds })
  await audit(db, { actor, action: 'user.create', outcome: 'success', target: `user:${id}`, detail: { email, role: input.role, schoolIds } })
  return { id, email, role: input.role, schoolIds }
}

export interface AccountChange {
  role?: StaffRole
  schoolIds?: number[]
  disabled?: boolean
  password?: string
}

/** Changes an account; every change ends the account's sessions, so it takes effect on the next request. */
export async function changeAccount(db: Kysely<Database>, id: number, change: AccountChange, actor: SessionUser) {
  const account = await findUser(db, id)
  if (!account) throw new NotFound(`No account with id ${id}.`)
  if (id === actor.id && (change.disabled === true || (change.role !== undefined && change.role !== 'district-admin'))) {
    throw new BadRequest('You cannot disable your own account or take away your own admin role; ask another admin.')
  }
  const role = change.role ?? account.role
  if (change.role !== undefined || change.schoolIds !== undefined) {
    const schoolIds = change.schoolIds ?? (role === 'school-team' ? await schoolIdsOf(db, id) : [])
    await checkSchools(db, role, schoolIds)
    change = { ...change, schoolIds }
  }
  if (change.password !== undefined) {
    const weak = passwordProblem(change.password)
    if (weak) throw new BadRequest(weak)
  }
  await updateUser(db, id, { role: change.role, schoolIds: change.schoolIds, disabled: change.disabled, passwordHash: change.password === undefined ? undefined : await hashPassword(change.password) })
  const changed = Object.keys(change).filter((k) => change[k as keyof AccountChange] !== undefined)
  await audit(db, {
    actor,
    action: 'user.update',
    outcome: 'success',
    target: `user:${id}`,
    detail: { fields: changed, ...(change.role ? { role: change.role } : {}), ...(change.schoolIds ? { schoolIds: change.schoolIds } : {}), ...(change.disabled !== undefined ? { disabled: change.disabled } : {}) },
  })
}
