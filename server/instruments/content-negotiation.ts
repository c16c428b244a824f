/** The encodings a definition is kept in, in the server's order of preference. */
export const ENCODINGS = ['br', 'gzip', 'identity'] as const
export type Encoding = (typeof ENCODINGS)[number]

/**
 * The encoding to send for an Accept-Encoding header (RFC 9110 §12.5.3): brotli, else gzip, else none. A coding
 * counts as accepted unless its q is 0; `*` stands for every coding the header does not name.
 */
export function pickEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity'
  const weights = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase())
    if (!name) continue
    const q = params.find((p) => p.startsWith('q='))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    weights.set(name === 'x-gzip' ? 'gzip' : name, Number.isFinite(weight) ? weight : 0)
  }
  const accepted = (coding: string) => (weights.get(coding) ?? weights.get('*') ?? 0) > 0
  if (accepted('br')) return 'br'
  if (accepted('gzip')) return 'gzip'
  return 'identity'
}

/**
 * A strong entity tag per representation: the content hash names the JSON, and each content coding of it is a
 * representation of its own (RFC 9110 §8.8.3), so the compressed ones carry the coding as a suffix.
 */
export function entityTag(contentHash: string, encoding: Encoding): string {
  return encoding === 'identity' ? `"${contentHash}"` : `"${contentHash}-${encoding}"`
}

/**
 * Whether If-None-Match names this tag (RFC 9110 §13.1.2): a list of tags or `*`, compared weakly, so a cache
 * that keeps W/"…" is answered 304 too.
 */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  const opaque = etag.replace(/^W\//, '')
  // Tags are quoted and cannot contain a quote, so a comma between them is a separator and one inside is not.
  for (const tag of header.match(/(?:W\/)?"[^"]*"/g) ?? []) {
    if (tag.replace(/^W\//, '') === opaque) return true
  }
  return false
}
