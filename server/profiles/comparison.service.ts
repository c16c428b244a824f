import type { Kysely } from 'kysely'
import { releaseInfo } from '../analytics/releases.service'
import type { Database } from '../db/schema'
import { BadRequest } from '../errors'
import { ROLES } from '../vocabulary/roles'
import type { Domain } from '../instruments/domains'
import { shownCategories } from '../disclosure/categories'
import { districtContext, rankDescending, RoleFigures, schoolFigure } from './comparison'
import { comparedSchools, type ComparisonFilters, type PackedFigure } from './comparison.queries'
import { FIGURE_QUERIES, type FigureSource } from '../analytics/figure-sources'
import { findAdministration } from './profiles.queries'
import { round1 } from './statistics'
import { MEASURES, type Measure } from '../vocabulary/measures'

type Db = Kysely<Database>
type FigureQueries = (typeof FIGURE_QUERIES)[FigureSource]

/** Every aggregate a comparison is built from, read at once. */
async function readComparisonRows(db: Db, queries: FigureQueries, filters: ComparisonFilters) {
  const [schools, rows, totals, bands] = await Promise.all([
    comparedSchools(db, filters),
    queries.schoolDomainFigures(db, filters, true),
    // Every role's totals and bands, whatever the role filter: which bands are shown is decided for the school.
    filters.gradeBand ? queries.schoolDomainFigures(db, { ...filters, role: undefined }, false) : Promise.resolve(null),
    filters.gradeBand ? queries.schoolBandCounts(db, { ...filters, role: undefined }) : Promise.resolve(null),
  ])
  return { schools, rows, totals, bands }
}

type ComparisonRows = Awaited<ReturnType<typeof readComparisonRows>>

/** A school × domain × measure cell as one Map key. */
type CellKey = string & { readonly __brand: 'CellKey' }
const cellKey = (school: number, domain: string, measure: string) => `${school}|${domain}|${measure}` as CellKey

/**
 * Whether a school's cell shows the filtered grade band. A role's part of a grade band is shown only where the
 * school's profile would show that band (shownCategories, from the same counts): then no sum or difference of the
 * two endpoints' figures isolates 1 to k − 1 people, such as the few who chose neither 6-8 nor 9-12, or the staff in
 * a band that is mostly students.
 */
function gradeBandShown(totals: PackedFigure[], bands: NonNullable<ComparisonRows['bands']>, gradeBand: string, k: number) {
  const roleTotals = new Map<CellKey, Map<string, number>>()
  for (const [school, role, domain, measures, n] of totals) {
    const key = cellKey(school, domain, measures)
    let roles = roleTotals.get(key)
    if (!roles) roleTotals.set(key, (roles = new Map()))
    roles.set(role, n)
  }
  const bandParts = new Map<CellKey, { role: string; value: string; n: number }[]>()
  for (const b of bands) {
    const key = cellKey(b.school_id, b.domain, b.measures)
    bandParts.set(key, [...(bandParts.get(key) ?? []), { role: b.role, value: b.value, n: Number(b.n) }])
  }
  return (school: number, domain: string, measure: string): boolean => {
    const key = cellKey(school, domain, measure)
    const roles = roleTotals.get(key)
    const totalsOf = Object.fromEntries(ROLES.map((role) => [role, roles?.get(role) ?? 0]))
    return shownCategories(bandParts.get(key) ?? [], totalsOf, k).has(gradeBand)
  }
}

/**
 * The cells by position, not by a string key: school i, domain d, measure m at (i × domains + d) × measures + m. A
 * district of 1,000 schools has some 86,000 role figures, and filling them is most of the comparison's own time.
 */
class CellLayout {
  readonly schoolAt: Map<number, number>
  readonly domainAt: Map<string, number>
  constructor(
    readonly schools: number[],
    readonly domains: string[],
  ) {
    this.schoolAt = new Map(schools.map((id, i) => [id, i]))
    this.domainAt = new Map(domains.map((id, d) => [id, d]))
  }
  get size(): number {
    return this.schools.length * this.domains.length * MEASURES.length
  }
  cell(school: number, domain: number, measure: number): number {
    return (school * this.domains.length + domain) * MEASURES.length + measure
  }
}

