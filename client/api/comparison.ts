import type { Static } from 'typebox'
import type { DistrictGrid } from '../../server/profiles/comparison-grid'
import type { CodebookEntrySchema } from '../../server/profiles/codebook'
import type { DistrictComparisonSchema, DistrictCrossTabSchema } from '../../server/profiles/profiles.schemas'
import { requestJson, type ApiResult } from './http'

/** GET /api/district/compare: schools × domains, with district context (server/profiles/profiles.schemas.ts). */
export type DistrictComparison = Static<typeof DistrictComparisonSchema>
export type DistrictCell = DistrictComparison['schools'][number]['cells'][string]['need']

const comparisonUrl = (administration: number, filters: Record<string, string>) =>
  `/api/district/compare?${new URLSearchParams({ administration: String(administration), ...filters, shape: 'grid' })}`

type GridCell = DistrictGrid['cells'][number]['need'][number]
type Priority = DistrictComparison['schools'][number]['overallPriority']

/**
 * The comparison from its grid (server/profiles/comparison-grid.ts: the same figures as arrays of numbers, a quarter
 * of the JSON), back in the object form the pages read, figure for figure. Withheld cells share their one object.
 */
export function fromGrid(grid: DistrictGrid): DistrictComparison {
  const cell = (c: GridCell): DistrictCell =>
    typeof c === 'number'
      ? grid.withheld[c]
      : { shown: true, index: c[0], n: c[1], interval: c[2] === null || c[3] === null ? null : [c[2], c[3]], percentile: c[4], difference: c[5], significant: c[6] === 1 }
  const priority = (p: [number, number] | null): Priority => (p === null ? null : { value: p[0], rank: p[1] })
  const { schools } = grid
  // Plain loops: a whole district is 32,000 cells, decoded while the page waits for its heat map.
  const rows: DistrictComparison['schools'] = new Array(schools.id.length)
  for (let i = 0; i < schools.id.length; i++) {
    const cells: DistrictComparison['schools'][number]['cells'] = {}
    for (let d = 0; d < grid.domains.length; d++) {
      const column = grid.cells[d]
      cells[grid.domains[d].domain] = { need: cell(column.need[i]), asset: cell(column.asset[i]), priority: priority(column.priority[i]) }
    }
    rows[i] = {
      school: { id: schools.id[i], name: schools.name[i], region: schools.region[i], cohort: schools.cohort[i] },
      overallPriority: priority(schools.overallPriority[i]),
      cells,
    }
  }
  return {
    administration: grid.administration,
    filters: grid.filters,
    release: grid.release,
    minCellSize: grid.minCellSize,
    domains: grid.domains,
    district: grid.district,
    schools: rows,
  }
}

const asComparison = (result: ApiResult<DistrictGrid>): ApiResult<DistrictComparison> => (result.ok ? { ...result, body: fromGrid(result.body) } : result)

/** Comparisons asked for before the page that shows them had loaded (client/admin/district/prefetch.ts), by URL. */
const early = new Map<string, Promise<ApiResult<DistrictComparison>>>()

export function prefetchDistrictComparison(administration: number, filters: Record<string, string> = {}): void {
  const url = comparisonUrl(administration, filters)
  if (!early.has(url)) early.set(url, requestJson<DistrictGrid>(url).then(asComparison))
}

/**
 * The comparison, as a grid (one request sized for the chart), once per release and filters: the server answers
 * with a strong ETag, so the browser's cache revalidates a repeat visit (304, no body). A prefetched answer is taken
 * once, and asked for again if it failed (say, before sign-in).
 */
export function fetchDistrictComparison(administration: number, filters: Record<string, string> = {}) {
  const url = comparisonUrl(administration, filters)
  const prefetched = early.get(url)
  const fresh = () => requestJson<DistrictGrid>(url).then(asComparison)
  if (!prefetched) return fresh()
  early.delete(url)
  return prefetched.then((r) => (r.ok ? r : fresh()))
}

/** GET /api/exports/district-comparison: the comparison under the same filters, as a file. */
export const districtComparisonExportUrl = (administration: number, filters: Record<string, string>, format: 'csv' | 'xlsx') =>
  `/api/exports/district-comparison?${new URLSearchParams({ administration: String(administration), ...filters, format })}`

/** GET /api/exports/responses: the de-identified response-level data of an administration's released responses. */
export const responsesExportUrl = (administration: number, format: 'csv' | 'xlsx', instrument?: string) =>
  `/api/exports/responses?${new URLSearchParams({ administration: String(administration), format, ...(instrument ? { instrument } : {}) })}`

/** GET /api/exports/codebook: what each column of the response-level data holds, code by code. */
export const codebookExportUrl = (administration: number, format: 'csv' | 'xlsx', instrument?: string) =>
  `/api/exports/codebook?${new URLSearchParams({ administration: String(administration), format, ...(instrument ? { instrument } : {}) })}`

/** An administration, and one instrument's extract when given. */
const scriptQuery = (administration: number, instrument?: string) => new URLSearchParams({ administration: String(administration), ...(instrument ? { instrument } : {}) })

/** GET /api/exports/r-script: an R script that reads the response-level CSV and applies the codebook's labels. */
export const rScriptUrl = (administration: number, instrument?: string) => `/api/exports/r-script?${scriptQuery(administration, instrument)}`

/** GET /api/exports/spss-syntax: SPSS syntax (SPSS, PSPP) that reads the response-level CSV with the codebook's labels. */
export const spssSyntaxUrl = (administration: number, instrument?: string) => `/api/exports/spss-syntax?${scriptQuery(administration, instrument)}`

/** GET /api/exports/stata-do: a Stata do-file that reads the response-level CSV with the codebook's labels. */
export const stataDoUrl = (administration: number, instrument?: string) => `/api/exports/stata-do?${scriptQuery(administration, instrument)}`

/** GET /api/administrations/:id/codebook: the codebook to read in the page. */
export type CodebookEntry = Static<typeof CodebookEntrySchema>
export const fetchCodebook = (administration: number) => requestJson<CodebookEntry[]>(`/api/administrations/${administration}/codebook`)

/** GET /api/district/crosstab: a breakdown by role across the district, each cell the sum of the schools' shown cells. */
export type DistrictCrossTab = Static<typeof DistrictCrossTabSchema>
export const fetchDistrictCrossTab = (administration: number, kind: string, measure: 'need' | 'asset') =>
  requestJson<DistrictCrossTab>(`/api/district/crosstab?${new URLSearchParams({ administration: String(administration), kind, measure })}`)
