/**
 * The review rule: which new responses a release cut holds back for a district admin to look at first.
 *
 * The release rule (release-rule.ts) cannot stop padding: whoever has an access code (a school team, anyone who read
 * a poster) can top a group of one real person up to k with answers of their own, and the padded batch passes; the
 * figure shown minus what they sent is that one person. Padding leaves traces a real school rarely does, so a cut
 * holds a response for review when, within its school and role of one administration:
 *
 *   - burst: it belongs to a run of at least `burst` (B, by default k − 1) unreleased responses that arrived one
 *     after the other with no gap longer than `spanMs` (15 minutes) between two consecutive ones, by received_at.
 *     Any B responses received within one span of each other are in such a run, so the run holds everything a
 *     sliding window would, and the rest of the run too: a padder cannot slip the edges of a burst through;
 *   - over enrollment: the school and role have more responses (all but those set aside) than the school has
 *     students, families or staff (headcount); an unknown enrollment sets no cap.
 *
 * Only new responses (in no release and never held) are held. The other unreleased ones (held, approved but not
 * yet released, set aside, stored since the cut began) count toward a run: a burst that goes on after it was held,
 * or set aside, is still a burst. Released ones do not: padding must be new, in the same batch as the person it
 * pads (the release rule takes a school's new responses in only as a batch that adds 0 or at least k people to every
 * cell), so counting them would only hold the ordinary responses that follow a busy day already released. Released
 * and waiting responses count toward enrollment; set-aside ones toward nothing but runs. A held response counts in
 * no release and no cell until a district admin approves its hold; then it joins by the release rule.
 */
export const HOLD_REASONS = ['burst', 'over-enrollment'] as const
export type HoldReason = (typeof HOLD_REASONS)[number]

export interface ReviewRule {
  /** B: this many responses in one run is a burst. */
  burst: number
  /** The longest gap between two consecutive responses of one run, in milliseconds. */
  spanMs: number
}

/** new: to be decided now; waiting: unreleased otherwise (held, approved, stored since); set aside for good. */
export type ResponseState = 'new' | 'waiting' | 'set-aside'

export interface ReviewGroup<Key> {
  schoolId: number
  role: string
  /** Students, families or staff of the school, by the group's role; null when unknown. */
  enrollment: number | null
  /** How many of its responses are released: they count toward enrollment only. */
  released: number
  /** Its unreleased responses: when each was received (ms) and what it is now. */
  responses: readonly { key: Key; at: number; state: ResponseState }[]
}

export interface HoldDecision<Key> {
  schoolId: number
  role: string
  reasons: HoldReason[]
  /** The new responses it holds, by received_at. */
  keys: Key[]
}

/** Splits responses sorted by time into runs: a new run starts after a gap longer than spanMs. */
export function runsOf<T extends { at: number }>(sorted: readonly T[], spanMs: number): T[][] {
  const runs: T[][] = []
  for (const response of sorted) {
    const run = runs.at(-1)
    if (run && response.at - run[run.length - 1].at <= spanMs) run.push(response)
    else runs.push([response])
  }
  return runs
}

/**
 * The holds for one administration's groups: one per burst run that has new responses (reasons ['burst'], plus
 * 'over-enrollment' when the group is over it), and one for the group's other new responses when it is over
 * enrollment. A new response is in at most one hold.
 */
export function findHolds<Key>(groups: readonly ReviewGroup<Key>[], rule: ReviewRule): HoldDecision<Key>[] {
  const holds: HoldDecision<Key>[] = []
  for (const group of groups) {
    const sorted = [...group.responses].sort((a, b) => a.at - b.at)
    const people = group.released + sorted.filter((r) => r.state !== 'set-aside').length
    const over = group.enrollment !== null && people > group.enrollment
    const inBurst = new Set<Key>()
    for (const run of runsOf(sorted, rule.spanMs)) {
      if (run.length < rule.burst) continue
      const keys = run.filter((r) => r.state === 'new').map((r) => r.key)
      if (keys.length === 0) continue
      for (const key of keys) inBurst.add(key)
      holds.push({ schoolId: group.schoolId, role: group.role, reasons: over ? ['burst', 'over-enrollment'] : ['burst'], keys })
    }
    if (!over) continue
    const rest = sorted.filter((r) => r.state === 'new' && !inBurst.has(r.key)).map((r) => r.key)
    if (rest.length > 0) holds.push({ schoolId: group.schoolId, role: group.role, reasons: ['over-enrollment'], keys: rest })
  }
  return holds
}