/** Each cell's role summaries; with a grade-band filter, only the cells whose school shows that band. */
function roleFiguresOf(rows: PackedFigure[], layout: CellLayout, bandShown: ((school: number, domain: string, measure: string) => boolean) | null): RoleFigures {
  const figures = new RoleFigures(layout.size)
  const bandShownAt = new Map<number, boolean>()
  for (const [schoolId, role, domainId, measures, n, mean, variance] of rows) {
    const school = layout.schoolAt.get(schoolId)
    const domain = layout.domainAt.get(domainId)
    const measure = MEASURES.indexOf(measures)
    if (school === undefined || domain === undefined || measure < 0) continue
    const cell = layout.cell(school, domain, measure)
    if (bandShown) {
      if (!bandShownAt.has(cell)) bandShownAt.set(cell, bandShown(schoolId, domainId, measures))
      if (!bandShownAt.get(cell)) continue
    }
    figures.set(cell, role, n, mean, variance ?? 0)
  }
  return figures
}

/** One domain across the schools: each measure's district context, and the priority (need − asset) with its rank. */
function domainComparison(figures: RoleFigures, layout: CellLayout, domain: Domain, d: number, role: string | undefined, k: number) {
  const byMeasure = Object.fromEntries(
    MEASURES.map((m, mi) => [m, districtContext(layout.schools.map((_, i) => schoolFigure(figures, layout.cell(i, d, mi), role, k)))]),
  ) as Record<Measure, ReturnType<typeof districtContext>>
  // Priority: need minus asset, where both are shown; rank 1 is the highest need with the lowest asset.
  const priorities = layout.schools.map((_, i) => {
    const need = byMeasure.need.cells[i]
    const asset = byMeasure.asset.cells[i]
    return need.shown && asset.shown ? round1(need.index - asset.index) : null
  })
  return { domain, byMeasure, priorities, ranks: rankDescending(priorities) }
}

type DomainComparison = ReturnType<typeof domainComparison>

/** Each school's overall priority: the mean of its domain priorities, where there are any, ranked. */
function overallPriorities(perDomain: DomainComparison[], schools: number) {
  const values = Array.from({ length: schools }, (_, i) => {
    const shown = perDomain.map((d) => d.priorities[i]).filter((v): v is number => v !== null)
    return shown.length > 0 ? round1(shown.reduce((a, b) => a + b, 0) / shown.length) : null
  })
  return { values, ranks: rankDescending(values) }
}

/**
 * The schools × domains matrix of need and asset indexes for one administration, with each shown cell's n,
 * percentile in the district, difference from the district mean and whether its interval excludes it; a priority
 * ranking (high need, low asset) per domain and overall. Every district figure is computed from shown figures only.
 */
export async function compareDistrict(db: Db, filters: ComparisonFilters, options: { minCellSize: number; domains: Domain[]; source?: FigureSource }) {
  const k = options.minCellSize
  const queries = FIGURE_QUERIES[options.source ?? 'rollups']
  await queries.prepare(db)
  const administration = await findAdministration(db, filters.administrationId)
  if (!administration) throw new BadRequest(`There is no administration ${filters.administrationId}.`)
  const { schools, rows, totals, bands } = await readComparisonRows(db, queries, filters)

  const layout = new CellLayout(
    schools.map((s) => s.id),
    options.domains.map((d) => d.id),
  )
  const bandShown = totals ? gradeBandShown(totals, bands ?? [], filters.gradeBand!, k) : null
  const figures = roleFiguresOf(rows, layout, bandShown)
  const perDomain = options.domains.map((domain, d) => domainComparison(figures, layout, domain, d, filters.role, k))
  const overall = overallPriorities(perDomain, schools.length)

  return {
    administration: { id: administration.id, name: administration.name },
    filters: { role: filters.role ?? null, region: filters.region ?? null, cohort: filters.cohort ?? null, gradeBand: filters.gradeBand ?? null },
    release: await releaseInfo(db, administration),
    minCellSize: k,
    domains: options.domains.map((d) => ({ domain: d.id, pillar: d.pillar, label: d.label })),
    district: Object.fromEntries(
      perDomain.map((d) => [d.domain.id, { need: { mean: d.byMeasure.need.mean, schools: d.byMeasure.need.schools }, asset: { mean: d.byMeasure.asset.mean, schools: d.byMeasure.asset.schools } }]),
    ),
    schools: schools.map((s, i) => ({
      school: { id: s.id, name: s.name, region: s.region, cohort: s.cohort },
      overallPriority: overall.values[i] === null ? null : { value: overall.values[i]!, rank: overall.ranks[i]! },
      cells: Object.fromEntries(
        perDomain.map((d) => [
          d.domain.id,
          {
            need: d.byMeasure.need.cells[i],
            asset: d.byMeasure.asset.cells[i],
            priority: d.priorities[i] === null ? null : { value: d.priorities[i]!, rank: d.ranks[i]! },
          },
        ]),
      ),
    })),
  }
}
