import { complementSafe } from '../disclosure/categories'
import { groupKey, type GroupKey } from '../disclosure/groups'
import { byCodePoint } from '../instruments/layout'
import { round1 } from './statistics'
import { withhold, withholdComplement, type Withheld } from '../disclosure/withheld'

export interface ChoiceCount {
  itemId: string
  domain: string
  measures: string
  role: string
  choice: string
  n: number
  /** An answer that scores nothing (prefer not to say, don't know): its people have no domain score from it. */
  unscored?: boolean
}

export type Distribution =
  | { shown: true; n: number; shares: Record<string, number> }
  | Withheld

/** Shares (0–100) of each answer among those who answered; withheld under k. */
export function distribution(counts: { choice: string; n: number }[], k: number): Distribution {
  const n = counts.reduce((sum, c) => sum + c.n, 0)
  const hidden = withhold(n, k)
  if (hidden) return hidden
  return { shown: true, n, shares: Object.fromEntries(counts.map((c) => [c.choice, round1((100 * c.n) / n)])) }
}

export interface ServiceFigures {
  itemId: string
  domain: string
  figures: { shown: true; n: number; unmetNeed: number; use: number; awarenessGap: number } | Withheld
}

/** An item an instrument version asks a role: a report lists it whether or not anyone answered. */
export interface ListedItem {
  itemId: string
  domain: string
  measures: string
  role: string
}

/**
 * The per-service grid: unmet need = share "needed it but couldn't get it", use = "used it", awareness gap = "didn't
 * know". With `listed` (the service items the instrument asks), one row per listed service in itemId order, answered
 * or not, so which rows exist says nothing of who answered; without, one per service someone answered.
 */
export function serviceFigures(rows: ChoiceCount[], k: number, listed?: readonly ListedItem[]): ServiceFigures[] {
  const byItem = new Map<string, ChoiceCount[]>()
  for (const row of rows.filter((r) => r.measures === 'service')) byItem.set(row.itemId, [...(byItem.get(row.itemId) ?? []), row])
  const services = listed
    ? [...new Map(listed.filter((i) => i.measures === 'service').map((i) => [i.itemId, i.domain]))].sort(([a], [b]) => byCodePoint(a, b))
    : [...byItem].map(([itemId, counts]) => [itemId, counts[0].domain] as const)
  return services.map(([itemId, domain]) => {
    const d = distribution(mergeRoles(byItem.get(itemId) ?? []), k)
    return {
      itemId,
      domain,
      figures: d.shown
        ? { shown: true as const, n: d.n, unmetNeed: d.shares['couldnt-get'] ?? 0, use: d.shares.used ?? 0, awarenessGap: d.shares['didnt-know'] ?? 0 }
        : d,
    }
  })
}

function mergeRoles(counts: ChoiceCount[]): { choice: string; n: number }[] {
  const merged = new Map<string, number>()
  for (const c of counts) merged.set(c.choice, (merged.get(c.choice) ?? 0) + c.n)
  return [...merged.entries()].map(([choice, n]) => ({ choice, n }))
}

/**
 * Per scored item and role: the answer distribution among that role's respondents. Its scored answers are the
 * role's domain figure when the domain has this one item, so they must be none or at least k as well: 12 answers
 * of which 3 are "prefer not to say" would otherwise show the withheld figure of the other 9 (n and mean). And none
 * is shown for a role's domain whose respondents scored on different sets of its items, one set under k (`mixed`,
 * from mixedItemSets). With `listed` (the need and asset items the instrument asks each role), one row per listed
 * item and role in itemId and role order, answered or not, so which rows exist says nothing of which items a small
 * group skipped; without, one per item and role someone answered.
 */
export function itemFigures(rows: ChoiceCount[], k: number, mixed: ReadonlySet<GroupKey> = new Set(), listed?: readonly ListedItem[]) {
  const byKey = new Map<string, ChoiceCount[]>()
  for (const row of rows.filter((r) => r.measures === 'need' || r.measures === 'asset')) {
    const key = `${row.itemId}|${row.role}`
    byKey.set(key, [...(byKey.get(key) ?? []), row])
  }
  const items: ListedItem[] = listed
    ? [...new Map(listed.filter((i) => i.measures === 'need' || i.measures === 'asset').map((i) => [`${i.itemId}|${i.role}`, i])).values()].sort(
        (a, b) => byCodePoint(a.itemId, b.itemId) || byCodePoint(a.role, b.role),
      )
    : [...byKey.values()].map((counts) => counts[0])
  return items.map(({ itemId, domain, measures, role }) => {
    const counts = byKey.get(`${itemId}|${role}`) ?? []
    const n = counts.reduce((sum, c) => sum + c.n, 0)
    const unscored = counts.filter((c) => c.unscored).reduce((sum, c) => sum + c.n, 0)
    return {
      itemId,
      domain,
      measures,
      role,
      distribution: n >= k && (!complementSafe(unscored, n, k) || mixed.has(groupKey(role, domain, measures))) ? withholdComplement(k) : distribution(counts, k),
    }
  })
}
