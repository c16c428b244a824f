import type { Kysely } from 'kysely'
import { releaseInfo } from '../analytics/releases.service'
import { rollupServiceChoices } from '../analytics/rollups.queries'
import type { Database, Role } from '../db/schema'
import { BadRequest, NotFound } from '../errors'
import { ROLES } from '../vocabulary/roles'
import type { Measure } from '../vocabulary/measures'
import type { Domain } from '../instruments/domains'
import { breakdownCategories, pooledRoles, shownCategories, type ContextQuestion } from '../disclosure/categories'
import { groupKey, type GroupKey } from '../disclosure/groups'
import { mixedItemSets } from '../disclosure/item-sets'
import { itemFigures, serviceFigures, type ChoiceCount } from './distributions'
import { FIGURE_QUERIES, type FigureSource } from '../analytics/figure-sources'
import { comparedSchools } from './comparison.queries'
import { BREAKDOWN_KINDS, findAdministration, findSchool, latestAdministrationOf, matchedDomainFigures, previousAdministrationOf, versionItems } from './profiles.queries'
import { schoolResponseCounts } from './rates.service'
import { changeInterval, equalWeightMean, equalWeightVariance, meanInterval, pool, round1, type Summary } from './statistics'
import { withhold, withholdCategory, type Withheld } from '../disclosure/withheld'
import { countFigure } from '../disclosure/counts'
import { offeredQuestions } from './offered'

type Db = Kysely<Database>
type FigureQueries = (typeof FIGURE_QUERIES)[FigureSource]

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

type RoleSummary = Summary & { highShare: number }

