import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { migrations } from '../../../migrations'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
})
afterAll(() => t.close())

describe('instruments API', () => {
  it('lists the latest published version of each instrument with its languages and their status', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/instruments' })
    expect(res.statusCode).toBe(200)
    expect(res.json().instruments).toContainEqual(
      expect.objectContaining({
        slug: 'mini-ana',
        version: 1,
        role: 'family',
        languages: [
          { locale: 'en', status: 'reviewed' },
          { locale: 'es', status: 'draft' },
        ],
      }),
    )
  })

  it('serves a version with an ETag and immutable caching, and 304 for a matching If-None-Match', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/instruments/mini-ana/versions/1' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(res.json().ana).toMatchObject({ slug: 'mini-ana', version: 1 })
    const again = await t.app.inject({ method: 'GET', url: '/api/instruments/mini-ana/versions/1', headers: { 'if-none-match': res.headers.etag as string } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
  })

  it('compresses a definition for clients that accept it', async () => {
    const { gunzipSync } = await import('node:zlib')
    const plain = await t.app.inject({ method: 'GET', url: '/api/instruments/mini-ana/versions/1' })
    const gz = await t.app.inject({ method: 'GET', url: '/api/instruments/mini-ana/versions/1', headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2)
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(plain.json())
  })

  it('answers 404 with a clear message for unknown instruments and versions', async () => {
    const slug = await t.app.inject({ method: 'GET', url: '/api/instruments/nothing/versions/1' })
    expect(slug.statusCode).toBe(404)
    expect(slug.json()).toEqual({ error: 'not_found', message: 'There is no instrument "nothing".' })
    const version = await t.app.inject({ method: 'GET', url: '/api/instruments/mini-ana/versions/7' })
    expect(version.statusCode).toBe(404)
    expect(version.json()).toEqual({ error: 'not_found', message: 'Instrument "mini-ana" has no published version 7.' })
  })

  it('loads the library idempotently: a second start adds nothing', async () => {
    expect(t.prepared.surveys).toEqual({ added: 3, unchanged: 0 })
    const { syncSurveyLibrary } = await import('../../../server/instruments/instruments.service')
    const { readCheckedLibrary } = await import('../../../server/instruments/library')
    expect(await syncSurveyLibrary(t.app.db, readCheckedLibrary(FIXTURE_SURVEYS).files)).toEqual({ added: 0, unchanged: 3 })
  })

  it('loads no demo district unless asked', async () => {
    expect(t.prepared.demo).toBeNull()
    expect(await t.app.db.selectFrom('schools').select('id').execute()).toEqual([])
  })

  it('reports health: database mode and migration state, never the database version', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      status: 'ok',
      database: { mode: process.env.DATABASE_URL ? 'server' : 'embedded', reachable: true },
      migrations: { pending: 0, latest: Object.keys(migrations).at(-1) },
    })
    expect(res.json().database).toEqual({ mode: process.env.DATABASE_URL ? 'server' : 'embedded', reachable: true })
  })
})
