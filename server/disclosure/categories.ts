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
 * The categories of one breakdown that may be shown for one school, domain and measure, from each role's people in
 * each category and each role's total. The profile (categories pooled over roles) and the comparison (one role's
 * part) call it with the same counts, so both show the same categories.
 */
export function shownCategories(parts: { role: string; value: string; n: number }[], totals: Record<string, number>, k: number): Set<string> {
  const byValue = new Map<string, Record<string, number>>()
  for (const p of parts) {
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
