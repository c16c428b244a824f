import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { DefinitionIndex } from '../instruments/definition-index'
import { getCompiledVersion } from '../instruments/instruments.service'
import { choicesAtSchool, formatGrades, parseGradeRange, servesGrades, type GradeRange } from '../schools/grade-spans'

/** A grade-band question and the choices of it that count: all of them, or those a school's people can give. */
export interface GradeBandChoices {
  question: string
  choices: string[]
}

/**
 * What an instrument version is at one school, from the school's grades: the one answer to "is it offered there"
 * for the runner's offer, intake, the administration page and the response rates.
 */
export interface SchoolOffer {
  /** Whether the school's people can answer it: it asks no grade band, or one of its bands is one of the school's grades. */
  offered: boolean
  /** Each grade-band question with the choices the school's people can give: the school's bands and "prefer not to say". */
  gradeBands: GradeBandChoices[]
  /** The grades it is answered in at this school, for people to read ('3–5', '6–8'); null when it asks none or none is offered. */
  grades: string | null
  /** The grades the instrument asks about anywhere ('3–5', '6–12'); null when it asks none. */
  instrumentGrades: string | null
}

const questionsOf = new WeakMap<DefinitionIndex, GradeBandChoices[]>()

/** The grade-band questions of a definition (ANA context 'grade-band') with all their choices. */
export function gradeBandQuestions(index: DefinitionIndex): GradeBandChoices[] {
  let questions = questionsOf.get(index)
  if (!questions) {
    questions = [...index.questions.values()]
      .filter((q) => q.ana?.context === 'grade-band')
      .map((q) => ({ question: q.name, choices: q.choices.map((c) => String(c.value)) }))
    questionsOf.set(index, questions)
  }
  return questions
}

function gradesOf(choices: string[]): string | null {
  const ranges = choices.map(parseGradeRange).filter((r): r is GradeRange => r !== null)
  return ranges.length > 0 ? formatGrades(ranges) : null
}

/** An instrument at a school of these grades ('TK-5', '9-12', 'TK-5, 9-12'). */
export function offerAtSchool(index: DefinitionIndex, schoolGrades: string): SchoolOffer {
  const questions = gradeBandQuestions(index)
  const every = questions.flatMap((q) => q.choices)
  const offered = servesGrades(every, schoolGrades)
  const gradeBands = questions.map((q) => ({ question: q.question, choices: offered ? choicesAtSchool(q.choices, schoolGrades) : [] }))
  return { offered, gradeBands, grades: offered ? gradesOf(gradeBands.flatMap((q) => q.choices)) : null, instrumentGrades: gradesOf(every) }
}

/** The same for a stored version (its compiled definition is kept in memory). */
export async function versionAtSchool(db: Kysely<Database>, versionId: number, schoolGrades: string): Promise<SchoolOffer> {
  return offerAtSchool((await getCompiledVersion(db, versionId)).index, schoolGrades)
}

/**
 * Answers to a grade-band question that name a band the school does not have, one problem per question (in the
 * shape of the response validator's): the runner shows only the school's bands, so only a hand-made or stale
 * response gets here. Values that are no choice at all are the validator's to report.
 */
export function gradeBandProblems(index: DefinitionIndex, offer: Pick<SchoolOffer, 'gradeBands'>, answers: Record<string, unknown>): { question: string; reason: string }[] {
  const every = gradeBandQuestions(index)
  const problems: { question: string; reason: string }[] = []
  for (const { question, choices } of offer.gradeBands) {
    const answer = answers[question]
    if (answer === undefined || answer === null) continue
    const all = every.find((q) => q.question === question)?.choices ?? []
    const given = (Array.isArray(answer) ? answer : [answer]).map(String)
    const missing = given.filter((v) => all.includes(v) && !choices.includes(v))
    if (missing.length > 0) problems.push({ question, reason: `names grades ${missing.map((v) => `"${v}"`).join(', ')}, which this school does not teach` })
  }
  return problems
}
