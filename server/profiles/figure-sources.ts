import { schoolBandCounts, schoolDomainFigures } from './comparison.queries'
import { answeredItemSets, contextFigures, domainFigures, itemDistributions, pooledCounts, unchangedDomainFigures } from './profiles.queries'
import {
  rollupAnsweredItemSets,
  rollupContextFigures,
  rollupDomainFigures,
  rollupItemDistributions,
  rollupPooledCounts,
  rollupSchoolBandCounts,
  rollupSchoolDomainFigures,
  rollupUnchangedDomainFigures,
} from './rollups.queries'

/**
 * Where the profile and comparison services read their aggregates: the rollups (the default, fast at district
 * scale) or a full scan of the response rows (the reference). Both give the same rows to the last digit, so the
 * same service code turns either into identical figures; npm run bench:profiles runs both and compares.
 */
export type FigureSource = 'rollups' | 'full-scan'

export const FIGURE_QUERIES = {
  'full-scan': { schoolDomainFigures, schoolBandCounts, domainFigures, contextFigures, pooledCounts, itemDistributions, answeredItemSets, unchangedDomainFigures },
  rollups: {
    schoolDomainFigures: rollupSchoolDomainFigures,
    schoolBandCounts: rollupSchoolBandCounts,
    domainFigures: rollupDomainFigures,
    contextFigures: rollupContextFigures,
    pooledCounts: rollupPooledCounts,
    itemDistributions: rollupItemDistributions,
    answeredItemSets: rollupAnsweredItemSets,
    unchangedDomainFigures: rollupUnchangedDomainFigures,
  },
} satisfies Record<FigureSource, Record<string, unknown>>
