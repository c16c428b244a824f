import { XMLBuilder, XMLParser } from 'fast-xml-parser'
import type { IncomingText, StringRow } from './strings'

const NAMESPACE = 'urn:oasis:names:tc:xliff:document:1.2'

/** XLIFF 1.2 for translators: one <file> per target language, a <trans-unit> per string, keyed by its stable key. */
export function toXliff(rows: StringRow[], locales: string[], original: string): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: false })
  const files = locales
    .filter((l) => l !== 'en')
    .map((locale) => ({
      '@_original': original,
      '@_source-language': 'en',
      '@_target-language': locale,
      '@_datatype': 'plaintext',
      body: {
        'trans-unit': rows.map((row) => ({
          '@_id': row.key,
          source: row.texts.en ?? '',
          target: row.texts[locale] ?? '',
        })),
      },
    }))
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ xliff: { '@_version': '1.2', '@_xmlns': NAMESPACE, file: files } })}`
}

export class XliffError extends Error {}

const text = (value: unknown): string => {
  if (value === undefined || value === null) return ''
  if (typeof value === 'object') return String((value as Record<string, unknown>)['#text'] ?? '')
  return String(value)
}

/** The translations an XLIFF 1.2 file carries (empty targets are left out). */
export function fromXliff(xml: string): IncomingText[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    trimValues: false,
    isArray: (name) => name === 'file' || name === 'trans-unit',
  })
  let doc: Record<string, any>
  try {
    doc = parser.parse(xml)
  } catch (error) {
    throw new XliffError(`This is not an XML file (${(error as Error).message}).`)
  }
  const root = doc.xliff
  if (!root || String(root['@_version']) !== '1.2') throw new XliffError('This is not an XLIFF 1.2 file (no <xliff version="1.2">).')
  const out: IncomingText[] = []
  for (const file of root.file ?? []) {
    const locale = String(file['@_target-language'] ?? '')
    if (!locale) throw new XliffError('A <file> has no target-language.')
    for (const unit of file.body?.['trans-unit'] ?? []) {
      const target = text(unit.target)
      if (target.trim() === '') continue
      out.push({ key: String(unit['@_id']), locale, text: target, source: text(unit.source) })
    }
  }
  return out
}
