/** Why a figure is not shown. Zero and one-to-k-minus-one look the same, so a withheld cell says nothing of its size. */
export type WithheldReason = 'fewer-than-k'

export interface Withheld {
  shown: false
  reason: WithheldReason
  message: string
}

export function withhold(n: number, k: number): Withheld | null {
  if (n >= k) return null
  return { shown: false, reason: 'fewer-than-k', message: `Fewer than ${k} people answered, so this figure is withheld to protect their privacy.` }
}

/** Complementary suppression: the figure has k people, but taking it from a shown one would leave fewer. */
export function withholdComplement(k: number): Withheld {
  return { shown: false, reason: 'fewer-than-k', message: `Withheld so that the rest of the group (fewer than ${k} people) cannot be worked out.` }
}
