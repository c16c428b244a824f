import type { Static } from 'typebox'
import type { ErrorSchema } from '../../server/schemas'

/** The one error body every route returns for 4xx and 5xx (server/schemas.ts). */
export type ApiError = Static<typeof ErrorSchema>

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; body: ApiError }

let csrfToken: string | null = null

/** The signed-in session's CSRF token, sent with every state change (staff pages set it after sign-in). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

/** fetch with JSON in and out; a network failure is status 0, so callers can tell offline from refused. */
export async function requestJson<T>(url: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  let response: Response
  const changes = init.method !== undefined && !['GET', 'HEAD'].includes(init.method)
  try {
    response = await fetch(url, {
      ...init,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(changes && csrfToken ? { 'x-csrf-token': csrfToken } : {}),
        ...init.headers,
      },
    })
  } catch {
    return { ok: false, status: 0, body: { error: 'network', message: 'The server could not be reached.' } }
  }
  // A session that ended (timeout, sign-out elsewhere, an admin's 'end all sessions'): the staff pages ask again.
  if (response.status === 401 && !url.startsWith('/api/auth/')) window.dispatchEvent(new Event('ana:signed-out'))
  if (response.status === 204) return { ok: true, status: 204, body: null as T }
  const body = (await response.json().catch(() => ({ error: 'bad_response', message: response.statusText }))) as T & ApiError
  return response.ok ? { ok: true, status: response.status, body } : { ok: false, status: response.status, body }
}
