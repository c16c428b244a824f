import { describe, expect, it } from 'vitest'
import { resources } from '../../client/i18n/i18n'
import { LANGUAGES, preferredLanguage } from '../../client/i18n/languages'

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

  it('preselects the browser language, mapping regional tags to ours', () => {
    expect(preferredLanguage(['es-MX', 'en'])).toBe('es')
    expect(preferredLanguage(['zh-TW'])).toBe('zh-Hant')
    expect(preferredLanguage(['fil-PH'])).toBe('tl')
    expect(preferredLanguage(['de-DE', 'ko-KR'])).toBe('ko')
    expect(preferredLanguage(['de-DE'])).toBe('en')
  })
})
