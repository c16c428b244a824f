import { requestJson } from './http'

export type Definition = Record<string, unknown>

/** A published version never changes, so the browser and service worker may cache it for good. */
export function fetchDefinition(slug: string, version: number) {
  return requestJson<Definition>(`/api/instruments/${encodeURIComponent(slug)}/versions/${version}`)
}
