import { fetchAdministrations } from '../api/administrations'
import { useRequest } from '../ui/use-request'

/**
 * The time zone an administration's times are shown in (its own, else the district's), as the administrations
 * pages show them. Null while loading; undefined if it could not be read (then the browser's zone is used).
 */
export function useAdministrationTimeZone(administration: number): string | null | undefined {
  const list = useRequest(fetchAdministrations, 'administrations')
  if (list.error) return undefined
  if (!list.data) return null
  return list.data.administrations.find((a) => a.id === administration)?.timeZone ?? list.data.timeZone
}
