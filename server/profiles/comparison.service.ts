import type { Kysely } from 'kysely'
import { releaseInfo } from '../analytics/releases.service'
import type { Database } from '../db/schema'
import { BadRequest } from '../errors'
import { ROLES } from '../instruments/ana'
import type { Domain } from '../instruments/domains'
import { shownCategories } from '../disclosure/categories'
import { districtContext, rankDescending, RoleFigures, schoolFigure, type SchoolFigure } from './comparison'
import { comparedSchools, type ComparisonFilters } from './comparison.queries'
import { FIGURE_QUERIES, type FigureSource } from '../analytics/figure-sources'
import { findAdministration } from './profiles.queries'
import { round1 } from './statistics'

type Measure = 'need' | 'asset'
const MEASURES: Measure[] = ['need', 'asset']

/**
 * The schools × domains matrix of need and asset indexes for one administration, with each shown cell's n,
 * percentile in the district, difference from the district mean and whether its interval excludes it; a priority
 * ranking (high need, low asset) per domain and overall. Every district figure is computed from shown figures only.
 */
export async function compareDistrict(db: Kysely<Database>, filters: ComparisonFilters, options: { minCellSize: number; domains: Domain[]; source?: FigureSource }) {
  const k = options.minCellSize
  const queries = FIGURE_QUERIES[options.source ?? 'rollups']
  await queries.prepare(db)
  const administration = await findAdministration(db, filters.administrationId)
  if (!administration) throw new BadRequest(`There is no administration ${filters.administrationId}.`)
  const [schools, rows, totals, bands] = await Promise.all([
    comparedSchools(db, filters),
    queries.schoolDomainFigures(db, filters, true),
    // Every role's totals and bands, whatever the role filter: which bands are shown is decided for the school.
    filters.gradeBand ? queries.schoolDomainFigures(db, { ...filters, role: undefined }, false) : Promise.resolve(null),
    filters.gradeBand ? queries.schoolBandCounts(db, { ...filters, role: undefined }) : Promise.resolve(null),
  ])

  const key = (school: number, domain: string, measure: string) => `${school}|${domain}|${measure}`
  const totalN = new Map<string, number>()
  for (const [school, role, domain, measures, n] of totals ?? []) totalN.set(`${key(school, domain, measures)}|${role}`, n)
  // A role's part of a grade band is shown only where the school's profile would show that band (shownCategories,
  // from the same counts): then no sum or difference of the two endpoints' figures isolates 1 to k − 1 people, such
  // as the few who chose neither 6-8 nor 9-12, or the staff in a band that is mostly students.
  const bandParts = new Map<string, { role: string; value: string; n: number }[]>()
  for (const b of bands ?? []) {
    const school = key(b.school_id, b.domain, b.measures)
    bandParts.set(school, [...(bandParts.get(school) ?? []), { role: b.role, value: b.value, n: Number(b.n) }])
  }
  const bandShown = (school: number, domain: string, measure: string) => {
    const totalsOf = Object.fromEntries(ROLES.map((role) => [role, totalN.get(`${key(school, domain, measure)}|${role}`) ?? 0]))
    return shownCategories(bandParts.get(key(school, domain, measure)) ?? [], totalsOf, k).has(filters.gradeBand!)
  }
  // Role summaries per cell (school × domain × measure) by position, not by a string key: a district of 1,000
  // schools has some 86,000 role figures, and this loop is most of the comparison's own time.
  const schoolAt = new Map(schools.map((s, i) => [s.id, i]))
  const domainAt = new Map(options.domains.map((d, i) => [d.id, i]))
  const cellOf = (school: number, domain: number, measure: number) => (school * options.domains.length + domain) * MEASURES.length + measure
  const figures = new RoleFigures(schools.length * options.domains.length * MEASURES.length)
  const bandShownAt = new Map<number, boolean>()
  for (const [schoolId, role, domainId, measures, n, mean, variance] of rows) {
    const school = schoolAt.get(schoolId)
    const domain = domainAt.get(domainId)
    const measure = MEASURES.indexOf(measures)
    if (school === undefined || domain === undefined || measure < 0) continue
    const cell = cellOf(school, domain, measure)
    if (totals) {
      if (!bandShownAt.has(cell)) bandShownAt.set(cell, bandShown(schoolId, domainId, measures))
      if (!bandShownAt.get(cell)) continue
    }
    figures.set(cell, role, n, mean, variance ?? 0)
  }

  const figure = (school: number, domain: number, measure: number): SchoolFigure => schoolFigure(figures, cellOf(school, domain, measure), filters.role, k)

  const perDomain = options.domains.map((domain, d) => {
    const byMeasure = Object.fromEntries(
      MEASURES.map((m, mi) => [m, districtContext(schools.map((_, i) => figure(i, d, mi)))]),
    ) as Record<Measure, ReturnType<typeof districtContext>>
    // Priority: need minus asset, where both are shown; rank 1 is the highest need with the lowest asset.
    const priorities = schools.map((_, i) => {
      const need = byMeasure.need.cells[i]
      const asset = byMeasure.asset.cells[i]
      return need.shown && asset.shown ? round1(need.index - asset.index) : null
    })
    return { domain, byMeasure, priorities, ranks: rankDescending(priorities) }
  })

  const overall = schools.map((_, i) => {
    const values = perDomain.map((d) => d.priorities[i]).filter((v): v is number => v !== null)
    return values.length > 0 ? round1(values.reduce((a, b) => a + b, 0) / values.length) : null
  })
  const overallRanks = rankDescending(overall)

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
      overallPriority: overall[i] === null ? null : { value: overall[i]!, rank: overallRanks[i]! },
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

