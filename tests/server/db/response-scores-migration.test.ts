import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../server/db/schema'
import { migrateToLatest, migrator } from '../../../server/db/migrate'
import { generateAnswers } from '../../../server/demo/answers'
import { seededRandom } from '../../../server/demo/random'
import { indexDefinition } from '../../../server/instruments/definition-index'
import { syncSurveyLibrary } from '../../../server/instruments/instruments.service'
import { readCheckedLibrary } from '../../../server/instruments/library'
import { scoreResponse } from '../../../server/instruments/scoring'
import { createIntake } from '../../../server/intake/intake.service'
import { cutRelease } from '../../../server/analytics/releases.service'
import { foldPendingResponses, rollupMismatches } from '../../../server/analytics/rollups.repository'
import { migrations } from '../../../migrations'
import { freshDatabase, type TestDatabase } from '../../helpers/database'
import { openAdministration } from '../../helpers/fixtures'

// Responses stored the old way (a row per item score, domain score and context answer) are the same rows, read
// through the views, after the migration that moves them into arrays on the response's row.
const BEFORE = '2026-11-26T00-00_response-keys-by-school'
const INSTRUMENTS = [
  { slug: 'family-ana', version: 1 },
  { slug: 'staff-ana', version: 1 },
]

let database: TestDatabase
let db: Kysely<Database>
let admin: Awaited<ReturnType<typeof openAdministration>>
const snapshot: Record<string, string[]> = {}
const random = seededRandom(21)

/** A table's (or view's) rows in a stable order. */
const rowsOf = async (table: 'response_items' | 'response_domain_scores' | 'response_contexts') =>
  (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows.map((r) => JSON.stringify(r)).sort()

function groupBy<T, K>(list: T[], key: (t: T) => K): T[][] {
  const groups = new Map<K, T[]>()
  for (const t of list) groups.set(key(t), [...(groups.get(key(t)) ?? []), t])
  return [...groups.values()]
}

/** How intake stored a response before the migration (its statement, as it was). */
async function storeTheOldWay(versionId: number, role: string, schoolId: number, answers: Record<string, unknown>, definition: Record<string, unknown>) {
  const { items, domains, contexts } = scoreResponse(indexDefinition(definition), answers)
  await sql`
    with inserted as (
      insert into responses (id, school_id, administration_id, instrument_version_id, role, locale, channel, answers, payload_hash)
      values (${randomUUID()}, ${schoolId}, ${admin.administrationId}, ${versionId}, ${role}, 'en', 'kiosk', ${JSON.stringify(answers)}::jsonb, 'old')
      returning id, school_id, administration_id, role
    ),
    item_rows as (
      insert into response_items (response_id, school_id, administration_id, role, item_id, domain, measures, choice, score)
      select r.id, r.school_id, r.administration_id, r.role, u.* from inserted r,
        unnest(${items.map((i) => i.itemId)}::text[], ${items.map((i) => i.domain)}::text[], ${items.map((i) => i.measures)}::text[],
               ${items.map((i) => i.choice)}::text[], ${items.map((i) => i.score)}::float8[]) as u
    ),
    domain_rows as (
      insert into response_domain_scores (response_id, school_id, administration_id, role, domain, measures, score, items)
      select r.id, r.school_id, r.administration_id, r.role, u.* from inserted r,
        unnest(${domains.map((d) => d.domain)}::text[], ${domains.map((d) => d.measures)}::text[], ${domains.map((d) => d.score)}::float8[], ${domains.map((d) => d.items)}::int[]) as u
    ),
    context_rows as (
      insert into response_contexts (response_id, school_id, administration_id, role, kind, value)
      select r.id, r.school_id, r.administration_id, r.role, u.* from inserted r, unnest(${contexts.map((c) => c.kind)}::text[], ${contexts.map((c) => c.value)}::text[]) as u
    )
    insert into rollup_pending (school_id, response_id) select school_id, id from inserted`.execute(db)
}

beforeAll(async () => {
  database = await freshDatabase({ template: null })
  db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) })
  const { error } = await migrator(db).migrateTo(BEFORE)
  if (error) throw error
  await syncSurveyLibrary(db, readCheckedLibrary(path.resolve(import.meta.dirname, '../../../surveys')).files)
  admin = await openAdministration(db, { schools: 2, instruments: INSTRUMENTS, grades: 'TK-12' })
  for (const { slug } of INSTRUMENTS) {
    const version = await db.selectFrom('instrument_versions as v').innerJoin('instruments as i', 'i.slug', 'v.slug').select(['v.id', 'v.definition', 'i.role']).where('v.slug', '=', slug).executeTakeFirstOrThrow()
    const index = indexDefinition(version.definition)
    for (let r = 0; r < 12; r++) {
      const answers = generateAnswers(index, random, (domain) => (domain.length % 5) / 5)
      await storeTheOldWay(version.id, version.role, admin.schools[r % 2].id, answers, version.definition)
    }
  }
  for (const table of ['response_items', 'response_domain_scores', 'response_contexts'] as const) snapshot[table] = await rowsOf(table)
  const names = Object.keys(migrations)
  const applied = await migrateToLatest(db)
  expect(applied[0]).toBe('2026-12-06T00-00_response-scores-in-one-row')
  expect(applied).toEqual(names.slice(names.indexOf(BEFORE) + 1))
}, 120_000)

