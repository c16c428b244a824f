import type { AnaQuestionMeta, AnaSurveyMeta } from './ana'

/** A choice, matrix row or column: its raw value (as the runner sends it) and its own ANA metadata. */
export interface IndexedValue {
  value: string | number | boolean
  ana?: AnaQuestionMeta
}

/** What intake needs to know of one question, read once from a definition. */
export interface IndexedQuestion {
  name: string
  type: string
  page: string
  /** Show-if conditions of the question and every page or panel around it; all must hold. */
  visibleIf: string[]
  enableIf: string[]
  requiredIf: string | null
  isRequired: boolean
  choices: IndexedValue[]
  rows: IndexedValue[]
  columns: IndexedValue[]
  allRowsRequired: boolean
  maxLength: number | null
  maxSelectedChoices: number | null
  rateMin: number | null
  rateMax: number | null
  rateStep: number
  inputType: string | null
  min: number | null
  max: number | null
  validators: Record<string, unknown>[]
  ana: AnaQuestionMeta | null
}

export interface DefinitionIndex {
  meta: AnaSurveyMeta
  questions: Map<string, IndexedQuestion>
}

type Json = Record<string, unknown>

const NON_QUESTION_TYPES = new Set(['html', 'image', 'expression'])
const CONTAINER_TYPES = new Set(['panel'])

function asArray(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : []
}

function toValues(list: unknown): IndexedValue[] {
  return (Array.isArray(list) ? list : []).map((item) =>
    item !== null && typeof item === 'object'
      ? { value: (item as Json).value as IndexedValue['value'], ana: (item as Json).ana as AnaQuestionMeta | undefined }
      : { value: item as IndexedValue['value'] },
  )
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

function conditions(json: Json, key: string): string[] {
  const value = json[key]
  return typeof value === 'string' && value.trim() !== '' ? [value] : []
}

/** Walks pages, panels and questions of a SurveyJS definition into a flat index by question name. */
export function indexDefinition(definition: Json): DefinitionIndex {
  const questions = new Map<string, IndexedQuestion>()

  const visit = (elements: Json[], page: string, visibleIf: string[], enableIf: string[]) => {
    for (const element of elements) {
      const type = String(element.type ?? '')
      if (CONTAINER_TYPES.has(type)) {
        visit(asArray(element.elements), page, [...visibleIf, ...conditions(element, 'visibleIf')], [...enableIf, ...conditions(element, 'enableIf')])
        continue
      }
      if (NON_QUESTION_TYPES.has(type)) continue
      const name = String(element.name ?? '')
      questions.set(name, {
        name,
        type,
        page,
        visibleIf: [...visibleIf, ...conditions(element, 'visibleIf')],
        enableIf: [...enableIf, ...conditions(element, 'enableIf')],
        requiredIf: conditions(element, 'requiredIf')[0] ?? null,
        isRequired: element.isRequired === true,
        choices: toValues(type === 'rating' ? element.rateValues : element.choices),
        rows: toValues(element.rows),
        columns: toValues(element.columns),
        allRowsRequired: element.isAllRowRequired === true || element.eachRowRequired === true,
        maxLength: num(element.maxLength),
        maxSelectedChoices: num(element.maxSelectedChoices),
        rateMin: num(element.rateMin),
        rateMax: num(element.rateMax),
        rateStep: num(element.rateStep) ?? 1,
        inputType: typeof element.inputType === 'string' ? element.inputType : null,
        min: num(element.min),
        max: num(element.max),
        validators: asArray(element.validators),
        ana: (element.ana as AnaQuestionMeta | undefined) ?? null,
      })
    }
  }

  for (const page of asArray(definition.pages)) {
    visit(asArray(page.elements), String(page.name ?? ''), conditions(page, 'visibleIf'), conditions(page, 'enableIf'))
  }
  return { meta: definition.ana as AnaSurveyMeta, questions }
}
