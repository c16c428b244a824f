/**
 * The ten languages of the runner, each named in its own script as its speakers name it: Traditional Chinese as
 * 繁體中文 ("中文" alone does not say which script a family reads), Tagalog as Filipinos in the US call it.
 */
export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'es', name: 'Español', dir: 'ltr' },
  { code: 'hy', name: 'Հայերեն', dir: 'ltr' },
  { code: 'ko', name: '한국어', dir: 'ltr' },
  { code: 'zh-Hant', name: '繁體中文', dir: 'ltr' },
  { code: 'vi', name: 'Tiếng Việt', dir: 'ltr' },
  { code: 'tl', name: 'Tagalog', dir: 'ltr' },
  { code: 'ru', name: 'Русский', dir: 'ltr' },
  { code: 'fa', name: 'فارسی', dir: 'rtl' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
] as const

/**
 * Numbers written in the digits the language's own text uses, so one screen never mixes two kinds: the Farsi
 * instruments write ۱۲ ماه and ۱۵ دقیقه, so page numbers, minutes and counts are Persian digits too; the Arabic ones
 * write 12 and 3 in Western digits, as do all the others. Plain digits, no grouping, as String(n) would give.
 */
export function formatNumber(value: number, language: string): string {
  if (language !== 'fa') return String(value)
  return new Intl.NumberFormat('fa-u-nu-arabext', { useGrouping: false, maximumFractionDigits: 20 }).format(value)
}

export type LanguageCode = (typeof LANGUAGES)[number]['code']

export function isLanguage(code: string): code is LanguageCode {
  return LANGUAGES.some((l) => l.code === code)
}

export function directionOf(code: string): 'ltr' | 'rtl' {
  return LANGUAGES.find((l) => l.code === code)?.dir ?? 'ltr'
}

/** The best of our languages for the browser's preferences (zh-TW → zh-Hant, es-MX → es). */
export function preferredLanguage(browser: readonly string[]): LanguageCode {
  for (const tag of browser) {
    const lower = tag.toLowerCase()
    if (lower.startsWith('zh')) return 'zh-Hant'
    if (lower.startsWith('fil')) return 'tl'
    const base = lower.split('-')[0]
    const match = LANGUAGES.find((l) => l.code.toLowerCase() === base)
    if (match) return match.code
  }
  return 'en'
}
