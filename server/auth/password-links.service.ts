import type { Kysely } from 'kysely'
import { audit } from '../audit/audit.repository'
import type { Database } from '../db/schema'
import { BadRequest, Conflict, Forbidden, Gone, HttpError, NotFound, TooManyRequests } from '../errors'
import { clearLoginFailures, findUser, loginFailures, recordLoginFailure, type SessionUser } from './auth.repository'
import { ACCOUNT_FREE_FAILURES, loginDelaySeconds, PASSWORDS_OFF, startSession, type LoginResult } from './auth.service'
import { findPasswordLink, insertPasswordLink, passwordHashOf, setOwnPassword, usePasswordLink } from './password-links.repository'
import { hashPassword, passwordProblem, verifyPassword } from './passwords'
import { newToken, tokenHash } from './sessions'
import { signInSettings } from './sign-in-settings.repository'

/** How long a password link works: long enough for a weekend, short enough that an old message is worthless. */
export const PASSWORD_LINK_HOURS = 72

const UNKNOWN_LINK = 'This link is not a password link: check that it was copied whole, or ask an admin for a new one.'
const USED_LINK = 'This link has been used already: ask an admin for a new one.'
const EXPIRED_LINK = 'This link has expired: ask an admin for a new one.'

async function assertPasswordsOn(db: Kysely<Database>, status: 403 | 409) {
  if ((await signInSettings(db)).passwords_enabled) return
  if (status === 409) throw new Conflict('Passwords are turned off for this district: this person signs in with the district’s accounts.')
  throw new Forbidden(PASSWORDS_OFF, 'passwords_off')
}

/**
 * A one-time link for a person to set their own password (a new account, or a reset), for an admin to copy to them;
 * the account's earlier links stop working. The token is in the link's #fragment, so it never reaches a server log.
 */
export async function issuePasswordLink(db: Kysely<Database>, userId: number, publicUrl: string, actor: SessionUser) {
  const account = await findUser(db, userId)
  if (!account) throw new NotFound(`No account with id ${userId}.`)
  if (account.disabled_at !== null) throw new BadRequest(`${account.email} is disabled: enable the account before giving it a password link.`)
  await assertPasswordsOn(db, 409)
  const token = newToken()
  const { expires_at: expiresAt } = await insertPasswordLink(db, { tokenHash: tokenHash(token), userId, createdBy: actor.id, hours: PASSWORD_LINK_HOURS })
  await audit(db, { actor, action: 'user.password-link', outcome: 'success', target: `user:${userId}`, detail: { email: account.email, hours: PASSWORD_LINK_HOURS } })
  return { url: `${publicUrl.replace(/\/+$/, '')}/admin/set-password#${token}`, email: account.email, expiresAt: expiresAt.toISOString() }
}

async function liveLink(db: Kysely<Database>, token: string) {
  const link = await findPasswordLink(db, tokenHash(token))
  if (!link || link.disabled_at !== null) throw new NotFound(UNKNOWN_LINK)
  if (link.used) throw new Gone(USED_LINK)
  if (link.expired) throw new Gone(EXPIRED_LINK)
  return link
}

/** Whose link this is and until when it works, for the page that sets the password. */
export async function inspectPasswordLink(db: Kysely<Database>, token: string) {
  const link = await liveLink(db, token)
  return { email: link.email, expiresAt: link.expires_at.toISOString() }
}

/** Sets the password through a link (once), ends the account's other sessions, and signs the person in. */
export async function usePasswordLinkToSignIn(db: Kysely<Database>, token: string, password: string): Promise<LoginResult> {
  const link = await liveLink(db, token)
  await assertPasswordsOn(db, 403)
  const weak = passwordProblem(password)
  if (weak) throw new BadRequest(weak)
  const userId = await usePasswordLink(db, tokenHash(token), await hashPassword(password))
  if (userId === null) throw new Gone(USED_LINK)
  const account = await findUser(db, userId)
  await audit(db, { actor: { id: userId, email: link.email }, action: 'user.password-set', outcome: 'success', target: `user:${userId}`, detail: { via: 'link' } })
  return startSession(db, account!, 'password-link')
}

/** A signed-in person changes their own password: the current one is asked for; their other sessions end. */
export async function changeOwnPassword(db: Kysely<Database>, actor: SessionUser, input: { currentPassword: string; newPassword: string; sessionToken: string | null }) {
  const stored = await passwordHashOf(db, actor.id)
  if (!stored?.password_hash) throw new BadRequest('Your account has no password: you sign in with the district’s accounts. An admin can give you a link to set one.')
  // The same growing wait as sign-in: a session left open is not a way to guess the password.
  const failed = await loginFailures(db, actor.email)
  const wait = failed ? Math.ceil(loginDelaySeconds(failed.failures, ACCOUNT_FREE_FAILURES) - failed.seconds_since) : 0
  if (wait > 0) throw new TooManyRequests(`Too many wrong passwords. Wait ${wait} second${wait === 1 ? '' : 's'} and try again.`, wait)
  if (!(await verifyPassword(stored.password_hash, input.currentPassword))) {
    await recordLoginFailure(db, actor.email)
    await audit(db, { actor, action: 'user.password-change', outcome: 'failure', target: `user:${actor.id}`, detail: { reason: 'wrong current password' } })
    throw new HttpError(400, 'wrong_password', 'The current password is not right.')
  }
  const weak = passwordProblem(input.newPassword)
  if (weak) throw new BadRequest(weak)
  await clearLoginFailures(db, actor.email)
  await setOwnPassword(db, actor.id, await hashPassword(input.newPassword), input.sessionToken === null ? null : tokenHash(input.sessionToken))
  await audit(db, { actor, action: 'user.password-change', outcome: 'success', target: `user:${actor.id}` })
}
