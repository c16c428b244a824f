import type { CrossTab, Figure, ProfileBreakdown } from '../../api/profiles'
import type { BREAKDOWN_KINDS } from '../../../server/profiles/profiles.queries'
import { formatGrades, parseGradeRange } from '../../../server/schools/grade-spans'
import type { Measure } from '../../../server/vocabulary/measures'
import type { ProfileFormat } from './use-profile-format'

/** A breakdown's kind as the profile API names it (profiles.queries.ts). */
export type BreakdownKind = (typeof BREAKDOWN_KINDS)[number]
export type Breakdown = ProfileBreakdown

/** The kinds in the order a reader asks about them: "what do Spanish-speaking families need?" comes first. */
const KIND_ORDER: readonly BreakdownKind[] = ['home-language', 'grade-band', 'time-at-school']

/** How long people have been at the school, shortest first (the instruments' time-at-school values). */
const TIME_AT_SCHOOL_ORDER = ['lt1', '1-2', '3-5', '6plus']

/**
 * Home-language values Intl would name wrongly or not at all, named from our strings: asl is not American Sign
 * Language's tag (ase); Intl calls cmn and zh both "Chinese" and tl "Filipino", where the instruments offer
 * Mandarin beside Cantonese, Chinese as either, and "Tagalog or Filipino".
 */
const NAMED_LANGUAGE_VALUES = ['asl', 'cmn', 'indigenous', 'other', 'tl', 'zh']

/** The person who gave more than one value of a kind (server/disclosure/categories.ts MULTIPLE). */
const MULTIPLE = 'multiple'

/** The kinds a profile has breakdowns for, in reading order; a kind this page does not know yet goes last. */
export function breakdownKinds(breakdowns: readonly Breakdown[]): string[] {
  const kinds = [...new Set(breakdowns.map((b) => b.kind))]
  const rank = (kind: string) => {
    const i = (KIND_ORDER as readonly string[]).indexOf(kind)
    return i === -1 ? KIND_ORDER.length : i
  }
  return kinds.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

/** A group's name in the staff page's language: languages through Intl.DisplayNames, bands and spans from our strings. */
export function groupName(kind: string, value: string, lng: string, t: ProfileFormat['t']): string {
  if (value === MULTIPLE) return t(`breakdowns.multiple.${kind}`, { defaultValue: t('breakdowns.multiple.other') })
  if (kind === 'home-language') {
    if (NAMED_LANGUAGE_VALUES.includes(value)) return t(`breakdowns.languages.${value}`)
    return capitalize(languageName(value, lng) ?? value, lng)
  }
  if (kind === 'grade-band') {
    const range = parseGradeRange(value)
    return range ? t('breakdowns.gradeBand', { grades: formatGrades([range]) }) : value
  }
  if (kind === 'time-at-school') return t(`breakdowns.timeAtSchool.${value}`, { defaultValue: value })
  return value
}

function languageName(code: string, lng: string): string | undefined {
  try {
    return new Intl.DisplayNames([lng, 'en'], { type: 'language', fallback: 'none' }).of(code)
  } catch {
    // A value that is not a well-formed tag: its code, as the instrument wrote it.
    return undefined
  }
}

/** "español" heads a column as "Español"; in the language's own casing rules. */
function capitalize(text: string, lng: string): string {
  return text.charAt(0).toLocaleUpperCase(lng) + text.slice(1)
}

/** Groups in the order a reader scans them: bands and time spans from low to high, languages by name; "other" and "more than one" last. */
export function orderGroups(kind: string, values: readonly string[], name: (value: string) => string, lng: string): string[] {
  const collator = new Intl.Collator(lng)
  const last = (v: string) => (v === MULTIPLE ? 2 : v === 'other' ? 1 : 0)
  const position = (v: string): number => {
    if (kind === 'grade-band') return parseGradeRange(v)?.from ?? Infinity
    if (kind === 'time-at-school') {
      const i = TIME_AT_SCHOOL_ORDER.indexOf(v)
      return i === -1 ? Infinity : i
    }
    return 0
  }
  return [...values].sort((a, b) => last(a) - last(b) || position(a) - position(b) || collator.compare(name(a), name(b)))
}

export interface BreakdownTable {
  /** Groups with at least one figure shown, as columns. */
  groups: string[]
  /** Groups withheld in every domain: named once below the table rather than as columns of hatched cells. */
  withheldEverywhere: string[]
  /** One row per domain the breakdown has, in the profile's domain order; each group's figure. */
  rows: { domain: string; figures: Record<string, Figure> }[]
}

/**
 * One kind's figures for one measure as a table of domains by group. Every category the API lists stays on the page
 * (as a column, or named as withheld everywhere), so the page says no more about who answered than the API does.
 */
export function breakdownTable(breakdowns: readonly Breakdown[], kind: string, measure: Measure, domainOrder: readonly string[]): BreakdownTable {
  const cells = breakdowns.filter((b) => b.kind === kind && b.measures === measure)
  const byDomain = new Map<string, Record<string, Figure>>()
  for (const b of cells) {
    const figures = byDomain.get(b.domain) ?? {}
    figures[b.value] = b.figure
    byDomain.set(b.domain, figures)
  }
  const values = [...new Set(cells.map((b) => b.value))]
  const shownSomewhere = new Set(cells.filter((b) => b.figure.shown).map((b) => b.value))
  const rank = (domain: string) => {
    const i = domainOrder.indexOf(domain)
    return i === -1 ? domainOrder.length : i
  }
  return {
    groups: values.filter((v) => shownSomewhere.has(v)),
    withheldEverywhere: values.filter((v) => !shownSomewhere.has(v)),
    rows: [...byDomain].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([domain, figures]) => ({ domain, figures })),
  }
}

export interface CrossTabTable {
  /** Roles (student, family, staff, then all) with the groups that have a figure shown for them, as column groups. */
  columns: { role: string; groups: string[] }[]
  /** Role and group pairs withheld in every domain, named below the table. */
  withheldEverywhere: { role: string; value: string }[]
  rows: { domain: string; figures: Record<string, Figure> }[]
}

const ROLE_ORDER = ['student', 'family', 'staff', 'all']
export const crossKey = (role: string, value: string) => `${role}|${value}`

/**
 * A cross-tab as a table of domains by role and group. As with the breakdowns, every pair the API lists stays on the
 * page: as a column, or named as withheld everywhere; a role none of whose groups is shown is named that way too.
 */
export function crossTabTable(crossTab: CrossTab, domainOrder: readonly string[], order: (values: string[]) => string[]): CrossTabTable {
  const byDomain = new Map<string, Record<string, Figure>>()
  const shown = new Set<string>()
  for (const c of crossTab.cells) {
    const figures = byDomain.get(c.domain) ?? {}
    figures[crossKey(c.role, c.value)] = c.figure
    byDomain.set(c.domain, figures)
    if (c.figure.shown) shown.add(crossKey(c.role, c.value))
  }
  const roles = [...new Set(crossTab.cells.map((c) => c.role))].sort((a, b) => ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b))
  const values = order(crossTab.values)
  const rank = (domain: string) => {
    const i = domainOrder.indexOf(domain)
    return i === -1 ? domainOrder.length : i
  }
  return {
    columns: roles.map((role) => ({ role, groups: values.filter((v) => shown.has(crossKey(role, v))) })).filter((c) => c.groups.length > 0),
    withheldEverywhere: roles.flatMap((role) => values.filter((v) => !shown.has(crossKey(role, v))).map((value) => ({ role, value }))),
    rows: [...byDomain].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([domain, figures]) => ({ domain, figures })),
  }
}
