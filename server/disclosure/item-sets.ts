import { groupKey, type GroupKey } from './groups'

/**
 * The role × domain × measure groups (groups.ts) whose item distributions must be withheld: those
 * where respondents scored on different sets of the domain's items and one such set has 1 to k − 1 people. The
 * domain figure (the mean of each respondent's item mean) and the item distributions together are equations in
 * what each set's people answered: with 25 families on both items and 5 on the first only, they give the mean of
 * the 5.
 */
export function mixedItemSets(sets: { role: string; domain: string; measures: string; n: number }[], k: number): Set<GroupKey> {
  const byGroup = new Map<GroupKey, number[]>()
  for (const s of sets) {
    const key = groupKey(s.role, s.domain, s.measures)
    byGroup.set(key, [...(byGroup.get(key) ?? []), s.n])
  }
  return new Set([...byGroup].filter(([, counts]) => counts.length > 1 && counts.some((n) => n > 0 && n < k)).map(([key]) => key))
}
