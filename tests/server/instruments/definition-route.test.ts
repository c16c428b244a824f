import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { definitionCache } from '../../../server/instruments/instruments.service'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
})
afterAll(() => t.close())

const stored = (slug: string) =>
  t.app.db.selectFrom('instrument_versions').select(['definition', 'content_hash']).where('slug', '=', slug).where('version', '=', 1).executeTakeFirstOrThrow()

const get = (slug: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `/api/instruments/${slug}/versions/1`, headers })

describe('GET /api/instruments/:slug/versions/:version', () => {
  it('serves brotli, gzip and plain JSON by Accept-Encoding, each decoding to the stored definition', async () => {
    const { definition, content_hash: hash } = await stored('mini-ana')
    const br = await get('mini-ana', { 'accept-encoding': 'gzip, deflate, br' })
    const gz = await get('mini-ana', { 'accept-encoding': 'gzip' })
    const plain = await get('mini-ana', { 'accept-encoding': 'identity' })
    for (const res of [br, gz, plain]) {
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8')
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(res.headers.vary).toMatch(/accept-encoding/i)
    }
    expect(br.headers['content-encoding']).toBe('br')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(plain.headers['content-encoding']).toBeUndefined()
    // Decoded once, each is the JSON itself: nothing compressed it a second time.
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body)
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body)
    expect(JSON.parse(plain.body)).toEqual(definition)
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3)
    // A strong tag per representation, the JSON's own being its content hash.
    expect([plain.headers.etag, gz.headers.etag, br.headers.etag]).toEqual([`"${hash}"`, `"${hash}-gzip"`, `"${hash}-br"`])
  })

  it('answers 304 with its validators and no body when If-None-Match names the tag, alone, in a list or weak', async () => {
    const { content_hash: hash } = await stored('mini-ana')
    for (const ifNoneMatch of [`"${hash}-br"`, `"other", "${hash}-br"`, `W/"${hash}-br"`, '*']) {
      const res = await get('mini-ana', { 'accept-encoding': 'br', 'if-none-match': ifNoneMatch })
      expect(res.statusCode, ifNoneMatch).toBe(304)
      expect(res.body).toBe('')
      expect(res.headers.etag).toBe(`"${hash}-br"`)
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(res.headers.vary).toMatch(/accept-encoding/i)
    }
  })

  it('answers 200 when If-None-Match names another representation or another version', async () => {
    const { content_hash: hash } = await stored('mini-ana')
    const gz = await get('mini-ana', { 'accept-encoding': 'gzip', 'if-none-match': `"${hash}-br", "${hash}"` })
    expect(gz.statusCode).toBe(200)
    expect(gz.headers.etag).toBe(`"${hash}-gzip"`)
    const other = await get('mini-ana', { 'if-none-match': '"0000"' })
    expect(other.statusCode).toBe(200)
  })

  it('reads a version from the database once, for a burst of requests too, and serves it from memory after', async () => {
    const cache = definitionCache(t.app.db)
    const before = cache.stats()
    const burst = await Promise.all(Array.from({ length: 16 }, () => get('mini-staff', { 'accept-encoding': 'br' })))
    expect(burst.map((r) => r.statusCode)).toEqual(Array(16).fill(200))
    expect(cache.stats()).toMatchObject({ misses: before.misses + 1, hits: before.hits + 15, entries: before.entries + 1 })

    // Published versions never change; were the row read again, this edit would show.
    const { definition } = await stored('mini-staff')
    await t.app.db.updateTable('instrument_versions').set({ definition: JSON.stringify({ edited: true }) }).where('slug', '=', 'mini-staff').execute()
    const again = await get('mini-staff')
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(definition)
    expect(cache.stats().misses).toBe(before.misses + 1)
  })

  it('does not remember a version it could not find', async () => {
    const cache = definitionCache(t.app.db)
    const before = cache.stats()
    for (let i = 0; i < 2; i++) {
      const res = await t.app.inject({ method: 'GET', url: '/api/instruments/mini-ana/versions/9' })
      expect(res.statusCode).toBe(404)
      expect(res.json()).toEqual({ error: 'not_found', message: 'Instrument "mini-ana" has no published version 9.' })
    }
    expect(cache.stats()).toMatchObject({ misses: before.misses + 2, entries: before.entries })
  })
})
