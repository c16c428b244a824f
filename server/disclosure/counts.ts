import { withhold, withholdComplement, type Withheld } from './withheld'

/**
 * Hides the small counts of one partition of a total from a person who may not see them: each count under k
 * becomes '<k'; when the hidden counts hold fewer than k people, or just one count is hidden (the total would
 * give it away), the smallest shown ones are hidden too, until at least two are hidden holding at least k people,
 * or all are. The total minus the shown counts is the sum of the hidden ones, and each hidden count says whether
 * it is under k ('<k'): so when all the hidden ones are '<k' and hold exactly k − 1 each (4 and 4 of 28, k = 5),
 * the sum would pin them, and one more is hidden. `force` hides at least one count even when none is under k.
 */
export function hideSmall(counts: number[], k: number, force = false): boolean[] {
  const hidden = counts.map((n) => n < k)
  if (!hidden.some(Boolean) && !(force && counts.length > 0)) return hidden
  let hiddenSum = counts.reduce((sum, n, i) => sum + (hidden[i] ? n : 0), 0)
  const hiddenCount = () => hidden.filter(Boolean).length
  const pinned = () => hidden.every((h, i) => !h || counts[i] < k) && hiddenSum === (k - 1) * hiddenCount()
  for (const { n, i } of counts.map((n, i) => ({ n, i })).sort((a, b) => a.n - b.n)) {
    if (hidden[i]) continue
    if (hiddenSum >= k && hiddenCount() >= 2 && !pinned()) break
    hidden[i] = true
    hiddenSum += n
  }
  return hidden
}

/**
 * A count as shown: the number; '<k' for a count under k (zero included, so it says nothing of its size); or hidden
 * with no size given, a count of k or more hidden only so that a smaller one beside it cannot be worked out. The
 * same for every staff role: nobody reads an exact count under k.
 */
export type Count = { n: number } | { under: number } | { hidden: 'complement' }

function shownOrHidden(n: number, hidden: boolean, k: number): Count {
  if (!hidden) return { n }
  return n < k ? { under: k } : { hidden: 'complement' }
}

/** One school's released responses, counted two ways: by role and by the language they answered in. */
export interface SchoolCounts {
  /** Every role, with its count. */
  roles: Record<string, number>
  /** The roles the school is offered an instrument for: their zero is not public, so they take part in the hiding. */
  offered: readonly string[]
  /** Every language a respondent could answer in (the categories come from the catalogue, zero included). */
  languages: Record<string, number>
}

export interface SchoolCountsShown {
  total: Count
  roles: Record<string, Count>
  languages: Record<string, Count>
}

/**
 * The one decision on a school's response counts, for every report that shows them (the response rates, the school
 * profile's respondents per role). Roles and languages are two partitions of the same people:
 * - each is hidden by hideSmall, so what is hidden in it is at least two counts holding at least k people, or all;
 * - a role nobody could answer as (not offered, no responses) has a zero everyone knows: shown, and no part of it;
 * - the school's total is shown only when no role is hidden: then it is the sum of shown roles and gives nothing
 *   away. Were it shown beside hidden roles, the total minus any stand-in for a role's count (a domain figure's n
 *   in the profile counts nearly every respondent of the role) would give the smaller one away;
 * - so when roles hide, languages hide too (a language partition of one included), or their sum would be the total.
 * When only languages hide, roles need not: the total is then the sum of shown roles, and the hidden languages still
 * hold at least k people together.
 */
export function discloseSchoolCounts(counts: SchoolCounts, k: number): SchoolCountsShown {
  const roleKeys = Object.keys(counts.roles)
  const partition = roleKeys.filter((r) => counts.offered.includes(r) || counts.roles[r] > 0)
  const roleHidden = hideSmall(partition.map((r) => counts.roles[r]), k)
  const rolesHide = roleHidden.some(Boolean)
  const languageKeys = Object.keys(counts.languages)
  const languageHidden = hideSmall(languageKeys.map((l) => counts.languages[l]), k, rolesHide)
  const total = roleKeys.reduce((sum, r) => sum + counts.roles[r], 0)
  return {
    total: shownOrHidden(total, rolesHide || total < k, k),
    roles: Object.fromEntries(roleKeys.map((r) => [r, shownOrHidden(counts.roles[r], partition.includes(r) && roleHidden[partition.indexOf(r)], k)])),
    languages: Object.fromEntries(languageKeys.map((l, i) => [l, shownOrHidden(counts.languages[l], languageHidden[i], k)])),
  }
}

/** A range of counts shown in place of a live count: from–to, both included. */
export interface Band {
  from: number
  to: number
}

/**
 * The band of width k a live count is in: 0–(k−1), k–(2k−1), … Bands are aligned on multiples of k, so every lower
 * edge is a multiple of k and every upper edge one less: bands of one growing count alone never pin it to one
 * value, nor the difference of two of them (one day's count). Beside an exact released total they can pin a day
 * to none at most, a change the release rule allows too.
 */
export function band(n: number, k: number): Band {
  const from = Math.floor(Math.max(0, n) / k) * k
  return { from, to: from + k - 1 }
}

/** Running totals of counts per day, each as its band: live progress without any day's exact count. */
export function runningBands(perDay: readonly number[], k: number): Band[] {
  let running = 0
  return perDay.map((n) => band((running += n), k))
}

/** A count in the withheld shape the profile's figures use: shown with its n, or withheld with the reason. */
export function countFigure(count: Count, k: number): { shown: true; n: number } | Withheld {
  if ('n' in count) return { shown: true, n: count.n }
  return 'under' in count ? withhold(0, k)! : withholdComplement(k)
}
