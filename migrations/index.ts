import type { Migration } from 'kysely'
import * as initial from './2026-11-22T00-00_initial'
import * as responseContexts from './2026-11-22T01-00_response-contexts'
import * as accounts from './2026-11-23T02-00_accounts'
import * as rollups from './2026-11-24T00-00_rollups'
import * as itemSetRollups from './2026-11-24T01-00_item-set-rollups'
import * as rollupPending from './2026-11-24T02-00_rollup-pending'
import * as versionScoredItems from './2026-11-24T03-00_version-scored-items'
import * as rollupMoments from './2026-11-24T04-00_rollup-moments'
import * as administrations from './2026-11-25T00-00_administrations'
import * as designer from './2026-11-25T10-00_designer'
import * as partners from './2026-11-25T20-00_partners'
import * as responseKeysBySchool from './2026-11-26T00-00_response-keys-by-school'
import * as responseScoresInOneRow from './2026-12-06T00-00_response-scores-in-one-row'
import * as releases from './2026-12-07T00-00_releases'
import * as administrationRunBy from './2026-12-07T02-00_administration-run-by'
import * as breakdownsCountPeopleOnce from './2026-12-07T03-00_breakdowns-count-people-once'
import * as reviewHolds from './2026-12-07T04-00_review-holds'
import * as schoolsDirectory from './2026-12-08T00-00_schools-directory'
import * as districtSignIn from './2026-12-08T02-00_district-sign-in'
import * as signInThrottle from './2026-12-08T04-00_sign-in-throttle'
import * as apiTokens from './2026-12-08T14-00_api-tokens'
import * as releaseViews from './2026-12-08T10-00_release-views'

/** Every migration by name, in order. A test checks that each file in this folder is listed here. */
export const migrations: Record<string, Migration> = {
  '2026-11-22T00-00_initial': initial,
  '2026-11-22T01-00_response-contexts': responseContexts,
  '2026-11-23T02-00_accounts': accounts,
  '2026-11-24T00-00_rollups': rollups,
  '2026-11-24T01-00_item-set-rollups': itemSetRollups,
  '2026-11-24T02-00_rollup-pending': rollupPending,
  '2026-11-24T03-00_version-scored-items': versionScoredItems,
  '2026-11-24T04-00_rollup-moments': rollupMoments,
  '2026-11-25T00-00_administrations': administrations,
  '2026-11-25T10-00_designer': designer,
  '2026-11-25T20-00_partners': partners,
  '2026-11-26T00-00_response-keys-by-school': responseKeysBySchool,
  '2026-12-06T00-00_response-scores-in-one-row': responseScoresInOneRow,
  '2026-12-07T00-00_releases': releases,
  '2026-12-07T02-00_administration-run-by': administrationRunBy,
  '2026-12-07T03-00_breakdowns-count-people-once': breakdownsCountPeopleOnce,
  '2026-12-07T04-00_review-holds': reviewHolds,
  '2026-12-08T00-00_schools-directory': schoolsDirectory,
  '2026-12-08T02-00_district-sign-in': districtSignIn,
  '2026-12-08T04-00_sign-in-throttle': signInThrottle,
  '2026-12-08T10-00_release-views': releaseViews,
  '2026-12-08T14-00_api-tokens': apiTokens,
}
