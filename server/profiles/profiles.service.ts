import type { Kysely } from 'kysely'
import { releaseInfo } from '../analytics/releases.service'
import type { Database, Role } from '../db/schema'
import { BadRequest, NotFound } from '../errors'
import { ROLES } from '../instruments/ana'
import type { Domain } from '../instruments/domains'
import { breakdownCategories, pooledRoles, shownCategories } from '../disclosure/categories'
import { mixedItemSets } from '../disclosure/item-sets'
import { itemFigures, serviceFigures } from './distributions'
import { FIGURE_QUERIES, type FigureSource } from '../analytics/figure-sources'
import { answeredItemSets, BREAKDOWN_KINDS, findAdministration, findSchool, latestAdministrationOf, matchedDomainFigures, previousAdministrationOf, versionItems } from './profiles.queries'
import { schoolResponseCounts } from './rates.service'
import { changeInterval, equalWeightMean, equalWeightVariance, meanInterval, pool, round1, type Summary } from './statistics'
import { withhold, withholdCategory, type Withheld } from '../disclosure/withheld'
import { countFigure } from '../disclosure/counts'
import { offeredQuestions } from './offered'

export interface ShownFigure {
  shown: true
  index: number
  n: number
  interval: [number, number] | null
  /** Share of respondents whose domain score is at or above the high-need threshold (need only). */
  highShare?: number
}
export type Figure = ShownFigure | Withheld

export interface MeasureFigures {
  roles: Record<Role, Figure>
  /** Equal-weight mean of the roles shown; n counts only those roles, so no hidden role can be recovered. */
  allVoices: Figure
}

export interface ProfileOptions {
  minCellSize: number
  highNeedThreshold: number
  domains: Domain[]
  /** Where the aggregates come from; the rollups unless a benchmark or test asks for the full scan. */
  source?: FigureSource
}

function roleFigure(summary: (Summary & { highShare: number }) | undefined, k: number, withHigh: boolean): Figure {
  const n = summary?.n ?? 0
  const hidden = withhold(n, k)
  if (hidden || !summary) return hidden!
  const interval = meanInterval(summary)
  return {
    shown: true,
    index: round1(summary.mean),
    n,
    interval: interval && [round1(interval[0]), round1(interval[1])],
    ...(withHigh ? { highShare: round1(summary.highShare * 100) } : {}),
  }
}

function allVoices(summaries: Summary[], k: number): Figure {
  const shown = summaries.filter((s) => s.n >= k)
  const n = shown.reduce((sum, s) => sum + s.n, 0)
  const combined = equalWeightMean(shown)
  const hidden = withhold(n, k)
  if (hidden || !combined) return hidden ?? withhold(0, k)!
  return { shown: true, index: round1(combined.mean), n, interval: combined.interval && [round1(combined.interval[0]), round1(combined.interval[1])] }
}

