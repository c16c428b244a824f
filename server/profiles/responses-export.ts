import type { Kysely } from 'kysely'
import type { SessionUser } from '../auth/auth.repository'
import type { Database } from '../db/schema'
import { MULTIPLE, PREFER_NOT_TO_SAY } from '../disclosure/categories'
import { kAnonymize, type KRow, type QiValue, type QuasiIdentifier } from '../disclosure/k-anonymity'
import { BadRequest, Forbidden } from '../errors'
import { dayIn } from '../time-zone'
import { indexDefinition, type IndexedQuestion } from '../instruments/definition-index'
import type { Table } from '../exports/tables'
import { exportedAdministration, offeredVersions, releasedResponses } from './responses-export.queries'

/**
 * Context kinds, the first to give up detail first: grade band and home language are kept longest (the breakdowns
 * analysts use most). A kind not listed gives way before all of these.
 */
const CONTEXT_ORDER = ['contact-language', 'role-detail', 'time-at-school', 'staff-role', 'home-language', 'grade-band']

/** The category a figure counts a person in for one kind (context_categories): the value, 'multiple' or 'pns'. */
function category(values: readonly QiValue[]): QiValue {
  const given = values.flatMap((v) => (v === null ? [] : v.split(';')))
  const real = [...new Set(given.filter((v) => v !== PREFER_NOT_TO_SAY))]
  if (real.length > 1) return MULTIPLE
  return real[0] ?? (given.length > 0 ? PREFER_NOT_TO_SAY : null)
}

const blank = (original: readonly QiValue[]) => original.map(() => null)

