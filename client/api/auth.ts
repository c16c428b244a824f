import type { Static } from 'typebox'
import type {
  AccountChangeSchema,
  AccountListSchema,
  AccountSchema,
  AuditEntrySchema,
  AuditListSchema,
  CreatedAccountSchema,
  EndedSchema,
  MeSchema,
  NewAccountSchema,
} from '../../server/auth/accounts.schemas'
import { requestJson, setCsrfToken } from './http'

export type { AccountRole, StaffRole } from '../../server/vocabulary/roles'

/** Who is signed in (server/auth/accounts.schemas.ts). */
export type Me = Static<typeof MeSchema>

export async function fetchMe() {
  const result = await requestJson<Me>('/api/auth/me')
  setCsrfToken(result.ok ? result.body.csrfToken : null)
  return result
}

export async function signIn(email: string, password: string) {
  const result = await requestJson<Me>('/api/auth/login', { method: 'POST', body: JSON.stringify({ email, password }) })
  if (result.ok) setCsrfToken(result.body.csrfToken)
  return result
}

export async function signOut() {
  const result = await requestJson<null>('/api/auth/logout', { method: 'POST' })
  setCsrfToken(null)
  return result
}

/** A staff account as the accounts page lists it. */
export type Account = Static<typeof AccountSchema>

export const fetchAccounts = () => requestJson<Static<typeof AccountListSchema>>('/api/users')

export const createAccount = (account: Static<typeof NewAccountSchema>) =>
  requestJson<Static<typeof CreatedAccountSchema>>('/api/users', { method: 'POST', body: JSON.stringify(account) })

export const changeAccount = (id: number, change: Static<typeof AccountChangeSchema>) =>
  requestJson<null>(`/api/users/${id}`, { method: 'PATCH', body: JSON.stringify(change) })

export const endSessions = (id: number) => requestJson<Static<typeof EndedSchema>>(`/api/users/${id}/end-sessions`, { method: 'POST' })

export const endAllSessions = () => requestJson<Static<typeof EndedSchema>>('/api/sessions/end-all', { method: 'POST' })

export type AuditEntry = Static<typeof AuditEntrySchema>

export const fetchAudit = (query: { before?: number; action?: string }) => {
  const params = new URLSearchParams({ limit: '100' })
  if (query.before) params.set('before', String(query.before))
  if (query.action) params.set('action', query.action)
  return requestJson<Static<typeof AuditListSchema>>(`/api/audit?${params}`)
}
