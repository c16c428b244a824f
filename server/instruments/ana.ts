import { Serializer } from 'survey-core'

import type { Role } from '../vocabulary/roles'
import type { DefinitionMeasure } from '../vocabulary/measures'

/** The ten languages every instrument and the runner speak; `en` is SurveyJS's `default` key. */
export const LOCALES = ['en', 'es', 'hy', 'ko', 'zh-Hant', 'vi', 'tl', 'ru', 'fa', 'ar'] as const
export type Locale = (typeof LOCALES)[number]
export const RTL_LOCALES: readonly Locale[] = ['fa', 'ar']
/** Each language's name in English, as files staff exchange name it (XLSForm columns, check messages). */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  es: 'Spanish',
  hy: 'Armenian',
  ko: 'Korean',
  'zh-Hant': 'Traditional Chinese',
  vi: 'Vietnamese',
  tl: 'Tagalog',
  ru: 'Russian',
  fa: 'Farsi',
  ar: 'Arabic',
}

export const CONTEXT_KINDS = [
  'grade-band',
  'home-language',
  'contact-language',
  'time-at-school',
  'staff-role',
  'role-detail',
  'open-text',
] as const

export interface AnaSurveyMeta {
  slug: string
  version: number
  role: Role
  status: 'draft' | 'published'
  minutes?: number
  translations: Record<string, 'draft' | 'reviewed'>
}

/** The `ana` property of a question (or of a matrix row or checkbox choice). */
export interface AnaQuestionMeta {
  itemId?: string
  domain?: string
  measures?: DefinitionMeasure
  scores?: Record<string, number | null>
  context?: string
  serviceGrid?: boolean
  perChoice?: boolean
}

let registered = false

/** Registers the `ana` properties with survey-core so definitions load without unknown-property errors. */
export function registerAnaProperties(): void {
  if (registered) return
  registered = true
  for (const cls of ['survey', 'question', 'itemvalue']) {
    if (!Serializer.findProperty(cls, 'ana')) Serializer.addProperty(cls, { name: 'ana:object', visible: false })
  }
}
