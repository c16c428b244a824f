import type { Cell, Table } from '../exports/tables'
import { MEASURES } from '../vocabulary/measures'
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

/** A school profile, one row per domain, measure and group (student, family, staff, all voices). */
export function profileTable(profile: Profile): Table {
  const rows: Cell[][] = []
  for (const d of profile.domains) {
    for (const measure of MEASURES) {
      const groups: [string, AnyFigure][] = [
        ['students', d[measure].roles.student],
        ['families', d[measure].roles.family],
        ['staff', d[measure].roles.staff],
        ['all voices', d[measure].allVoices],
      ]
      for (const [group, f] of groups) {
        rows.push([
          d.label.default ?? d.domain,
          measure,
          group,
          f.shown ? f.index : null,
          f.shown ? f.n : null,
          f.shown ? (f.interval?.[0] ?? null) : null,
          f.shown ? (f.interval?.[1] ?? null) : null,
          f.shown && 'highShare' in f ? ((f as { highShare?: number }).highShare ?? null) : null,
          f.shown ? null : (f as { message: string }).message,
        ])
      }
    }
  }
  return {
    name: profile.school.name.slice(0, 31),
    columns: ['domain', 'measure', 'group', 'index (0–100)', 'n', 'interval low', 'interval high', 'share at high need (%)', 'withheld because'],
    rows,
  }
}
