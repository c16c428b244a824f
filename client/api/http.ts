export interface ApiError {
  error: string
  message: string
  details?: unknown
}

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; body: ApiError }

/** fetch with JSON in and out; a network failure is status 0, so callers can tell offline from refused. */
export async function requestJson<T>(url: string, init: RequestInit = {}): Promise<ApiResult<T>> {
  let response: Response
  try {
    response = await fetch(url, {
      ...init,
      headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    })
  } catch {
    return { ok: false, status: 0, body: { error: 'network', message: 'The server could not be reached.' } }
  }
  const body = (await response.json().catch(() => ({ error: 'bad_response', message: response.statusText }))) as T & ApiError
  return response.ok ? { ok: true, status: response.status, body } : { ok: false, status: response.status, body }
}
