/** Why a figure is not shown. Zero and one-to-k-minus-one look the same, so a withheld cell says nothing of its size. */
export type WithheldReason = 'fewer-than-k'

/** A figure or count not shown: the same shape everywhere, whatever its size (server/disclosure/withheld.ts decides). */
export interface Withheld {
  shown: false
  reason: WithheldReason
  message: string
}
