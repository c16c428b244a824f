import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
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
import { foldPendingResponses } from './rollups.repository'

/**
 * Where the profile and comparison services read their aggregates: the rollups (the default, fast at district
 * scale) or a full scan of the response rows (the reference). Both give the same rows to the last digit, so the
 * same service code turns either into identical figures; npm run bench:profiles runs both and compares.
 */
export type FigureSource = 'rollups' | 'full-scan'

export const FIGURE_QUERIES = {
  'full-scan': {
    /** Nothing to bring up to date: the response rows are the source. */
    prepare: async (_db: Kysely<Database>) => 0,
    schoolDomainFigures,
    schoolBandCounts,
    domainFigures,
    contextFigures,
    pooledCounts,
    itemDistributions,
    answeredItemSets,
    unchangedDomainFigures,
  },
  rollups: {
    /** Folds the responses still pending, so the rollups hold every response stored before the read. */
    prepare: (db: Kysely<Database>) => foldPendingResponses(db, { wait: true }),
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
