import { complementSafe } from '../disclosure/categories'
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

/** The per-service grid: unmet need = share "needed it but couldn't get it", use = "used it", awareness gap = "didn't know". */
export function serviceFigures(rows: ChoiceCount[], k: number): ServiceFigures[] {
  const byItem = new Map<string, ChoiceCount[]>()
  for (const row of rows.filter((r) => r.measures === 'service')) byItem.set(row.itemId, [...(byItem.get(row.itemId) ?? []), row])
  return [...byItem.entries()].map(([itemId, counts]) => {
    const d = distribution(mergeRoles(counts), k)
    return {
      itemId,
      domain: counts[0].domain,
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
 * from mixedItemSets).
 */
export function itemFigures(rows: ChoiceCount[], k: number, mixed: Set<string> = new Set()) {
  const byKey = new Map<string, ChoiceCount[]>()
  for (const row of rows.filter((r) => r.measures === 'need' || r.measures === 'asset')) {
    const key = `${row.itemId}|${row.role}`
    byKey.set(key, [...(byKey.get(key) ?? []), row])
  }
  return [...byKey.values()].map((counts) => {
    const n = counts.reduce((sum, c) => sum + c.n, 0)
    const unscored = counts.filter((c) => c.unscored).reduce((sum, c) => sum + c.n, 0)
    return {
      itemId: counts[0].itemId,
      domain: counts[0].domain,
      measures: counts[0].measures,
      role: counts[0].role,
      distribution:
        n >= k && (!complementSafe(unscored, n, k) || mixed.has(`${counts[0].role}|${counts[0].domain}|${counts[0].measures}`)) ? withholdComplement(k) : distribution(counts, k),
    }
  })
}
