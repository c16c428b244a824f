import { requestJson, setCsrfToken } from './http'

export type StaffRole = 'district-admin' | 'district-analyst' | 'school-team'

export interface Me {
  user: { id: number; email: string; role: StaffRole; schools: { id: number; name: string }[] }
  csrfToken: string
  session: { idleMinutes: number; maxHours: number }
}

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

export interface Account {
  id: number
  email: string
  role: StaffRole
  schoolIds: number[]
  createdAt: string
  disabled: boolean
  sessions: number
}

export const fetchAccounts = () => requestJson<{ users: Account[] }>('/api/users')

export const createAccount = (account: { email: string; password: string; role: StaffRole; schoolIds: number[] }) =>
  requestJson<{ id: number }>('/api/users', { method: 'POST', body: JSON.stringify(account) })

export const changeAccount = (id: number, change: { role?: StaffRole; schoolIds?: number[]; disabled?: boolean; password?: string }) =>
  requestJson<null>(`/api/users/${id}`, { method: 'PATCH', body: JSON.stringify(change) })

export const endSessions = (id: number) => requestJson<{ ended: number }>(`/api/users/${id}/end-sessions`, { method: 'POST' })

export const endAllSessions = () => requestJson<{ ended: number }>('/api/sessions/end-all', { method: 'POST' })

export interface AuditEntry {
  id: number
  at: string
  actor: string | null
  action: string
  outcome: 'success' | 'failure' | 'refused'
  target: string | null
  detail: Record<string, unknown>
}

export const fetchAudit = (query: { before?: number; action?: string }) => {
  const params = new URLSearchParams({ limit: '100' })
  if (query.before) params.set('before', String(query.before))
  if (query.action) params.set('action', query.action)
  return requestJson<{ entries: AuditEntry[] }>(`/api/audit?${params}`)
}