function roleFigure(summary: RoleSummary | undefined, k: number, withHigh: boolean): Figure {
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

/** The school and the administration a profile is of: the one asked for, else the school's latest that has opened. */
async function profileSubject(db: Db, schoolId: number, administrationId: number | undefined) {
  const school = await findSchool(db, schoolId)
  if (!school) throw new NotFound(`There is no school ${schoolId}.`)
  const administration =
    administrationId === undefined ? await latestAdministrationOf(db, schoolId) : await findAdministration(db, administrationId)
  if (!administration) {
    throw administrationId === undefined
      ? new NotFound(`School ${schoolId} has not taken part in any district administration that has opened yet.`)
      : new BadRequest(`There is no administration ${administrationId}.`)
  }
  return { school, administration }
}

/** Every aggregate a profile is built from, read at once. */
async function readProfileRows(db: Db, queries: FigureQueries, schoolId: number, current: number, previous: number | null, k: number, highNeedThreshold: number) {
  const [domainRows, counts, choiceRows, contextRows, matchedRows, items, itemSets, itemSetsBefore, offered] = await Promise.all([
    queries.domainFigures(db, schoolId, current, highNeedThreshold),
    schoolResponseCounts(db, current, schoolId, k),
    queries.itemDistributions(db, schoolId, current),
    queries.contextFigures(db, schoolId, current),
    // Groups whose items did not change read the domain figures; only the others are rescored item by item.
    previous !== null
      ? Promise.all([queries.unchangedDomainFigures(db, schoolId, current, previous), matchedDomainFigures(db, schoolId, current, previous)]).then((parts) => parts.flat())
      : Promise.resolve([]),
    previous !== null ? versionItems(db, [current, previous]) : Promise.resolve([]),
    queries.answeredItemSets(db, schoolId, current),
    previous !== null ? queries.answeredItemSets(db, schoolId, previous) : Promise.resolve([]),
    offeredQuestions(db, current, schoolId),
  ])
  return { domainRows, counts, choiceRows, contextRows, matchedRows, items, itemSets, itemSetsBefore, offered }
}

type ProfileRows = Awaited<ReturnType<typeof readProfileRows>>
type School = Awaited<ReturnType<typeof profileSubject>>['school']

function mixedGroups(sets: ProfileRows['itemSets'], k: number): Set<GroupKey> {
  return mixedItemSets(sets.map((s) => ({ ...s, n: Number(s.n) })), k)
}

/** Each role × domain × measure group's domain-score summary. */
function roleSummaries(rows: ProfileRows['domainRows']): Map<GroupKey, RoleSummary> {
  return new Map(
    rows.map((r) => [groupKey(r.role, r.domain, r.measures), { n: Number(r.n), mean: Number(r.mean), variance: Number(r.variance ?? 0), highShare: Number(r.high_share) }]),
  )
}

function choiceCounts(rows: ProfileRows['choiceRows']): ChoiceCount[] {
  return rows.map((r) => ({ itemId: r.item_id, domain: r.domain, measures: r.measures, role: r.role, choice: r.choice, n: Number(r.n), unscored: r.unscored }))
}

/**
 * Responses per role beside enrollment. Decided by the response-rate report's own function on the same released
 * counts (rates.service.ts), so the two never disagree and no total of one minus the counts of the other gives a
 * count under k.
 */
function responseFigures(school: School, counts: ProfileRows['counts'], k: number) {
  const enrollment: Record<Role, number | null> = {
    student: school.enrollment_students,
    family: school.enrollment_families,
    staff: school.enrollment_staff,
  }
  return ROLES.map((role) => ({ role, enrollment: enrollment[role], count: countFigure(counts.roles[role], k) }))
}

/**
 * What the change since the previous administration is computed from: all voices, only where both are shown (each
 * role group ≥ k). Both sides are rescored on the items the two administrations' versions share (matched by
 * itemId), so an added, dropped or reworded item does not pass for a change; with the same versions these are the
 * domain figures. Where a side asks items the other does not, its rescored figure is new beside the domain figure,
 * so that role counts only if its respondents' sets of scored items are each none or at least k (as for item
 * distributions).
 */
interface ChangeBasis {
  current: number
  previous: number
  /** Per administration, the itemIds its versions ask each role × domain × measure group. */
  asked: Map<number, Map<GroupKey, Set<string>>>
  mixedNow: Set<GroupKey>
  mixedBefore: Set<GroupKey>
  matched: ProfileRows['matchedRows']
  k: number
}

function askedItems(items: ProfileRows['items']): Map<number, Map<GroupKey, Set<string>>> {
  const asked = new Map<number, Map<GroupKey, Set<string>>>()
  for (const i of items) {
    let groups = asked.get(i.administration_id)
    if (!groups) asked.set(i.administration_id, (groups = new Map()))
    const key = groupKey(i.role, i.domain, i.measures)
    let ids = groups.get(key)
    if (!ids) groups.set(key, (ids = new Set()))
    ids.add(i.item_id)
  }
  return asked
}

function askedBy(basis: ChangeBasis, administrationId: number, group: GroupKey): Set<string> {
  return basis.asked.get(administrationId)?.get(group) ?? new Set()
}

/** Whether one side's rescored figure of a group may count: it asks only shared items, or its item sets are not mixed. */
function rescoredSafely(basis: ChangeBasis, administrationId: number, group: GroupKey): boolean {
  const other = askedBy(basis, administrationId === basis.current ? basis.previous : basis.current, group)
  const onlyShared = [...askedBy(basis, administrationId, group)].every((item) => other.has(item))
  return onlyShared || !(administrationId === basis.current ? basis.mixedNow : basis.mixedBefore).has(group)
}

function rescoredSummaries(basis: ChangeBasis, administrationId: number, domain: string, measures: Measure): Summary[] {
  return basis.matched
    .filter((r) => r.administration_id === administrationId && r.domain === domain && r.measures === measures && Number(r.n) >= basis.k)
    .filter((r) => rescoredSafely(basis, administrationId, groupKey(r.role, domain, measures)))
    .map((r) => ({ n: Number(r.n), mean: Number(r.mean), variance: Number(r.variance ?? 0) }))
}

function changeSince(basis: ChangeBasis | null, domain: string, measures: Measure) {
  if (!basis) return null
  const now = equalWeightVariance(rescoredSummaries(basis, basis.current, domain, measures))
  const before = equalWeightVariance(rescoredSummaries(basis, basis.previous, domain, measures))
  if (!now || !before) return null
  const { change, interval } = changeInterval(now, before)
  return { change: round1(change), interval: [round1(interval[0]), round1(interval[1])] as [number, number], significant: interval[0] > 0 || interval[1] < 0 }
}

/** How many itemIds of a domain and measure each side's versions ask, and how many both do (the change's items). */
function matchedItems(basis: ChangeBasis, domain: string, measures: Measure) {
  const current = ROLES.map((role) => askedBy(basis, basis.current, groupKey(role, domain, measures)))
  const before = ROLES.map((role) => askedBy(basis, basis.previous, groupKey(role, domain, measures)))
  const distinct = (sets: Set<string>[]) => new Set(sets.flatMap((ids) => [...ids])).size
  const both = current.map((ids, r) => new Set([...ids].filter((item) => before[r].has(item))))
  return { matched: distinct(both), current: distinct(current), previous: distinct(before) }
}

function measureFigures(summaries: Map<GroupKey, RoleSummary>, domain: string, measures: Measure, k: number): MeasureFigures {
  const byRole = ROLES.map((role) => summaries.get(groupKey(role, domain, measures)))
  return {
    roles: Object.fromEntries(ROLES.map((role, i) => [role, roleFigure(byRole[i], k, measures === 'need')])) as Record<Role, Figure>,
    allVoices: allVoices(byRole.filter((s): s is RoleSummary => s !== undefined), k),
  }
}

function domainProfile(domain: Domain, summaries: Map<GroupKey, RoleSummary>, change: ChangeBasis | null, k: number) {
  return {
    domain: domain.id,
    pillar: domain.pillar,
    label: domain.label,
    need: measureFigures(summaries, domain.id, 'need', k),
    asset: measureFigures(summaries, domain.id, 'asset', k),
    change: {
      need: changeSince(change, domain.id, 'need'),
      asset: changeSince(change, domain.id, 'asset'),
      matchedItems: change ? { need: matchedItems(change, domain.id, 'need'), asset: matchedItems(change, domain.id, 'asset') } : null,
    },
  }
}

/** The three highest need or asset indexes (all voices), among those shown. */
function topDomains(domains: ReturnType<typeof domainProfile>[], measure: Measure) {
  return domains
    .map((d) => ({ domain: d.domain, figure: d[measure].allVoices }))
    .filter((d): d is { domain: string; figure: ShownFigure } => d.figure.shown)
    .sort((a, b) => b.figure.index - a.figure.index)
    .slice(0, 3)
    .map((d) => ({ domain: d.domain, index: d.figure.index, n: d.figure.n }))
}

/** A breakdown question's kind × domain × measure, as one Map key. */
type BreakdownKey = string & { readonly __brand: 'BreakdownKey' }
const breakdownKey = (kind: string, domain: string, measures: string) => `${kind}|${domain}|${measures}` as BreakdownKey

interface CategoryParts {
  value: string
  parts: (Summary & { role: string })[]
}

/** The categories people are in, per kind, domain and measure, each with its roles' summaries. */
function countedCategories(rows: ProfileRows['contextRows']): Map<BreakdownKey, CategoryParts[]> {
  const counted = new Map<BreakdownKey, CategoryParts[]>()
  for (const r of rows) {
    const key = breakdownKey(r.kind, r.domain, r.measures)
    const categories = counted.get(key) ?? []
    let category = categories.find((c) => c.value === r.value)
    if (!category) categories.push((category = { value: r.value, parts: [] }))
    category.parts.push({ role: r.role, n: Number(r.n), mean: Number(r.mean), variance: Number(r.variance ?? 0) })
    counted.set(key, categories)
  }
  return counted
}

/** The domains and measures the offered versions score (need or asset), each once. */
function scoredGroups(items: ProfileRows['offered']['items']): { domain: string; measures: string }[] {
  const seen = new Map<string, Set<string>>()
  const groups: { domain: string; measures: string }[] = []
  for (const { domain, measures } of items) {
    if (measures !== 'need' && measures !== 'asset') continue
    let ofDomain = seen.get(domain)
    if (!ofDomain) seen.set(domain, (ofDomain = new Set()))
    if (ofDomain.has(measures)) continue
    ofDomain.add(measures)
    groups.push({ domain, measures })
  }
  return groups
}

interface BreakdownInputs {
  counted: Map<BreakdownKey, CategoryParts[]>
  summaries: Map<GroupKey, RoleSummary>
  k: number
  withheld: Withheld
}

/** One kind's categories for one domain and measure: the roles shown for it pooled, where the category is shown. */
function categoryFigures(inputs: BreakdownInputs, kind: string, values: string[], domain: string, measures: string) {
  const { counted, summaries, k } = inputs
  const categories = counted.get(breakdownKey(kind, domain, measures)) ?? []
  const parts = categories.flatMap((c) => c.parts.map((p) => ({ role: p.role, value: c.value, n: p.n })))
  const totals = Object.fromEntries(ROLES.map((role) => [role, summaries.get(groupKey(role, domain, measures))?.n ?? 0]))
  const shown = shownCategories(parts, totals, k)
  const pooled = pooledRoles(totals, k)
  return values.map((value) => {
    const category = categories.find((c) => c.value === value)
    const figure: Figure = category && shown.has(value) ? roleFigure({ ...pool(category.parts.filter((p) => pooled.has(p.role))), highShare: 0 }, k, false) : inputs.withheld
    return { kind, value, domain, measures, figure }
  })
}

/**
 * Breakdowns pool, within a category, the roles whose own figure is shown for the domain and measure (pooledRoles,
 * as all voices does; say, the families and students whose grade band is 6-8). A person who gave several values of
 * a kind is in 'multiple', once, so each breakdown is a partition of people. Categories and rows come from the
 * instrument: every category of each breakdown question the school's versions ask, for every domain and measure
 * they score, each shown or withheld with the same object, so nothing listed tells whether anyone is in it. Which
 * categories of a kind are shown is decided for all of them together (shownCategories), from every category people
 * are in: each has at least k people, each role's part of it is none or at least k, and what the shown categories
 * leave of the school and of each role is none or at least k, so no sum or difference of shown figures describes
 * 1 to k − 1 people. The comparison's grade-band views show a role's part of a band by the same decision, from the
 * same counts.
 */
function breakdownFigures(offered: { contexts: ContextQuestion[]; items: ProfileRows['offered']['items'] }, contextRows: ProfileRows['contextRows'], summaries: Map<GroupKey, RoleSummary>, k: number) {
  const inputs: BreakdownInputs = { counted: countedCategories(contextRows), summaries, k, withheld: withholdCategory(k) }
  const scored = scoredGroups(offered.items)
  return [...breakdownCategories(offered.contexts, BREAKDOWN_KINDS)]
    .flatMap(([kind, values]) => scored.flatMap(({ domain, measures }) => categoryFigures(inputs, kind, values, domain, measures)))
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value) || a.domain.localeCompare(b.domain) || a.measures.localeCompare(b.measures))
}

