/**
 * Hides the small counts of one partition of a total from a person who may not see them: each count under k
 * becomes '<k'; when the hidden counts hold fewer than k people, or just one count is hidden (the total would
 * give it away), the smallest shown ones are hidden too, until at least two are hidden holding at least k people,
 * or all are. `force` hides at least one count even when none is under k.
 */
export function hideSmall(counts: number[], k: number, force = false): boolean[] {
  const hidden = counts.map((n) => n < k)
  if (!hidden.some(Boolean) && !(force && counts.length > 0)) return hidden
  let hiddenSum = counts.reduce((sum, n, i) => sum + (hidden[i] ? n : 0), 0)
  for (const { n, i } of counts.map((n, i) => ({ n, i })).sort((a, b) => a.n - b.n)) {
    if (hidden[i]) continue
    if (hiddenSum >= k && hidden.filter(Boolean).length >= 2) break
    hidden[i] = true
    hiddenSum += n
  }
  return hidden
}
