import { useEffect, useState } from 'react'
import type { ApiResult } from '../api/http'

/**
 * Runs one API call when its key changes; the screen renders loading, the error message, or the data. A null key
 * means "not yet" (say, until the call's parameters are known): nothing is loaded.
 */
export function useRequest<T>(load: () => Promise<ApiResult<T>>, key: unknown): { data: T | null; error: string | null } {
  const [state, setState] = useState<{ data: T | null; error: string | null }>({ data: null, error: null })
  useEffect(() => {
    let current = true
    setState({ data: null, error: null })
    if (key === null) return
    void load().then((r) => {
      if (current) setState(r.ok ? { data: r.body, error: null } : { data: null, error: r.body.message })
    })
    return () => {
      current = false
    }
    // The key names what is loaded; the loader itself is a new closure on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  return state
}
