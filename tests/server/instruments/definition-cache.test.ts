import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { DefinitionCache, encodeDefinition, type ServedDefinition } from '../../../server/instruments/definition-cache'

/** An entry of exactly `size` bytes over its three bodies. */
function entryOf(hash: string, size: number): ServedDefinition {
  return { contentHash: hash, bodies: { br: Buffer.alloc(1), gzip: Buffer.alloc(1), identity: Buffer.alloc(size - 2) } }
}

describe('encodeDefinition', () => {
  it('keeps the JSON and its brotli and gzip encodings, each decoding to the JSON', async () => {
    const json = JSON.stringify({ title: 'Encuesta', pages: Array.from({ length: 50 }, (_, i) => ({ name: `p${i}`, elements: [{ type: 'radiogroup', name: `q${i}` }] })) })
    const served = await encodeDefinition(json, 'abc')
    expect(served.contentHash).toBe('abc')
    expect(served.bodies.identity.toString()).toBe(json)
    expect(brotliDecompressSync(served.bodies.br).toString()).toBe(json)
    expect(gunzipSync(served.bodies.gzip).toString()).toBe(json)
  })
})

describe('DefinitionCache', () => {
  it('drops the least recently used entries once its bytes pass the bound', async () => {
    const cache = new DefinitionCache(300)
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => entryOf(key, 100))
    await cache.get('a', async () => entryOf('a?', 100)) // a hit: "a" is now the most recent
    await cache.get('d', async () => entryOf('d', 100))
    expect(cache.stats()).toEqual({ hits: 1, misses: 4, entries: 3, bytes: 300 })
    expect((await cache.get('a', async () => entryOf('reloaded', 100))).contentHash).toBe('a')
    expect((await cache.get('b', async () => entryOf('reloaded', 100))).contentHash).toBe('reloaded')
  })

  it('keeps an entry larger than the bound until the next one comes', async () => {
    const cache = new DefinitionCache(100)
    await cache.get('big', async () => entryOf('big', 500))
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 500 })
    await cache.get('small', async () => entryOf('small', 50))
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 50 })
  })

  it('loads a key once for concurrent requests, and not at all after a failed load', async () => {
    const cache = new DefinitionCache(10_000)
    let loads = 0
    const load = async () => {
      loads += 1
      await new Promise((r) => setTimeout(r, 10))
      return entryOf('x', 10)
    }
    await Promise.all(Array.from({ length: 8 }, () => cache.get('x', load)))
    expect(loads).toBe(1)
    await expect(cache.get('missing', async () => Promise.reject(new Error('no such version')))).rejects.toThrow('no such version')
    expect(cache.stats()).toEqual({ hits: 7, misses: 2, entries: 1, bytes: 10 })
  })
})