/** A school's need and asset profile for one administration: every figure under k withheld with its reason. */
export async function schoolProfile(db: Kysely<Database>, schoolId: number, administrationId: number | undefined, options: ProfileOptions) {
  const school = await findSchool(db, schoolId)
  if (!school) throw new NotFound(`There is no school ${schoolId}.`)
  const administration =
    administrationId === undefined ? await latestAdministrationOf(db, schoolId) : await findAdministration(db, administrationId)
  if (!administration) {
    throw administrationId === undefined
      ? new NotFound(`School ${schoolId} has not taken part in any district administration that has opened yet.`)
      : new BadRequest(`There is no administration ${administrationId}.`)
  }
  const k = options.minCellSize
  const queries = FIGURE_QUERIES[options.source ?? 'rollups']
  await queries.prepare(db)
  const previous = await previousAdministrationOf(db, schoolId, administration.id)
  const [rows, counts, choiceRows, contextRows, pooled, matchedRows, items, itemSets, itemSetsBefore, offered] = await Promise.all([
    queries.domainFigures(db, schoolId, administration.id, options.highNeedThreshold),
    schoolResponseCounts(db, administration.id, schoolId, k),
    queries.itemDistributions(db, schoolId, administration.id),
    queries.contextFigures(db, schoolId, administration.id),
    queries.pooledCounts(db, schoolId, administration.id),
    // Groups whose items did not change read the domain figures; only the others are rescored item by item.
    previous
      ? Promise.all([queries.unchangedDomainFigures(db, schoolId, administration.id, previous.id), matchedDomainFigures(db, schoolId, administration.id, previous.id)]).then((parts) => parts.flat())
      : Promise.resolve([]),
    previous ? versionItems(db, [administration.id, previous.id]) : Promise.resolve([]),
    queries.answeredItemSets(db, schoolId, administration.id),
    previous ? queries.answeredItemSets(db, schoolId, previous.id) : Promise.resolve([]),
    offeredQuestions(db, administration.id, schoolId),
  ])
  const mixed = (sets: typeof itemSets) => mixedItemSets(sets.map((s) => ({ ...s, n: Number(s.n) })), k)
  const mixedNow = mixed(itemSets)
  const mixedBefore = mixed(itemSetsBefore)
  const choices = choiceRows.map((r) => ({ itemId: r.item_id, domain: r.domain, measures: r.measures, role: r.role, choice: r.choice, n: Number(r.n), unscored: r.unscored }))

  const byKey = new Map(
    rows.map((r) => [
      `${r.role}|${r.domain}|${r.measures}`,
      { n: Number(r.n), mean: Number(r.mean), variance: Number(r.variance ?? 0), highShare: Number(r.high_share) },
    ]),
  )
  const enrollment: Record<Role, number | null> = {
    student: school.enrollment_students,
    family: school.enrollment_families,
    staff: school.enrollment_staff,
  }
  // Decided by the response-rate report's own function on the same released counts (rates.service.ts), so the two
  // never disagree and no total of one minus the counts of the other gives a count under k.
  const responses = ROLES.map((role) => ({ role, enrollment: enrollment[role], count: countFigure(counts.roles[role], k) }))

  // Change since the previous administration: all voices, only where both are shown (each role group ≥ k). Both
  // sides are rescored on the items the two administrations' versions share (matched by itemId), so an added,
  // dropped or reworded item does not pass for a change; with the same versions these are the domain figures.
  // Where a side asks items the other does not, its rescored figure is new beside the domain figure, so that role
  // counts only if its respondents' sets of scored items are each none or at least k (as for item distributions).
  const asked = (administrationId: number, role: string, domain: string, measures: string) =>
    new Set(items.filter((i) => i.administration_id === administrationId && i.role === role && i.domain === domain && i.measures === measures).map((i) => i.item_id))
  const rescoredSafely = (administrationId: number, role: string, domain: string, measures: string) => {
    const other = asked(administrationId === administration.id ? previous!.id : administration.id, role, domain, measures)
    const onlyShared = [...asked(administrationId, role, domain, measures)].every((item) => other.has(item))
    return onlyShared || !(administrationId === administration.id ? mixedNow : mixedBefore).has(`${role}|${domain}|${measures}`)
  }
  const summariesOf = (administrationId: number, domain: string, measures: string) =>
    matchedRows
      .filter((r) => r.administration_id === administrationId && r.domain === domain && r.measures === measures && Number(r.n) >= k)
      .filter((r) => rescoredSafely(administrationId, r.role, domain, measures))
      .map((r) => ({ n: Number(r.n), mean: Number(r.mean), variance: Number(r.variance ?? 0) }))
  const changeOf = (domain: string, measures: 'need' | 'asset') => {
    if (!previous) return null
    const now = equalWeightVariance(summariesOf(administration.id, domain, measures))
    const before = equalWeightVariance(summariesOf(previous.id, domain, measures))
    if (!now || !before) return null
    const { change, interval } = changeInterval(now, before)
    return { change: round1(change), interval: [round1(interval[0]), round1(interval[1])] as [number, number], significant: interval[0] > 0 || interval[1] < 0 }
  }

  // How many itemIds of a domain and measure each side's versions ask, and how many both do (the change's items).
  const itemsOf = (domain: string, measures: 'need' | 'asset') => {
    const ids = (administrationId: number) =>
      new Set(items.filter((i) => i.administration_id === administrationId && i.domain === domain && i.measures === measures).map((i) => `${i.role}|${i.item_id}`))
    const current = ids(administration.id)
    const before = previous ? ids(previous.id) : new Set<string>()
    const distinct = (keys: Iterable<string>) => new Set([...keys].map((key) => key.slice(key.indexOf('|') + 1))).size
    return { matched: distinct([...current].filter((key) => before.has(key))), current: distinct(current), previous: distinct(before) }
  }

  const domains = options.domains.map((domain) => {
    const measure = (measures: 'need' | 'asset'): MeasureFigures => {
      const summaries = ROLES.map((role) => byKey.get(`${role}|${domain.id}|${measures}`))
      return {
        roles: Object.fromEntries(ROLES.map((role, i) => [role, roleFigure(summaries[i], k, measures === 'need')])) as Record<Role, Figure>,
        allVoices: allVoices(summaries.filter((s): s is NonNullable<typeof s> => s !== undefined), k),
      }
    }
    return {
      domain: domain.id,
      pillar: domain.pillar,
      label: domain.label,
      need: measure('need'),
      asset: measure('asset'),
      change: { need: changeOf(domain.id, 'need'), asset: changeOf(domain.id, 'asset'), matchedItems: previous ? { need: itemsOf(domain.id, 'need'), asset: itemsOf(domain.id, 'asset') } : null },
    }
  })

  // The three highest need and asset indexes (all voices), among those shown.
  const top = (measure: 'need' | 'asset') =>
    domains
      .map((d) => ({ domain: d.domain, figure: d[measure].allVoices }))
      .filter((d): d is { domain: string; figure: ShownFigure } => d.figure.shown)
      .sort((a, b) => b.figure.index - a.figure.index)
      .slice(0, 3)
      .map((d) => ({ domain: d.domain, index: d.figure.index, n: d.figure.n }))

  // Breakdowns pool, within a category, the roles whose own figure is shown for the domain and measure (pooledRoles,
  // as all voices does; say, the families and students whose grade band is 6-8). A person who gave several values of
  // a kind is in 'multiple', once, so each breakdown is a partition of people. Categories and rows come from the
  // instrument: every category of each breakdown question the school's versions ask, for every domain and measure
  // they score, each shown or withheld with the same object, so nothing listed tells whether anyone is in it. Which
  // categories of a kind are shown is decided for all of them together (shownCategories), from every category people
  // are in: each has at least k people, each role's part of it is none or at least k, and what the shown categories
  // leave of the school and of each role is none or at least k, so no sum or difference of shown figures describes
  // 1 to k − 1 people. The comparison's grade-band views show a role's part of a band by the same decision, from the
  // same counts.
  const counted = new Map<string, { value: string; parts: (Summary & { role: string })[] }[]>()
  for (const r of contextRows) {
    const key = `${r.kind}|${r.domain}|${r.measures}`
    const categories = counted.get(key) ?? []
    let category = categories.find((c) => c.value === r.value)
    if (!category) categories.push((category = { value: r.value, parts: [] }))
    category.parts.push({ role: r.role, n: Number(r.n), mean: Number(r.mean), variance: Number(r.variance ?? 0) })
    counted.set(key, categories)
  }
  const scored = [...new Map(offered.items.filter((i) => i.measures === 'need' || i.measures === 'asset').map((i) => [`${i.domain}|${i.measures}`, i])).values()]
  const withheldCategory = withholdCategory(k)
  const breakdowns = [...breakdownCategories(offered.contexts, BREAKDOWN_KINDS)]
    .flatMap(([kind, values]) =>
      scored.flatMap(({ domain, measures }) => {
        const categories = counted.get(`${kind}|${domain}|${measures}`) ?? []
        const parts = categories.flatMap((c) => c.parts.map((p) => ({ role: p.role, value: c.value, n: p.n })))
        const totals = Object.fromEntries(ROLES.map((role) => [role, byKey.get(`${role}|${domain}|${measures}`)?.n ?? 0]))
        const shown = shownCategories(parts, totals, k)
        const pooled = pooledRoles(totals, k)
        return values.map((value) => {
          const category = categories.find((c) => c.value === value)
          const figure: Figure = category && shown.has(value) ? roleFigure({ ...pool(category.parts.filter((p) => pooled.has(p.role))), highShare: 0 }, k, false) : withheldCategory
          return { kind, value, domain, measures, figure }
        })
      }),
    )
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value) || a.domain.localeCompare(b.domain) || a.measures.localeCompare(b.measures))

  return {
    school: { id: school.id, name: school.name, region: school.region, cohort: school.cohort },
    administration: { id: administration.id, name: administration.name },
    previousAdministration: previous ? { id: previous.id, name: previous.name } : null,
    release: await releaseInfo(db, administration),
    minCellSize: k,
    highNeedThreshold: options.highNeedThreshold,
    responses,
    domains,
    topNeeds: top('need'),
    topAssets: top('asset'),
    services: serviceFigures(choices, k, offered.items),
    items: itemFigures(choices, k, mixedNow, offered.items),
    breakdowns,
  }
}
