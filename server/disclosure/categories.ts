import { byCodePoint } from '../instruments/layout'

/**
 * Complementary suppression for a subgroup (a grade band): shown only when the rest of the group is empty or has at
 * least k people, since the whole group's figure minus this one would otherwise describe fewer than k.
 */
export function complementSafe(subgroupN: number, totalN: number, k: number): boolean {
  const rest = totalN - subgroupN
  return rest === 0 || rest >= k
}

/** A category of a breakdown (a grade band, say) and its people within each whole it splits. */
export interface Category {
  key: string
  /** How many people the category's own figure describes. */
  n: number
  /** Its people within each whole: the school's group ('*'), each role. */
  parts: Record<string, number>
}

/**
 * Complementary suppression across all the categories of one breakdown. A reader can add and subtract every figure
 * shown for the school: its roles, the categories pooled over roles (profile), one role's part of a category
 * (comparison), so what they can isolate is any union of the cells role × shown category and role × the rest
 * (other categories, "prefer not to say", no answer). Each such cell must hold none or at least k people:
 * - a candidate has at least k people, leaves none or at least k of the school and of each role on its own, and
 *   each role's part of it is none or at least k (12 students and 2 staff in 6-8 would give away the 2 staff as the
 *   pooled band minus the students' band);
 * - then, for each role the shown candidates touch, what they leave of it together is none or at least k (bands
 *   6-8 and 9-12 shown together would give away the few who chose neither); the smallest candidate touching a short
 *   role is withheld until that holds.
 */
export function safeCategories(candidates: Category[], wholes: Record<string, number>, k: number): Set<string> {
  const shown = candidates
    .filter((c) => c.n >= k && Object.entries(c.parts).every(([whole, n]) => n === 0 || (n >= k && complementSafe(n, wholes[whole] ?? n, k))))
    .sort((a, b) => a.n - b.n || a.key.localeCompare(b.key))
  for (;;) {
    const short = Object.entries(wholes)
      .filter(([whole, total]) => {
        const taken = shown.reduce((sum, c) => sum + (c.parts[whole] ?? 0), 0)
        return taken > 0 && !complementSafe(taken, total, k)
      })
      .map(([whole]) => whole)
    if (short.length === 0) return new Set(shown.map((c) => c.key))
    shown.splice(
      shown.findIndex((c) => short.some((whole) => (c.parts[whole] ?? 0) > 0)),
      1,
    )
  }
}

/**
 * The roles a breakdown pools for one school, domain and measure: those whose own figure is shown (at least k), as all
 * voices counts only those. A role under k is in no category figure and no whole, so whether 0 or k − 1 of its people
 * are there (one staff member who skipped the domain, say) changes nothing a reader sees.
 */
export function pooledRoles(totals: Record<string, number>, k: number): Set<string> {
  return new Set(Object.entries(totals).filter(([, n]) => n >= k).map(([role]) => role))
}

/**
 * The categories of one breakdown that may be shown for one school, domain and measure, from each role's people in
 * each category and each role's total; only the pooled roles (pooledRoles) count. The profile (categories pooled over
 * those roles) and the comparison (one role's part) call it with the same counts, so both show the same categories.
 */
export function shownCategories(parts: { role: string; value: string; n: number }[], totals: Record<string, number>, k: number): Set<string> {
  const pooled = pooledRoles(totals, k)
  totals = Object.fromEntries(Object.entries(totals).filter(([role]) => pooled.has(role)))
  const byValue = new Map<string, Record<string, number>>()
  for (const p of parts.filter((p) => pooled.has(p.role))) {
    const roles = byValue.get(p.value) ?? {}
    roles[p.role] = (roles[p.role] ?? 0) + p.n
    byValue.set(p.value, roles)
  }
  const categories = [...byValue].map(([key, roles]) => {
    const n = Object.values(roles).reduce((a, b) => a + b, 0)
    return { key, n, parts: { '*': n, ...roles } }
  })
  return safeCategories(categories, { '*': Object.values(totals).reduce((a, b) => a + b, 0), ...totals }, k)
}

/**
 * The category of a person who gave more than one value of a multi-select context (two home languages, children in
 * two grade bands): each breakdown is a partition of people, so they count once, here, never in each value (as a
 * census counts "two or more races"). The database assigns it (context_categories, in
 * migrations/…_breakdowns-count-people-once.ts); no context question may offer it as a choice.
 */
export const MULTIPLE = 'multiple'
/** "Prefer not to say": a choice of every context question, never a category a breakdown shows. */
export const PREFER_NOT_TO_SAY = 'pns'

/** A context question of an instrument version: its kind, the values it offers, whether one person may tick several. */
export interface ContextQuestion {
  version: number
  kind: string
  values: string[]
  multiSelect: boolean
}

/**
 * The categories of each breakdown kind, from the instrument, never from what people answered: every value the
 * versions' questions of that kind offer, "prefer not to say" left out, and MULTIPLE where one person can give more
 * than one value (a multi-select question, or two questions of the kind in one version). A category nobody is in is
 * listed like any other, so the list says nothing of who answered. Kinds no question asks have no entry; values are
 * in code-point order.
 */
export function breakdownCategories(questions: readonly ContextQuestion[], kinds: readonly string[]): Map<string, string[]> {
  const categories = new Map<string, Set<string>>()
  const asked = new Map<string, number>()
  for (const q of questions) {
    if (!kinds.includes(q.kind)) continue
    const values = categories.get(q.kind) ?? new Set<string>()
    for (const value of q.values) if (value !== PREFER_NOT_TO_SAY) values.add(value)
    const key = `${q.version}|${q.kind}`
    asked.set(key, (asked.get(key) ?? 0) + 1)
    if (q.multiSelect || asked.get(key)! > 1) values.add(MULTIPLE)
    categories.set(q.kind, values)
  }
  return new Map([...categories].map(([kind, values]) => [kind, [...values].sort(byCodePoint)]))
}
