import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { schoolBandCounts, schoolDomainFigures } from '../profiles/comparison.queries'
import { answeredItemSets, contextFigures, domainFigures, itemDistributions, unchangedDomainFigures } from '../profiles/profiles.queries'
import {
  rollupAnsweredItemSets,
  rollupContextFigures,
  rollupDomainFigures,
  rollupItemDistributions,
  rollupSchoolBandCounts,
  rollupSchoolDomainFigures,
  rollupUnchangedDomainFigures,
} from './rollups.queries'

/**
 * Where the profile and comparison services read their aggregates: the rollups (the default, fast at district
 * scale) or a full scan of the response rows (the reference). Both give the same rows to the last digit, so the
 * same service code turns either into identical figures; npm run bench:profiles runs both and compares. Both hold
 * the current release only: the rollups fold only released responses, and the views show only released responses.
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
    itemDistributions,
    answeredItemSets,
    unchangedDomainFigures,
  },
  rollups: {
    /** Nothing to do either: a release cut folds what it takes in, and a read never writes. */
    prepare: async (_db: Kysely<Database>) => 0,
    schoolDomainFigures: rollupSchoolDomainFigures,
    schoolBandCounts: rollupSchoolBandCounts,
    domainFigures: rollupDomainFigures,
    contextFigures: rollupContextFigures,
    itemDistributions: rollupItemDistributions,
    answeredItemSets: rollupAnsweredItemSets,
    unchangedDomainFigures: rollupUnchangedDomainFigures,
  },
} satisfies Record<FigureSource, Record<string, unknown>>