/** Monday to Sunday around a day, as an ISO 8601 interval of dates. */
function weekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`)
  const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000)
  const sunday = new Date(monday.getTime() + 6 * 86_400_000)
  return `${monday.toISOString().slice(0, 10)}/${sunday.toISOString().slice(0, 10)}`
}

/** The columns every response-level export starts with, before the answers; the scripts label them with these. */
export const LEADING_COLUMNS = [
  { name: 'row', label: 'Row number (rows sorted by what they show, not by when anyone answered)' },
  { name: 'school', label: 'School (blank where generalised)' },
  { name: 'region', label: 'Region of the school' },
  { name: 'role', label: 'Respondent role' },
  { name: 'instrument', label: 'Instrument' },
  { name: 'language', label: 'Language answered in (blank where generalised)' },
  { name: 'channel', label: 'Channel (blank where generalised)' },
  { name: 'day', label: 'Day, week or window of the answer' },
] as const

/** A column of answers in the export: one per question, one per row of a grid, one per choice of a multi-select. */
export interface AnswerColumn {
  /** The variable name: slug.question, slug.question.row for a grid's row, slug.question.choice for a multi-select's choice. */
  key: string
  /** The answer the column is read from: slug.question (a grid's row: slug.question.row). */
  source: string
  slug: string
  version: number
  question: IndexedQuestion
  /** A grid's row value, for a grid's column. */
  row?: string
  /** A choice's value, for a multi-select's indicator column (1 selected, 0 not, blank where not answered). */
  choice?: string
  text: boolean
  /** The context kind of a context question's column (grade band, home language…), generalised with the others. */
  kind?: string
  multiSelect: boolean
}

/**
 * Every answerable question of every offered version, as slug.question (slug.question.row for a grid's rows,
 * slug.question.choice for a multi-select's choices), in the order the export has them; the codebook (codebook.ts)
 * describes these same columns.
 */
export function answerColumns(versions: readonly { slug: string; version: number; definition: Record<string, unknown> }[]): AnswerColumn[] {
  const columns: AnswerColumn[] = []
  for (const v of versions) {
    for (const q of indexDefinition(v.definition).questions.values()) {
      const text = q.ana?.context === 'open-text' || q.type === 'comment' || q.type === 'text'
      const kind = text ? undefined : q.ana?.context
      const multiSelect = q.type === 'checkbox' || q.type === 'tagbox'
      const key = `${v.slug}.${q.name}`
      const column = { slug: v.slug, version: v.version, question: q, kind, multiSelect, source: key }
      if (q.type === 'matrix') for (const row of q.rows) columns.push({ ...column, key: `${key}.${row.value}`, source: `${key}.${row.value}`, row: String(row.value), text: false })
      // Choices the definition does not list (none do today) leave the values joined with ';' in one column.
      else if (multiSelect && q.choices.length > 0) for (const choice of q.choices) columns.push({ ...column, key: `${key}.${choice.value}`, choice: String(choice.value), text: false })
      else columns.push({ ...column, key, text })
    }
  }
  return columns
}

/**
 * The versions an export covers: all the administration offers, or the one instrument asked for (an extract); an
 * instrument the administration does not offer is a 400 that names the ones it does.
 */
export function versionsOf<V extends { slug: string }>(versions: readonly V[], administrationId: number, instrument: string | undefined): V[] {
  if (instrument === undefined) return [...versions]
  const picked = versions.filter((v) => v.slug === instrument)
  if (picked.length === 0) {
    const offered = [...new Set(versions.map((v) => v.slug))]
    throw new BadRequest(
      `Administration ${administrationId} has no instrument "${instrument}"; ${offered.length === 0 ? 'it offers none' : `it has ${offered.join(', ')}`}.`,
    )
  }
  return picked
}

/**
 * A multi-select's indicator cell from the answer as shown: 1 where the choice is among its values, 0 where it is
 * not, blank where nothing was answered, or where a context answer was generalised to "several" (which choices
 * cannot be said without undoing the generalisation).
 */
function indicator(shown: string | readonly unknown[] | null, choice: string): 0 | 1 | null {
  if (shown === null) return null
  if (typeof shown === 'string' && shown === MULTIPLE) return null
  const values = typeof shown === 'string' ? shown.split(';') : shown.map(String)
  return values.includes(choice) ? 1 : 0
}

/**
 * A de-identified response-level table for district analysts: one row per released response (staff read releases,
 * never live rows), a column per question (a matrix row per column, a 0/1 indicator column per choice of a
 * multi-select), no ids and no times. No group of rows that agree on every quasi-identifying column (school, region,
 * role, instrument, language, channel, day and every context answer) has fewer than k rows
 * (disclosure/k-anonymity.ts): within each school's role, the day becomes its week or the administration's window,
 * channel and language go blank, a multi-select context answer becomes the category figures count it in ('multiple'
 * for several values, shown as blank indicators) and then blank, other context answers blank, the school blank (its
 * region kept), and rows that still sit in a group under k are left out. Rows are sorted by what they show, so their
 * order says nothing of when anyone answered.
 *
 * Free text (open-text and comment questions) is left out unless asked for, is given only to district admins (it can
 * name its writer), and then only in rows whose group has at least k rows.
 *
 * With an instrument, the export is an extract: that instrument's rows and columns of the same de-identified table
 * (generalised over the whole administration, so an extract shows nothing its full export does not).
 */
export async function responsesTable(
  db: Kysely<Database>,
  administrationId: number,
  options: { includeText: boolean; minCellSize: number; actor: Pick<SessionUser, 'role'>; instrument?: string },
): Promise<Table> {
  if (options.includeText && options.actor.role !== 'district-admin') {
    throw new Forbidden('Only a district admin can export free text; export without includeText=true, or ask a district admin.')
  }
  const administration = await exportedAdministration(db, administrationId)
  if (!administration) throw new BadRequest(`There is no administration ${administrationId}.`)
  const versions = await offeredVersions(db, administrationId)

  const extracted = new Set(versionsOf(versions, administrationId, options.instrument).map((v) => v.slug))

  const columns = answerColumns(versions)
  const bySlug = new Map(versions.map((v) => [v.id, v.slug]))
  const visible = columns.filter((c) => (options.includeText || !c.text) && extracted.has(c.slug))
  // The context answers as quasi-identifiers: one value per answer (a multi-select's values joined with ';'), not
  // per indicator column, so its columns are generalised together.
  const contextAnswers = [...new Map(columns.filter((c) => c.kind !== undefined).map((c) => [c.source, c])).values()]

  const day = (at: Date) => dayIn(at, administration.time_zone)
  const end = administration.closed_at && administration.closed_at < administration.closes_at ? administration.closed_at : administration.closes_at
  const window = `${day(administration.opens_at)}/${day(end)}`

  // The quasi-identifiers generalised within a school's role, the first listed giving way first. The context
  // questions of one kind in one version move together: figures count a person once per kind.
  const contextGroups = new Map<string, AnswerColumn[]>()
  for (const c of contextAnswers) {
    contextGroups.set(`${c.slug}|${c.kind}`, [...(contextGroups.get(`${c.slug}|${c.kind}`) ?? []), c])
  }
  const rank = (kind: string) => CONTEXT_ORDER.indexOf(kind)
  const contexts: QuasiIdentifier[] = [...contextGroups]
    .sort(([a, x], [b, y]) => rank(x[0].kind!) - rank(y[0].kind!) || (a < b ? -1 : 1))
    .map(([, group]) => {
      const single = group.length === 1 && !group[0].multiSelect
      return {
        columns: group.map((c) => c.source),
        ladder: single ? [blank] : [(original) => [category(original), ...original.slice(1).map(() => null)], blank],
      }
    })
  const ladders: QuasiIdentifier[] = [
    { columns: ['day'], ladder: [([day]) => [weekOf(day!)], () => [window]] },
    { columns: ['channel'], ladder: [blank] },
    { columns: ['language'], ladder: [blank] },
    ...contexts,
  ]

  const responses = await releasedResponses(db, administrationId)
  const schoolNames = new Map(responses.map((r) => [String(r.school_id), r.school]))

  /** The answer a column is read from: a grid's row, a multi-select's values as a list, or the answer. */
  const answerOf = (c: AnswerColumn, answers: Record<string, unknown>): string | number | unknown[] | null => {
    const answer = answers[c.question.name]
    if (answer === undefined || answer === null) return null
    if (c.row !== undefined) return ((answer as Record<string, unknown>)[c.row] ?? null) as string | null
    return Array.isArray(answer) ? answer : (answer as string | number)
  }
  const packed = (c: AnswerColumn, answers: Record<string, unknown>): string | null => {
    const answer = answerOf(c, answers)
    return answer === null ? null : Array.isArray(answer) ? answer.join(';') : String(answer)
  }
  const input: KRow[] = responses.map((r) => {
    const slug = bySlug.get(r.instrument_version_id)!
    const answers = r.answers as Record<string, unknown>
    const values: Record<string, QiValue> = {
      // The school by id, so two schools of one name stay two blocks; its name is shown.
      school: String(r.school_id),
      region: r.region,
      role: r.role,
      instrument: slug,
      language: r.locale,
      channel: r.channel,
      day: day(r.received_at),
    }
    for (const c of contextAnswers) if (c.slug === slug) values[c.source] = packed(c, answers)
    return { batch: r.release, values }
  })
  const k = options.minCellSize
  // No pooling across schools: a school's role that cannot reach k is left out whole. Pooled with another school's
  // rows (in its region, say), a small school's rows would be given away by the pool minus the other school's figures,
  // as soon as a later release shows those at the school (the profile shows a role from k people on).
  const anonymous = kAnonymize(input, { fixed: ['role', 'instrument', 'school', 'region'], blockBy: ['role', 'school'], nested: [], ladders }, k)

  type Cell = string | number | null
  const table: Cell[][] = []
  responses.forEach((r, i) => {
    const shown = anonymous.rows[i]
    const slug = bySlug.get(r.instrument_version_id)!
    if (shown === null || !extracted.has(slug)) return
    const answers = r.answers as Record<string, unknown>
    const textAllowed = anonymous.groupSizes[i] >= k
    table.push([
      shown.school === null ? null : schoolNames.get(shown.school)!,
      shown.region,
      shown.role,
      shown.instrument,
      shown.language,
      shown.channel,
      shown.day,
      ...visible.map((c) => {
        if (c.slug !== slug) return null
        if (c.kind !== undefined) return c.choice === undefined ? (shown[c.source] ?? null) : indicator(shown[c.source] ?? null, c.choice)
        const answer = answerOf(c, answers)
        if (c.choice !== undefined) return indicator(answer === null ? null : Array.isArray(answer) ? answer : [answer], c.choice)
        if (c.text) return textAllowed && answer !== null ? String(answer) : null
        return Array.isArray(answer) ? answer.join(';') : (answer as string | number | null)
      }),
    ])
  })
  const text = (c: Cell) => (c === null ? '' : String(c))
  table.sort((a, b) => {
    for (let j = 0; j < a.length; j++) {
      const x = text(a[j])
      const y = text(b[j])
      if (x !== y) return x < y ? -1 : 1
    }
    return 0
  })

  return {
    name: 'Responses',
    columns: [...LEADING_COLUMNS.map((c) => c.name), ...visible.map((c) => c.key)],
    rows: table.map((cells, i) => [i + 1, ...cells]),
  }
}