/**
 * A cross-tab of one school: need or asset indexes by role and one breakdown kind (home language, grade band, time at
 * school), every domain, from the same release and the same decision as the profile's breakdowns. A role's part of a
 * category is shown only where the category is shown (shownCategories: each role's part of a shown category is none
 * or at least k, and what the shown categories leave of each role is none or at least k, so no difference of shown
 * figures describes 1 to k − 1 people) and the role's own figure for the domain is shown, and it has at least k
 * people; `all` is the category pooled over the roles, as the breakdowns show it. Every cell the instrument can have
 * is listed, shown or withheld with the same object.
 */
export async function schoolCrossTab(db: Db, schoolId: number, administrationId: number | undefined, kind: string, measure: Measure, options: ProfileOptions) {
  const { school, administration } = await profileSubject(db, schoolId, administrationId)
  const k = options.minCellSize
  const queries = FIGURE_QUERIES[options.source ?? 'rollups']
  await queries.prepare(db)
  // Only what a cross-tab is made of: the domain figures (which roles are shown), the context figures, the offer.
  const [domainRows, contextRows, offered] = await Promise.all([
    queries.domainFigures(db, schoolId, administration.id, options.highNeedThreshold),
    queries.contextFigures(db, schoolId, administration.id),
    offeredQuestions(db, administration.id, schoolId),
  ])
  const summaries = roleSummaries(domainRows)
  const domains = options.domains.map((domain) => domainProfile(domain, summaries, null, k))
  const counted = countedCategories(contextRows)
  const withheld = withholdCategory(k)
  const values = breakdownCategories(offered.contexts, BREAKDOWN_KINDS).get(kind) ?? []
  const cells = scoredGroups(offered.items)
    .filter((g) => g.measures === measure)
    .flatMap(({ domain }) => {
      const categories = counted.get(breakdownKey(kind, domain, measure)) ?? []
      const parts = categories.flatMap((c) => c.parts.map((p) => ({ role: p.role, value: c.value, n: p.n })))
      const totals = Object.fromEntries(ROLES.map((role) => [role, summaries.get(groupKey(role, domain, measure))?.n ?? 0]))
      const shown = shownCategories(parts, totals, k)
      const pooled = pooledRoles(totals, k)
      const ownShown = domains.find((d) => d.domain === domain)?.[measure].roles
      return values.flatMap((value) => {
        const category = categories.find((c) => c.value === value)
        const open = category !== undefined && shown.has(value)
        const all: Figure = open ? roleFigure({ ...pool(category.parts.filter((p) => pooled.has(p.role))), highShare: 0 }, k, false) : withheld
        const byRole = ROLES.map((role) => {
          const part = category?.parts.find((p) => p.role === role)
          const figure: Figure = open && part && part.n >= k && pooled.has(role) && ownShown?.[role].shown ? roleFigure({ ...part, highShare: 0 }, k, false) : withheld
          return { role: role as string, value, domain, figure }
        })
        return [...byRole, { role: 'all', value, domain, figure: all }]
      })
    })
  return {
    school: { id: school.id, name: school.name },
    administration: { id: administration.id, name: administration.name },
    release: await releaseInfo(db, administration),
    minCellSize: k,
    kind,
    measure,
    values,
    cells,
  }
}

