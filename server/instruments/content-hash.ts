import { createHash } from 'node:crypto'
import { stringify } from 'safe-stable-stringify'

/** JSON with sorted keys, so the same content always has the same text and the same hash. */
export function canonicalJson(value: unknown): string {
  return stringify(value) ?? 'null'
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex')
}
