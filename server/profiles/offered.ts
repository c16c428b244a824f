import type { Kysely } from 'kysely'
import { offers } from '../administrations/access.repository'
import type { Database, Role } from '../db/schema'
import type { ContextQuestion } from '../disclosure/categories'
import type { IndexedQuestion } from '../instruments/definition-index'
import { getCompiledVersion } from '../instruments/instruments.service'
import { scoredItemSlots } from '../instruments/layout'
import type { ListedItem } from './distributions'

/** Questions whose answer is a list of choices: one person may give several values. */
const MULTI_SELECT = new Set(['checkbox', 'tagbox'])

/** Every value a context question's answer can take, as stored (text). */
function answerValues(question: IndexedQuestion): string[] {
  if (question.type === 'boolean') return ['true', 'false']
  if (question.choices.length > 0) return question.choices.map((c) => String(c.value))
  if (question.type === 'rating') {
    const values: string[] = []
    for (let v = question.rateMin ?? 1; v <= (question.rateMax ?? 5); v += question.rateStep) values.push(String(v))
    return values
  }
  return []
}

/**
 * What the instrument versions an administration offers at one school ask (the administration's version of each
 * role, or the school's own): its context questions and, by role, every item they can score. A report lists its
 * categories and rows from these, whether or not anyone answered, so which rows exist says nothing of who did.
 * Published versions are read from memory once compiled.
 */
export async function offeredQuestions(db: Kysely<Database>, administrationId: number, schoolId: number): Promise<{ contexts: ContextQuestion[]; items: (ListedItem & { role: Role })[] }> {
  const offered = await offers(db, administrationId, schoolId).execute()
  const versions = await Promise.all(
    offered.map(async (o) => ({ id: o.instrument_version_id, role: o.role, index: (await getCompiledVersion(db, o.instrument_version_id)).index })),
  )
  return {
    contexts: versions.flatMap((v) =>
      [...v.index.questions.values()]
        .filter((q) => q.ana?.context !== undefined)
        .map((q) => ({ version: v.id, kind: q.ana!.context!, values: answerValues(q), multiSelect: MULTI_SELECT.has(q.type) })),
    ),
    items: versions.flatMap((v) => scoredItemSlots(v.index).map((slot) => ({ ...slot, role: v.role }))),
  }
}
