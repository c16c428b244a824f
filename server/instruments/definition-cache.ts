import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Encoding } from './content-negotiation'

const brotli = promisify(brotliCompress)
const gzipAsync = promisify(gzip)

/** A published version as it goes out: its JSON once, and that JSON in each encoding, made once. */
export interface ServedDefinition {
  contentHash: string
  bodies: Readonly<Record<Encoding, Buffer>>
}

/**
 * Compressed on the thread pool, never on the event loop, and only once per version, so the strongest settings
 * pay off: a definition (~300 KB of JSON) is downloaded by every respondent's device.
 */
export async function encodeDefinition(json: string, contentHash: string): Promise<ServedDefinition> {
  const identity = Buffer.from(json)
  const [br, gz] = await Promise.all([
    brotli(identity, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
    gzipAsync(identity, { level: constants.Z_BEST_COMPRESSION }),
  ])
  return { contentHash, bodies: { br, gzip: gz, identity } }
}

function sizeOf(entry: ServedDefinition): number {
  return entry.bodies.br.length + entry.bodies.gzip.length + entry.bodies.identity.length
}

export interface CacheStats {
  hits: number
  misses: number
  entries: number
  bytes: number
}

/**
 * Definitions served from memory, least recently used dropped first once the bytes pass a bound. Only what can
 * never change belongs here (published versions). One load per key at a time: a burst of requests for a version
 * not yet cached waits for the same read and compression instead of each doing its own.
 */
export class DefinitionCache {
  // A Map iterates in insertion order; a hit moves its key to the end, so the first key is the least recent.
  private readonly entries = new Map<string, { size: number; value: Promise<ServedDefinition> }>()
  private bytes = 0
  private hits = 0
  private misses = 0

  constructor(private readonly maxBytes: number) {}

  async get(key: string, load: () => Promise<ServedDefinition>): Promise<ServedDefinition> {
    const found = this.entries.get(key)
    if (found) {
      this.hits += 1
      this.entries.delete(key)
      this.entries.set(key, found)
      return found.value
    }
    this.misses += 1
    const slot = { size: 0, value: load() }
    this.entries.set(key, slot)
    try {
      const value = await slot.value
      // Unless evicted while loading, its size now counts, and older entries make room for it.
      if (this.entries.get(key) === slot) {
        slot.size = sizeOf(value)
        this.bytes += slot.size
        this.evict(key)
      }
      return value
    } catch (error) {
      // Not found (or a draft) is not remembered: a version published later must be served.
      if (this.entries.get(key) === slot) this.entries.delete(key)
      throw error
    }
  }

  stats(): CacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, bytes: this.bytes }
  }

  private evict(keep: string): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) return
      // The one just added stays, however large; one still loading frees nothing yet.
      if (key === keep || entry.size === 0) continue
      this.entries.delete(key)
      this.bytes -= entry.size
    }
  }
}
