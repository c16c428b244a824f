import type { Cell, Table } from '../exports/tables'
import { MEASURES } from '../vocabulary/measures'
import { ROLES } from '../vocabulary/roles'
import type { compareDistrict } from './comparison.service'
import type { schoolProfile } from './profiles.service'

type Comparison = Awaited<ReturnType<typeof compareDistrict>>
type Profile = Awaited<ReturnType<typeof schoolProfile>>
type AnyFigure = { shown: true; index: number; n: number; interval: [number, number] | null } | { shown: false; message: string }

const reasons = (parts: [string, AnyFigure][]) =>
  parts
    .filter(([, f]) => !f.shown)
    .map(([label, f]) => `${label}: ${(f as { message: string }).message}`)
    .join(' ')

/** The comparison matrix, one row per school and domain; withheld cells empty, the reason in its own column. */
export function comparisonTable(comparison: Comparison): Table {
  const label = (domain: string) => comparison.domains.find((d) => d.domain === domain)?.label.default ?? domain
  const rows: Cell[][] = []
  for (const s of comparison.schools) {
    for (const { domain } of comparison.domains) {
      const { need, asset, priority } = s.cells[domain]
      const figure = (f: typeof need) => (f.shown ? [f.index, f.n, f.interval?.[0] ?? null, f.interval?.[1] ?? null, f.percentile, f.difference, f.significant] : [null, null, null, null, null, null, null])
      rows.push([s.school.name, s.school.region, s.school.cohort, label(domain), ...figure(need), ...figure(asset), priority?.value ?? null, priority?.rank ?? null, reasons([['need', need], ['asset', asset]]) || null])
    }
  }
  const measure = (m: string) => [`${m} index`, `${m} n`, `${m} interval low`, `${m} interval high`, `${m} percentile`, `${m} difference from district`, `${m} interval excludes district mean`]
  return {
    name: 'District comparison',
    columns: ['school', 'region', 'cohort', 'domain', ...measure('need'), ...measure('asset'), 'priority (need − asset)', 'priority rank', 'withheld because'],
    rows,
  }
}

export const PROFILE_COLUMNS = [
  'school',
  'school id',
  'administration',
  'administration id',
  'section',
  'domain',
  'domain id',
  'measure',
  'group',
  'breakdown',
  'item id',
  'answer',
  'index (0–100)',
  'n',
  'interval low',
  'interval high',
  'share at high need (%)',
  'share (%)',
  'unmet need (%)',
  'use (%)',
  'awareness gap (%)',
  'withheld because',
] as const

type ProfileColumn = (typeof PROFILE_COLUMNS)[number]

/**
 * A school profile in one long table that BI tools and R read as it is, every row a figure the profile page shows
 * (withheld ones empty, the reason in the last column), with the school and administration on every row:
 * - section "domain": a domain's need or asset index for each role (`group` student, family, staff) and all voices
 *   (`group` all);
 * - section "breakdown": the same by home language, grade band or time at school (`breakdown` the kind, `group` the
 *   category), roles pooled as the page pools them;
 * - section "service": the services grid (unmet need, use, awareness gap);
 * - section "item": each item's answers for each role, a row per answer with its share.
 */
export function profileTable(profile: Profile): Table {
  const label = (domain: string) => profile.domains.find((d) => d.domain === domain)?.label.default ?? domain
  const rows: Cell[][] = []
  const add = (values: Partial<Record<ProfileColumn, Cell>>) =>
    rows.push(
      PROFILE_COLUMNS.map((c) => {
        const common: Partial<Record<ProfileColumn, Cell>> = {
          school: profile.school.name,
          'school id': profile.school.id,
          administration: profile.administration.name,
          'administration id': profile.administration.id,
        }
        return values[c] ?? common[c] ?? null
      }),
    )
  const figure = (f: AnyFigure): Partial<Record<ProfileColumn, Cell>> =>
    f.shown
      ? {
          'index (0–100)': f.index,
          n: f.n,
          'interval low': f.interval?.[0] ?? null,
          'interval high': f.interval?.[1] ?? null,
          'share at high need (%)': (f as { highShare?: number }).highShare ?? null,
        }
      : { 'withheld because': f.message }
  for (const d of profile.domains) {
    for (const measure of MEASURES) {
      const groups: [string, AnyFigure][] = [...ROLES.map((role) => [role, d[measure].roles[role]] as [string, AnyFigure]), ['all', d[measure].allVoices]]
      for (const [group, f] of groups) add({ section: 'domain', domain: label(d.domain), 'domain id': d.domain, measure, group, ...figure(f) })
    }
  }
  for (const b of profile.breakdowns) {
    add({ section: 'breakdown', domain: label(b.domain), 'domain id': b.domain, measure: b.measures, group: b.value, breakdown: b.kind, ...figure(b.figure as AnyFigure) })
  }
  for (const service of profile.services) {
    const f = service.figures
    add({
      section: 'service',
      domain: label(service.domain),
      'domain id': service.domain,
      'item id': service.itemId,
      ...(f.shown ? { n: f.n, 'unmet need (%)': f.unmetNeed, 'use (%)': f.use, 'awareness gap (%)': f.awarenessGap } : { 'withheld because': f.message }),
    })
  }
  for (const item of profile.items) {
    const common = { section: 'item', domain: label(item.domain), 'domain id': item.domain, measure: item.measures, group: item.role, 'item id': item.itemId }
    const f = item.distribution
    if (!f.shown) add({ ...common, 'withheld because': f.message })
    else for (const [answer, share] of Object.entries(f.shares)) add({ ...common, answer, n: f.n, 'share (%)': share })
  }
  return { name: profile.school.name.slice(0, 31), columns: [...PROFILE_COLUMNS], rows }
}
