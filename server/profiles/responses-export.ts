import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { BadRequest } from '../errors'
import { indexDefinition } from '../instruments/definition-index'
import type { Table } from './exports'

/**
 * A de-identified response-level table for district analysts: one row per response, a column per question (a matrix
 * row per column, checkbox choices joined with ';'), the day of submission only. Free text is left out unless asked
 * for, and then given only for schools with at least k responses in the administration.
 */
export async function responsesTable(db: Kysely<Database>, administrationId: number, options: { includeText: boolean; minCellSize: number }): Promise<Table> {
  const administration = await db.selectFrom('administrations').select(['id', 'name']).where('id', '=', administrationId).executeTakeFirst()
  if (!administration) throw new BadRequest(`There is no administration ${administrationId}.`)
  const versions = await db
    .selectFrom('administration_instruments as ai')
    .innerJoin('instrument_versions as v', 'v.id', 'ai.instrument_version_id')
    .select(['v.id', 'v.slug', 'v.version', 'v.definition'])
    .where('ai.administration_id', '=', administrationId)
    .orderBy('v.slug')
    .execute()

  // Columns: every answerable question of every offered version, as slug.question (and .row for matrices).
  const columns: { key: string; question: string; row?: string; text: boolean }[] = []
  for (const v of versions) {
    for (const q of indexDefinition(v.definition).questions.values()) {
      if (q.type === 'matrix') for (const row of q.rows) columns.push({ key: `${v.slug}.${q.name}.${row.value}`, question: q.name, row: String(row.value), text: false })
      else columns.push({ key: `${v.slug}.${q.name}`, question: q.name, text: q.ana?.context === 'open-text' || q.type === 'comment' || q.type === 'text' })
    }
  }
  const bySlug = new Map(versions.map((v) => [v.id, v.slug]))
  const visible = columns.filter((c) => options.includeText || !c.text)

  const rows = await db
    .selectFrom('responses as r')
    .innerJoin('schools as s', 's.id', 'r.school_id')
    .select(['r.school_id', 's.name as school', 's.region', 'r.role', 'r.instrument_version_id', 'r.locale', 'r.channel', 'r.received_at', 'r.answers'])
    .where('r.administration_id', '=', administrationId)
    .orderBy('s.name')
    .orderBy('r.received_at')
    .execute()
  const perSchool = new Map<number, number>()
  for (const r of rows) perSchool.set(r.school_id, (perSchool.get(r.school_id) ?? 0) + 1)

  return {
    name: 'Responses',
    columns: ['row', 'school', 'region', 'role', 'instrument', 'language', 'channel', 'day', ...visible.map((c) => c.key)],
    rows: rows.map((r, i) => {
      const slug = bySlug.get(r.instrument_version_id)!
      const answers = r.answers as Record<string, unknown>
      const textAllowed = (perSchool.get(r.school_id) ?? 0) >= options.minCellSize
      return [
        i + 1,
        r.school,
        r.region,
        r.role,
        slug,
        r.locale,
        r.channel,
        r.received_at.toISOString().slice(0, 10),
        ...visible.map((c) => {
          if (!c.key.startsWith(`${slug}.`)) return null
          const answer = answers[c.question]
          if (answer === undefined || answer === null) return null
          if (c.text) return textAllowed ? String(answer) : null
          if (c.row !== undefined) return ((answer as Record<string, unknown>)[c.row] ?? null) as string | null
          return Array.isArray(answer) ? answer.join(';') : (answer as string | number)
        }),
      ]
    }),
  }
}
