/**
 * The gap logic of the asset map, as plain functions: the survey's need and asset indexes beside the services in
 * place. Only shown figures enter it: a withheld figure makes the status 'withheld', never a guess, so a flag or its
 * absence says nothing about a figure under k.
 */

export interface GapThresholds {
  /** Need index (all voices) at or above this is high. */
  needAtLeast: number
  /** Asset index (all voices) at or below this is low. */
  assetAtMost: number
  /** A service-grid "didn't know it existed" share at or above this is an awareness problem. */
  awarenessAtLeast: number
}

type ShownIndex = { shown: true; index: number; n: number }
export type IndexFigure = ShownIndex | { shown: false; message: string }

export interface GridFigure {
  itemId: string
  figures: { shown: true; n: number; awarenessGap: number; unmetNeed: number; use: number } | { shown: false }
}

/**
 * - gap: high need, low asset and no active service for the domain;
 * - served: high need and low asset, with at least one active service behind it;
 * - none: need not high or asset not low;
 * - withheld: need or asset is withheld (fewer than k people), so nothing is concluded.
 */
export type GapStatus = 'gap' | 'served' | 'none' | 'withheld'

export interface DomainGap {
  status: GapStatus
  highNeed: boolean | null
  /** Service-grid items of the domain whose awareness gap reaches the threshold (shown figures only). */
  awareness: { itemId: string; awarenessGap: number; n: number }[]
}

export function domainGap(need: IndexFigure, asset: IndexFigure, activeServices: number, grid: GridFigure[], t: GapThresholds): DomainGap {
  const awareness = grid.flatMap((g) => (g.figures.shown && g.figures.awarenessGap >= t.awarenessAtLeast ? [{ itemId: g.itemId, awarenessGap: g.figures.awarenessGap, n: g.figures.n }] : []))
  if (!need.shown || !asset.shown) return { status: 'withheld', highNeed: need.shown ? need.index >= t.needAtLeast : null, awareness }
  const unmet = need.index >= t.needAtLeast && asset.index <= t.assetAtMost
  return { status: unmet ? (activeServices > 0 ? 'served' : 'gap') : 'none', highNeed: need.index >= t.needAtLeast, awareness }
}

/** Thresholds from the query where given, else the configured defaults; each 0–100. */
export function thresholdsOf(defaults: GapThresholds, query: Partial<GapThresholds>): GapThresholds {
  return {
    needAtLeast: query.needAtLeast ?? defaults.needAtLeast,
    assetAtMost: query.assetAtMost ?? defaults.assetAtMost,
    awarenessAtLeast: query.awarenessAtLeast ?? defaults.awarenessAtLeast,
  }
}
