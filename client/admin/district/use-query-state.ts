import { useCallback, useState } from 'react'

/** The URL holds the view, so a link shows someone else exactly this. */
export function useQueryState() {
  const [params, setParams] = useState(() => new URLSearchParams(window.location.search))
  const set = useCallback((changes: Record<string, string | null>) => {
    setParams((current) => {
      const next = new URLSearchParams(current)
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === '') next.delete(key)
        else next.set(key, value)
      }
      window.history.replaceState(null, '', `${window.location.pathname}${next.size ? `?${next}` : ''}`)
      return next
    })
  }, [])
  return [params, set] as const
}
