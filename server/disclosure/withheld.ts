import type { Withheld } from '../vocabulary/withheld'

export type { Withheld, WithheldReason } from '../vocabulary/withheld'

export function withhold(n: number, k: number): Withheld | null {
  if (n >= k) return null
  return { shown: false, reason: 'fewer-than-k', message: `Fewer than ${k} people answered, so this figure is withheld to protect their privacy.` }
}

/** Complementary suppression: the figure has k people, but taking it from a shown one would leave fewer. */
export function withholdComplement(k: number): Withheld {
  return { shown: false, reason: 'fewer-than-k', message: `Withheld so that the rest of the group (fewer than ${k} people) cannot be worked out.` }
}

/**
 * The one withheld object of every withheld breakdown category, whatever is behind it: nobody (its categories come
 * from the instrument, so an empty one is listed too), 1 to k − 1 people, or k or more withheld for a smaller rest.
 * Telling these apart would tell a reader that someone, or some small group, is there.
 */
export function withholdCategory(k: number): Withheld {
  return {
    shown: false,
    reason: 'fewer-than-k',
    message: `Withheld to protect privacy: fewer than ${k} people are in this group, or showing it would let a smaller group be worked out.`,
  }
}