afterAll(async () => {
  await db?.destroy()
  await database?.drop()
})

describe('the move of response scores into arrays', () => {
  it('keeps every item score, domain score and context answer as the same rows, read through the views', async () => {
    expect(snapshot.response_items.length).toBeGreaterThan(24 * 20)
    for (const table of ['response_items', 'response_domain_scores', 'response_contexts'] as const) {
      expect(await rowsOf(table)).toEqual(snapshot[table])
    }
  })

  it('lays out each version in code-point order of itemIds and domains, with a bit per item of a domain', async () => {
    const items = await db.selectFrom('instrument_version_items').selectAll().orderBy('instrument_version_id').orderBy('position').execute()
    const byVersion = groupBy(items, (s) => s.instrument_version_id)
    expect(byVersion.length).toBe(2)
    for (const slots of byVersion) {
      expect(slots.map((s) => s.position)).toEqual(slots.map((_, i) => i + 1))
      const ids = slots.map((s) => s.item_id)
      expect(ids).toEqual([...ids].sort())
      for (const group of groupBy(slots.filter((s) => s.domain_position !== null), (s) => s.domain_position)) {
        expect(group.map((s) => s.domain_bit)).toEqual(group.map((_, i) => i))
      }
    }
  })

  it('puts every response stored before releases into release 1 of its administration, so the figures stay shown', async () => {
    const releases = await db.selectFrom('releases').select(['id', 'administration_id', 'number', 'final']).execute()
    expect(releases).toEqual([{ id: expect.any(Number), administration_id: admin.administrationId, number: 1, final: false }])
    const byRelease = await db.selectFrom('responses').select(['release_id', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('release_id').execute()
    expect(byRelease.map((r) => ({ release_id: r.release_id, n: Number(r.n) }))).toEqual([{ release_id: releases[0].id, n: 24 }])
  })

  it('folds the responses stored before it into rollups equal to a fresh aggregate', async () => {
    // Folded by a later migration (which rebuilds the rollups from the released responses) or by this fold: either
    // way every one of the 24 is in the rollups, once, and none is left pending.
    await foldPendingResponses(db, { wait: true })
    const { n } = await db.selectFrom('rollup_pending').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(Number(n)).toBe(0)
    const { rows } = await sql<{ rollup: string; raw: string; responses: string }>`
      select (select sum(n) from domain_rollups where context_kind = '') as rollup, (select count(*) from response_domain_scores) as raw,
             (select count(distinct response_id) from response_domain_scores) as responses`.execute(db)
    expect({ rollup: Number(rows[0].rollup), raw: Number(rows[0].raw), responses: Number(rows[0].responses) }).toEqual({ rollup: Number(rows[0].raw), raw: Number(rows[0].raw), responses: 24 })
    expect(await rollupMismatches(db, null)).toEqual({ domain_rollups: 0, domain_score_histogram: 0, domain_item_sets: 0, item_choice_rollups: 0 })
  })

  it('takes new responses after it, with slots added for items no earlier response had answered', async () => {
    const before = await db.selectFrom('instrument_version_items').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    const intake = createIntake(db)
    const version = await db.selectFrom('instrument_versions').select(['id', 'definition']).where('slug', '=', 'family-ana').executeTakeFirstOrThrow()
    const index = indexDefinition(version.definition)
    // A school that joins the administration after the upgrade: its first release will take in all it sends.
    const school = await db
      .insertInto('schools')
      .values({ code: 'LATE-1', name: 'Late Elementary', region: 'North', cohort: null, grades: 'TK-12', enrollment_students: null, enrollment_families: 100, enrollment_staff: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db.insertInto('access_codes').values({ code: 'LATE1CODE', administration_id: admin.administrationId, school_id: school.id }).execute()
    for (let r = 0; r < 6; r++) {
      const answers = generateAnswers(index, random, () => 0.5)
      const receipt = await intake.submit({ id: randomUUID(), code: 'LATE1CODE', slug: 'family-ana', version: 1, locale: 'en', channel: 'phone', answers })
      expect(receipt.created).toBe(true)
    }
    // And one more family at a school released by the upgrade: alone, it waits for k.
    const lone = generateAnswers(index, random, () => 0.5)
    expect((await intake.submit({ id: randomUUID(), code: admin.codes[0].code, slug: 'family-ana', version: 1, locale: 'en', channel: 'phone', answers: lone })).created).toBe(true)
    const after = await db.selectFrom('instrument_version_items').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(Number(after.n)).toBeGreaterThanOrEqual(Number(before.n))
    // In no release yet, they are in no view and no rollup: a fold takes none of them.
    expect(await foldPendingResponses(db, { wait: true })).toBe(0)
    for (const table of ['response_items', 'response_domain_scores', 'response_contexts'] as const) expect(await rowsOf(table)).toEqual(snapshot[table])
    const cut = await cutRelease(db, admin.administrationId, { minCellSize: 10, review: null, cutBy: null })
    expect(cut).toMatchObject({ release: { number: 2, final: false }, released: 6, schoolsWaiting: 1 })
    expect(await foldPendingResponses(db, { wait: true })).toBe(0)
    expect(await rollupMismatches(db, null)).toEqual({ domain_rollups: 0, domain_score_histogram: 0, domain_item_sets: 0, item_choice_rollups: 0 })
    const { n } = await db.selectFrom('rollup_pending').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(Number(n)).toBe(1)
  })
})
