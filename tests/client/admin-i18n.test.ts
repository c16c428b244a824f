import { describe, expect, it } from 'vitest'

/** Staff-page text (client/i18n/admin/<namespace>.<language>.json), as client/i18n/admin.ts loads it. */
const bundles = import.meta.glob<{ default: Record<string, unknown> }>('../../client/i18n/admin/*.json', { eager: true })

function flatten(node: unknown, prefix = ''): Record<string, string> {
  if (typeof node === 'string') return { [prefix]: node }
  return Object.assign({}, ...Object.entries(node as Record<string, unknown>).map(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k)))
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\w+\}\}/g)].map((m) => m[0]).sort()

const files = Object.entries(bundles).map(([file, module]) => {
  const [, namespace, language] = /\/([\w-]+)\.([\w-]+)\.json$/.exec(file)!
  return { namespace, language, strings: flatten(module.default) }
})
const english = new Map(files.filter((f) => f.language === 'en').map((f) => [f.namespace, f.strings]))

describe('staff-page text', () => {
  it('has an English file for every namespace', () => {
    for (const f of files) expect(english.has(f.namespace), `${f.namespace}.${f.language}`).toBe(true)
  })

  it.each(files.filter((f) => f.language !== 'en').map((f) => [`${f.namespace}.${f.language}`, f] as const))(
    '%s has every English key, translated, with the same placeholders',
    (_name, f) => {
      const source = english.get(f.namespace)!
      expect(Object.keys(f.strings).sort()).toEqual(Object.keys(source).sort())
      for (const [key, text] of Object.entries(f.strings)) {
        expect(text.trim(), key).not.toBe('')
        expect(placeholders(text), key).toEqual(placeholders(source[key]))
      }
    },
  )
})
