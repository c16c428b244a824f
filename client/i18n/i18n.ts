import i18next, { type FormatterModule } from 'i18next'
import { initReactI18next } from 'react-i18next'
import ar from './locales/ar.json'
import en from './locales/en.json'
import es from './locales/es.json'
import fa from './locales/fa.json'
import hy from './locales/hy.json'
import ko from './locales/ko.json'
import ru from './locales/ru.json'
import tl from './locales/tl.json'
import vi from './locales/vi.json'
import zhHant from './locales/zh-Hant.json'
import { directionOf, formatNumber } from './languages'

/**
 * Interface text around the survey. Survey text itself comes from the instrument definition; survey-core's own
 * button and error strings are fed from the `survey` section here so every language has them.
 */
// All ten are bundled (about 3 KB gzip each) so a kiosk that loaded once works offline in every language.
export const resources = {
  en: { translation: en },
  es: { translation: es },
  hy: { translation: hy },
  ko: { translation: ko },
  'zh-Hant': { translation: zhHant },
  vi: { translation: vi },
  tl: { translation: tl },
  ru: { translation: ru },
  fa: { translation: fa },
  ar: { translation: ar },
} as const

/**
 * Numbers in the language's own digits (languages.ts formatNumber: Persian digits in Farsi, as its instruments write
 * them). No string names a format (`{{n, number}}`), so this formatter only has digits to mind; plural forms are
 * chosen from the number itself, before it is written.
 */
const digits: FormatterModule = {
  type: 'formatter',
  init() {},
  add() {},
  addCached() {},
  format: (value: any, _format: string | undefined, lng: string | undefined): string => (typeof value === 'number' && lng ? formatNumber(value, lng) : value),
}

export async function initI18n(lng: string): Promise<typeof i18next> {
  await i18next.use(initReactI18next).use(digits).init({
    resources,
    lng,
    fallbackLng: 'en',
    // Every number said in the interface goes through the formatter below, for the language's own digits.
    interpolation: { escapeValue: false, alwaysFormat: true },
    returnNull: false,
  })
  return i18next
}

/** Sets lang and dir on the document, so right-to-left languages mirror the layout. */
export function applyDocumentLanguage(lng: string): void {
  document.documentElement.lang = lng
  document.documentElement.dir = directionOf(lng)
}
