import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import en from './locales/en.json'
import es from './locales/es.json'
import { directionOf } from './languages'

/**
 * Interface text around the survey. Survey text itself comes from the instrument definition; survey-core's own
 * button and error strings are fed from the `survey` section here so every language has them.
 */
export const resources = { en: { translation: en }, es: { translation: es } } as const

export async function initI18n(lng: string): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  return i18next
}

/** Sets lang and dir on the document, so right-to-left languages mirror the layout. */
export function applyDocumentLanguage(lng: string): void {
  document.documentElement.lang = lng
  document.documentElement.dir = directionOf(lng)
}
