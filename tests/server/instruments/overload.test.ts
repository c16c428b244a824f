import { randomUUID } from 'node:crypto'
import v8 from 'node:v8'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../../server/config'
import { latenessJudge } from '../../../server/plugins/pressure'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'

// A heap bound of 1 MB: this process always holds more, so the app is overloaded from its first sample on.
let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { OVERLOAD_HEAP_MB: '1' } })
  const until = Date.now() + 5000
  while (!t.app.isUnderPressure() && Date.now() < until) await new Promise((r) => setTimeout(r, 50))
})
afterAll(() => t.close())

const BUSY = { error: 'overloaded', message: 'The server is busy; please try again in a few seconds.' }

describe('an overloaded server', () => {
  it('refuses definition downloads, intake, access codes and sign-in with 503 and Retry-After', async () => {
    expect(t.app.isUnderPressure()).toBe(true)
    const requests = [
      { method: 'GET' as const, url: '/api/instruments/mini-ana/versions/1' },
      { method: 'GET' as const, url: '/api/instruments' },
      { method: 'GET' as const, url: '/api/access/ABCD-2345' },
      { method: 'POST' as const, url: '/api/responses', payload: { id: randomUUID(), code: 'ABCD-2345', slug: 'mini-ana', version: 1, locale: 'en', channel: 'web', answers: {} } },
      { method: 'POST' as const, url: '/api/auth/login', payload: { email: 'a@example.org', password: 'wrong password' } },
    ]
    for (const request of requests) {
      const res = await t.app.inject(request)
      expect(res.statusCode, request.url).toBe(503)
      expect(res.headers['retry-after']).toBe('5')
      expect(res.json()).toEqual(BUSY)
    }
  })

  it('still answers the health check, and staff routes go on to their own checks', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/api/health' })
    expect(health.statusCode).toBe(200)
    expect(health.json()).toMatchObject({ status: 'ok' })
    const staff = await t.app.inject({ method: 'GET', url: '/api/schools/1/profile' })
    expect(staff.statusCode).toBe(401)
    expect(staff.json()).toEqual({ error: 'unauthorized', message: 'Sign in to continue.' })
  })
})

describe('latenessJudge', () => {
  it('calls the event loop overloaded only after three late seconds in a row, and not after one long step', () => {
    const judge = latenessJudge(500)
    expect([10, 8000, 20, 600, 700].map(judge)).toEqual([false, false, false, false, false])
    expect(judge(900)).toBe(true)
    expect(judge(5000)).toBe(true)
    expect(judge(499)).toBe(false)
    expect([501, 501].map(judge)).toEqual([false, false])
  })

  it('counts lateness over the bound only', () => {
    const judge = latenessJudge(100, 2)
    expect([100, 100, 100].map(judge)).toEqual([false, false, false])
    expect([101, 101].map(judge)).toEqual([false, true])
  })
})

describe('overload settings', () => {
  it('default to half a second of event-loop delay and 90% of the heap V8 allows', () => {
    const config = loadConfig({})
    expect(config.overloadEventLoopDelayMs).toBe(500)
    const { heap_size_limit } = v8.getHeapStatistics()
    expect(config.overloadHeapBytes).toBeGreaterThan(0.85 * heap_size_limit)
    expect(config.overloadHeapBytes).toBeLessThanOrEqual(0.9 * heap_size_limit)
  })

  it('refuse values out of range, naming the variable', () => {
    expect(() => loadConfig({ OVERLOAD_EVENT_LOOP_DELAY_MS: '-1' })).toThrow(ConfigError)
    expect(() => loadConfig({ OVERLOAD_EVENT_LOOP_DELAY_MS: '-1' })).toThrow('OVERLOAD_EVENT_LOOP_DELAY_MS=-1 must be a whole number from 0 to 60000')
    expect(() => loadConfig({ OVERLOAD_HEAP_MB: 'lots' })).toThrow(/OVERLOAD_HEAP_MB=lots must be a whole number from 0 to \d+/)
  })
})