/**
 * The district's cross-tab: each role and group pooled over the schools whose own cross-tab shows that cell, and
 * nothing else. A district cell is a sum of shown school cells (people and their weighted mean), so it says nothing
 * the schools' pages do not already say to district staff, and no difference between it and a school's cell
 * describes fewer than k people who are not in a shown cell. Its interval is not given: the shown figures carry no
 * variance to pool. `schools` says how many schools each cell pools.
 */
export async function districtCrossTab(db: Db, administrationId: number, kind: string, measure: Measure, options: ProfileOptions) {
  const administration = await findAdministration(db, administrationId)
  if (!administration) throw new BadRequest(`There is no administration ${administrationId}.`)
  const schools = await comparedSchools(db, { administrationId })
  const k = options.minCellSize
  const tabs: Awaited<ReturnType<typeof schoolCrossTab>>[] = []
  // A few schools at a time: each reads its own aggregates, as its profile does.
  for (let i = 0; i < schools.length; i += 4) tabs.push(...(await Promise.all(schools.slice(i, i + 4).map((s) => schoolCrossTab(db, s.id, administrationId, kind, measure, options)))))
  const values = [...new Set(tabs.flatMap((t) => t.values))].sort()
  const pooled = new Map<string, { role: string; value: string; domain: string; n: number; sum: number; schools: number }>()
  for (const tab of tabs) {
    for (const cell of tab.cells) {
      const key = `${cell.role}|${cell.value}|${cell.domain}`
      const entry = pooled.get(key) ?? { role: cell.role, value: cell.value, domain: cell.domain, n: 0, sum: 0, schools: 0 }
      if (cell.figure.shown) {
        entry.n += cell.figure.n
        entry.sum += cell.figure.n * cell.figure.index
        entry.schools += 1
      }
      pooled.set(key, entry)
    }
  }
  const withheld = withholdCategory(k)
  return {
    administration: { id: administration.id, name: administration.name },
    release: await releaseInfo(db, administration),
    minCellSize: k,
    kind,
    measure,
    values,
    schools: schools.length,
    cells: [...pooled.values()].map((c) => ({
      role: c.role,
      value: c.value,
      domain: c.domain,
      schools: c.schools,
      figure: (c.schools > 0 ? { shown: true, index: round1(c.sum / c.n), n: c.n, interval: null } : withheld) as Figure,
    })),
  }
}

