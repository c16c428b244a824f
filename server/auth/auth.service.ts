import { createHmac, randomBytes } from 'node:crypto'
import { isIPv6 } from 'node:net'
import type { Kysely } from 'kysely'
import { audit } from '../audit/audit.repository'
import type { AccountRole, Database, StaffRole } from '../db/schema'
import { BadRequest, Conflict, Forbidden, HttpError, NotFound, TooManyRequests } from '../errors'
import {
  countSignInAttempt,
  deleteSession,
  deleteSessionsExcept,
  deleteSessionsOf,
  existingSchoolIds,
  findUser,
  findUserByEmail,
  insertSession,
  deleteThrottleRow,
  insertUser,
  listUsers,
  schoolIdsOf,
  schoolNames,
  uncountSignInAttempt,
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

/** Wrong current passwords before a password change waits (password-links.service.ts); also a client's at one account. */
export const ACCOUNT_FREE_FAILURES = 5

/**
 * Free failed sign-ins before the growing delay, per throttle row (counted in the database before the password is
 * checked, so a burst of concurrent guesses is held to these too):
 * - one client at one account: a stranger's guesses slow the stranger's client, not the owner's on another;
 * - one client overall, whatever the accounts (a client trying many addresses);
 * - one account from every client (guesses spread over many addresses). It binds only a client that has failed
 *   already (anywhere): a client with no failures is never refused by it, so strangers cannot lock the owner out
 *   from the owner's own computer; each new address of theirs gets one guess before it binds them too.
 * A right password gives its own attempt back and ends its client's count at that account; never the client's
 * overall count, so signing in to one's own account does not buy more guesses at others'.
 */
export const SIGN_IN_FREE_FAILURES = { pair: ACCOUNT_FREE_FAILURES, client: 20, account: 20 } as const

/**
 * Names a client in the throttle table without writing its address down: an HMAC under a key this process keeps
 * in memory only (after a restart old rows name nobody and age out). IPv6 clients are named by their /64, which
 * one household or host gets whole: a fresh address in it is not a fresh client.
 */
export function clientNamer(key: Buffer = randomBytes(32)): (address: string) => string {
  return (address) => createHmac('sha256', key).update(networkOf(address)).digest('base64url')
}

/** The part of an address that names a client: an IPv4 address (mapped ones too), or an IPv6 address's /64. */
export function networkOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)
  if (mapped) return mapped[1]
  if (!isIPv6(address)) return address
  const [head, tail] = address.split('%')[0].split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`
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
  input: { email: string; password: string; client: string; previousToken: string | null },
): Promise<LoginResult> {
  // A session cookie sent along (e.g. another account's) ends here: sign-in always starts a new session.
  if (input.previousToken !== null) await deleteSession(db, tokenHash(input.previousToken))
  const email = normalizeEmail(input.email)
  if (!(await signInSettings(db)).passwords_enabled) throw new Forbidden(PASSWORDS_OFF, 'passwords_off')
  // No password is checked for a blank address (and '' is the throttle table's "every account").
  if (email === '') throw new BadRequest('Type your email address.')
  const pair = { client: input.client, email }
  const overall = { client: input.client, email: '' }
  const everyClient = { client: '', email }
  // Counted before the password is checked: an attempt under way counts as a failure until it proves right.
  const attempt = await countSignInAttempt(db, [
    { key: overall, free: () => SIGN_IN_FREE_FAILURES.client },
    { key: pair, free: () => SIGN_IN_FREE_FAILURES.pair },
    // The client's count includes this attempt: 1 means it has not failed, and the account-wide rule spares it.
    { key: everyClient, free: ([client]) => (client > 1 ? SIGN_IN_FREE_FAILURES.account : null) },
  ])
  if (!attempt.counted) {
    if (attempt.row > 0) await audit(db, { actor: null, action: 'auth.login', outcome: 'refused', target: `email:${email.slice(0, 254)}`, detail: { reason: 'throttled' } })
    throw tooMany(attempt.seconds)
  }

  const account = await findUserByEmail(db, email)
  const ok = await verifyPassword(account && account.disabled_at === null ? account.password_hash : null, input.password)
  if (!ok || !account) {
    await audit(db, { actor: account ? { id: account.id, email: account.email } : null, action: 'auth.login', outcome: 'failure', target: `email:${email.slice(0, 254)}`, detail: { method: 'password' } })
    throw new InvalidCredentials()
  }

  await deleteThrottleRow(db, pair)
  await uncountSignInAttempt(db, [overall, everyClient])
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
