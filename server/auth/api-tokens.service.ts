import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { audit } from '../audit/audit.repository'
import type { Database } from '../db/schema'
import { NotFound } from '../errors'
import type { SessionUser } from './auth.repository'
import { findToken, insertToken, listTokens, revokeToken } from './api-tokens.repository'
import { tokenHash } from './sessions'

export const DEFAULT_TOKEN_DAYS = 90

type TokenRow = Awaited<ReturnType<typeof listTokens>>[number]

const shape = (row: TokenRow) => ({
  id: row.id,
  name: row.name,
  owner: { id: row.user_id, email: row.email },
  createdAt: row.created_at.toISOString(),
  expiresAt: row.expires_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
})

/** Your own tokens; a district admin sees everyone's (the accounts page lists them). */
export async function tokensFor(db: Kysely<Database>, user: SessionUser) {
  return { tokens: (await listTokens(db, user.role === 'district-admin' ? null : user.id)).map(shape) }
}

/**
 * A new token for the signed-in account, shown once; it reads what the account may read, nothing more (an account
 * still waiting for a role reads nothing with it until it has one).
 */
export async function createToken(db: Kysely<Database>, user: SessionUser, input: { name: string; days?: number }) {
  const name = input.name.trim()
  const token = `ana_${randomBytes(32).toString('base64url')}`
  const days = input.days ?? DEFAULT_TOKEN_DAYS
  const { id } = await insertToken(db, { userId: user.id, name: name || 'API token', hash: tokenHash(token), days })
  await audit(db, { actor: { id: user.id, email: user.email }, action: 'token.create', outcome: 'success', target: `token:${id}`, detail: { name, days } })
  const row = await findToken(db, id)
  return { ...shape(row!), token }
}

/** Revokes one of your tokens (a district admin: anyone's); a token you cannot see is not found. */
export async function revokeTokenOf(db: Kysely<Database>, user: SessionUser, id: number) {
  const row = await findToken(db, id)
  if (!row || (row.user_id !== user.id && user.role !== 'district-admin')) throw new NotFound(`No API token with id ${id}.`)
  const revoked = await revokeToken(db, id, user.id)
  if (revoked) await audit(db, { actor: { id: user.id, email: user.email }, action: 'token.revoke', outcome: 'success', target: `token:${id}`, detail: { owner: row.email } })
}
