import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

/** The administration an export is of: its name and window (the export's coarsest day is the window). */
export function exportedAdministration(db: Kysely<Database>, administrationId: number) {
  return db
    .selectFrom('administrations')
    .select(['id', 'name', 'opens_at', 'closes_at', 'closed_at', 'time_zone'])
    .where('id', '=', administrationId)
    .executeTakeFirst()
}

/** The versions an administration offers, with their definitions (the export's columns). */
export function offeredVersions(db: Kysely<Database>, administrationId: number) {
  return db
    .selectFrom('administration_instruments as ai')
    .innerJoin('instrument_versions as v', 'v.id', 'ai.instrument_version_id')
    .select(['v.id', 'v.slug', 'v.version', 'v.definition'])
    .where('ai.administration_id', '=', administrationId)
    .orderBy('v.slug')
    .execute()
}

/** Every released response of an administration with its school and release. */
export function releasedResponses(db: Kysely<Database>, administrationId: number) {
  return (
    db
      .selectFrom('responses as r')
      // Released responses only: the export follows the same releases as every figure.
      .innerJoin('releases as x', 'x.id', 'r.release_id')
      .innerJoin('schools as s', 's.id', 'r.school_id')
      .select(['x.number as release', 'r.school_id', 's.name as school', 's.region', 'r.role', 'r.instrument_version_id', 'r.locale', 'r.channel', 'r.received_at', 'r.answers'])
      .where('r.administration_id', '=', administrationId)
      .where('r.release_id', 'is not', null)
      .execute()
  )
}
