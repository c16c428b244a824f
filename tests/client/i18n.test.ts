import { describe, expect, it } from 'vitest'
import { initI18n, resources } from '../../client/i18n/i18n'
import { formatNumber, LANGUAGES, preferredLanguage } from '../../client/i18n/languages'

function flatten(node: unknown, prefix = ''): Record<string, string> {
  if (typeof node === 'string') return { [prefix]: node }
  return Object.assign({}, ...Object.entries(node as Record<string, unknown>).map(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k)))
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\w+\}\}|\{\d\}/g)].map((m) => m[0]).sort()
const english = flatten(resources.en.translation)

describe('interface text', () => {
  it('has a bundle for each of the ten languages', () => {
    expect(Object.keys(resources).sort()).toEqual(LANGUAGES.map((l) => l.code).sort())
  })

  it.each(LANGUAGES.filter((l) => l.code !== 'en').map((l) => l.code))('%s has every English key, translated, with the same placeholders', (code) => {
    const strings = flatten(resources[code as keyof typeof resources].translation)
    expect(Object.keys(strings).sort()).toEqual(Object.keys(english).sort())
    for (const [key, text] of Object.entries(strings)) {
      expect(text.trim(), key).not.toBe('')
      expect(placeholders(text), key).toEqual(placeholders(english[key]))
    }
  })

  it('writes numbers in the digits of the language\'s own text: Persian in Farsi (as its instruments do), Western in Arabic and the rest', async () => {
    expect(formatNumber(1234, 'fa')).toBe('۱۲۳۴')
    expect(formatNumber(12, 'ar')).toBe('12')
    expect(formatNumber(12, 'en')).toBe('12')
    const i18n = await initI18n('fa')
    const farsi = i18n.t('runner.consent.estimate', { low: 12, high: 25 })
    expect(farsi).toContain('۱۲')
    expect(farsi).toContain('۲۵')
    expect(farsi).not.toMatch(/[0-9]/)
    expect(i18n.t('runner.outbox.waiting', { count: 3 })).toContain('۳')
    expect(i18n.t('runner.consent.estimate', { low: 12, high: 25, lng: 'ar' })).toMatch(/12.*25/)
    expect(i18n.t('runner.consent.estimate', { low: 12, high: 25, lng: 'en' })).toBe('It takes about 12 to 25 minutes, depending on how quickly you read.')
  })

  it('preselects the browser language, mapping regional tags to ours', () => {
    expect(preferredLanguage(['es-MX', 'en'])).toBe('es')
    expect(preferredLanguage(['zh-TW'])).toBe('zh-Hant')
    expect(preferredLanguage(['fil-PH'])).toBe('tl')
    expect(preferredLanguage(['de-DE', 'ko-KR'])).toBe('ko')
    expect(preferredLanguage(['de-DE'])).toBe('en')
  })
})
