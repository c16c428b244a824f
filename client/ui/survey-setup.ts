import { Model, Serializer, surveyLocalization } from 'survey-core'
import type { i18n } from 'i18next'
import { LANGUAGES } from '../i18n/languages'
import { escapePipedValues } from './piped-html'

let ready = false

/**
 * Registers our `ana` metadata (so definitions load cleanly) and feeds survey-core's own strings (Next, Back,
 * errors) from our i18next resources, so every language has them, including those survey-core lacks.
 */
export function setupSurveyCore(i18n: i18n): void {
  if (ready) return
  ready = true
  for (const cls of ['survey', 'question', 'itemvalue']) {
    if (!Serializer.findProperty(cls, 'ana')) Serializer.addProperty(cls, { name: 'ana:object', visible: false })
  }
  const english = surveyLocalization.locales.en
  for (const language of LANGUAGES) {
    const strings = i18n.getResourceBundle(language.code, 'translation')?.survey ?? {}
    surveyLocalization.locales[language.code] = { ...english, ...strings }
    surveyLocalization.localeNames[language.code] = language.name
    surveyLocalization.localeDirections[language.code] = language.dir
  }
}

/** survey-core keeps English under its default locale. */
export function surveyLocale(lng: string): string {
  return lng === 'en' ? '' : lng
}

/**
 * Fonts every phone has (nothing is fetched from the web): the system's own, then Noto for the scripts that need it.
 * survey-core's default theme names Open Sans with no fallback, which phones without it show as a serif.
 */
export const FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans Armenian', 'Noto Sans Arabic', 'Noto Sans CJK TC', sans-serif"

/** The product's brand colour (client/runner/runner.css --ana-brand): 8.6:1 against white, AA for text either way. */
export const BRAND = '#1f4e79'

/** A survey-core model set up as respondents see it: one page at a time, a page progress bar, errors below each question. */
export function respondentModel(definition: Record<string, unknown>): Model {
  const survey = new Model(definition)
  // Our look through survey-core's theme API (its own variables, on top of its default theme's), not overrides of
  // its internals: the font stack above, and our brand colour where it puts its teal.
  survey.applyTheme({ cssVariables: { ...survey.themeVariables, '--sjs2-typography-font-family-text': FONT_STACK, '--sjs2-color-project-brand-600': BRAND } })
  survey.showCompletedPage = false
  survey.showProgressBar = true
  survey.progressBarType = 'pages'
  survey.questionErrorLocation = 'bottom'
  // Answers piped into an html element arrive as text, never as markup.
  survey.onProcessDynamicText.add(escapePipedValues)
  return survey
}
