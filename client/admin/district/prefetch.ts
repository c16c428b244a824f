import { prefetchAdministrations } from '../../api/administrations'
import { prefetchDistrictComparison } from '../../api/comparison'

/** The comparison filters an address names, in one order: the district view and its prefetch ask for the same URL. */
export function districtFilters(params: URLSearchParams): Record<string, string> {
  return Object.fromEntries(['role', 'region', 'cohort', 'gradeBand'].flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])))
}

/**
 * Starts what the district view needs as soon as the staff app starts on its address, before the translations, the
 * session check and the page's own code (with the chart library) have loaded: the comparison (after the list of
 * administrations when the address names none, as useChosenAdministration chooses the newest) and the page's chunk,
 * side by side. The page then takes the list and the comparison from fetchAdministrations and
 * fetchDistrictComparison instead of asking again.
 */
export function prefetchDistrictView(params: URLSearchParams): void {
  void import('./DistrictView')
  const named = Number(params.get('administration') ?? 0)
  const chosen = named ? Promise.resolve(named) : prefetchAdministrations().then((r) => (r.ok ? (r.body.administrations[0]?.id ?? 0) : 0))
  void chosen.then((administration) => {
    if (administration) prefetchDistrictComparison(administration, districtFilters(params))
  })
}