/** A school's need and asset profile for one administration: every figure under k withheld with its reason. */
export async function schoolProfile(db: Db, schoolId: number, administrationId: number | undefined, options: ProfileOptions) {
  const { school, administration } = await profileSubject(db, schoolId, administrationId)
  const k = options.minCellSize
  const queries = FIGURE_QUERIES[options.source ?? 'rollups']
  await queries.prepare(db)
  const previous = await previousAdministrationOf(db, schoolId, administration.id)
  const rows = await readProfileRows(db, queries, schoolId, administration.id, previous?.id ?? null, k, options.highNeedThreshold)
  const mixedNow = mixedGroups(rows.itemSets, k)
  const summaries = roleSummaries(rows.domainRows)
  const change: ChangeBasis | null = previous
    ? { current: administration.id, previous: previous.id, asked: askedItems(rows.items), mixedNow, mixedBefore: mixedGroups(rows.itemSetsBefore, k), matched: rows.matchedRows, k }
    : null
  const domains = options.domains.map((domain) => domainProfile(domain, summaries, change, k))
  const choices = choiceCounts(rows.choiceRows)

  return {
    school: { id: school.id, name: school.name, region: school.region, cohort: school.cohort },
    administration: { id: administration.id, name: administration.name },
    previousAdministration: previous ? { id: previous.id, name: previous.name } : null,
    release: await releaseInfo(db, administration),
    minCellSize: k,
    highNeedThreshold: options.highNeedThreshold,
    responses: responseFigures(school, rows.counts, k),
    domains,
    topNeeds: topDomains(domains, 'need'),
    topAssets: topDomains(domains, 'asset'),
    services: serviceFigures(choices, k, rows.offered.items),
    items: itemFigures(choices, k, mixedNow, rows.offered.items),
    breakdowns: breakdownFigures(rows.offered, rows.contextRows, summaries, k),
  }
}

/** Per school, the service grid (the profile's own figures, withheld under k), read for all schools in one query. */
export async function serviceGridsOfSchools(db: Db, schoolIds: number[], administrationId: number, k: number) {
  const bySchool = new Map<number, ChoiceCount[]>(schoolIds.map((id) => [id, []]))
  for (const r of await rollupServiceChoices(db, schoolIds, administrationId)) {
    bySchool.get(r.school_id)?.push({ itemId: r.item_id, domain: r.domain, measures: r.measures, role: r.role, choice: r.choice, n: Number(r.n) })
  }
  return new Map([...bySchool].map(([schoolId, choices]) => [schoolId, serviceFigures(choices, k)]))
}
