import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FREE_REFUSALS, HELD_MESSAGE, MAX_HELD_PER_ADDRESS, RefusalLedger } from '../../../server/plugins/slow-refusals'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { openAdministration } from '../../helpers/fixtures'

describe('RefusalLedger', () => {
  it('holds a key only once it has used its free refusals, and only until the wait it was told ends', () => {
    const ledger = new RefusalLedger()
    const now = 1_000_000
    for (let i = 0; i < FREE_REFUSALS; i++) ledger.note('k', 30, now)
    expect(ledger.penalised('k', now)).toBeUndefined()
    ledger.note('k', 30, now)
    expect(ledger.penalised('k', now + 29_000)).toBeDefined()
    expect(ledger.penalised('other', now)).toBeUndefined()
    // The wait ends: free again, and the next refusal starts a new count.
    expect(ledger.penalised('k', now + 30_000)).toBeUndefined()
    ledger.note('k', 30, now + 30_000)
    expect(ledger.penalised('k', now + 30_001)).toBeUndefined()
  })
})

const HOLD_MS = 400

describe('slow refusals over HTTP', () => {
  let t: TestApp
  let code: string
  beforeAll(async () => {
    t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { RATE_LIMIT_PER_MINUTE: '2', OPEN_RATE_LIMIT_PER_MINUTE: '3', REFUSAL_HOLD_MS: String(HOLD_MS) } })
    code = (await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })).codes[0].code
  })
  afterAll(() => t.close())

  const submission = () => ({
    id: randomUUID(),
    code,
    slug: 'mini-ana',
    version: 1,
    locale: 'en',
    channel: 'phone',
    answers: { food_worry: 'often' },
    startedAt: '2026-11-20T10:00:00.000Z',
    submittedAt: '2026-11-20T10:07:00.000Z',
  })
  const submit = (address: string, payload: object | string = submission()) =>
    t.app.inject({ method: 'POST', url: '/api/responses', remoteAddress: address, headers: { 'content-type': 'application/json' }, payload })

  it('answers an intake flood from one address at once at first, then holds each request and refuses it before reading its body', async () => {
    const flooder = '198.51.100.7'
    expect((await submit(flooder)).statusCode).toBe(201)
    expect((await submit(flooder)).statusCode).toBe(201)
    const early: number[] = []
    for (let i = 0; i < FREE_REFUSALS; i++) {
      const res = await submit(flooder)
      early.push(res.statusCode)
      expect(res.json().message).toMatch(/^Too many responses through this school's code just now; try again in \d+ seconds\.$/)
    }
    expect(early).toEqual(Array(FREE_REFUSALS).fill(429))
    expect((await submit(flooder)).statusCode).toBe(429)

    // Now held: a body that is not even JSON gets the same refusal (it was never read), after the hold.
    const started = performance.now()
    const held = await submit(flooder, '{not json')
    expect(performance.now() - started).toBeGreaterThanOrEqual(HOLD_MS - 50)
    expect(held.statusCode).toBe(429)
    expect(held.json()).toEqual({ error: 'rate_limited', message: HELD_MESSAGE })
    expect(Number(held.headers['retry-after'])).toBeGreaterThan(0)

    // Another family at another address is neither held nor refused; the flood stored only what its limit allowed.
    const other = await submit('198.51.100.8', '{not json')
    expect(other.statusCode).toBe(400)
    expect((await submit('198.51.100.8')).statusCode).toBe(201)
  })

  it('refuses at once and closes the connection past the requests one address may have held', async () => {
    const flooder = '198.51.100.9'
    // Use up the free refusals.
    for (let i = 0; i < 2 + FREE_REFUSALS + 1; i++) await submit(flooder)
    const burst = await Promise.all(Array.from({ length: MAX_HELD_PER_ADDRESS + 5 }, () => submit(flooder)))
    expect(burst.every((r) => r.statusCode === 429)).toBe(true)
    expect(burst.filter((r) => r.headers.connection === 'close')).toHaveLength(5)
  })

  it('limits opening a survey per address (code lookups and definition downloads), then holds a client that keeps going', async () => {
    const flooder = '198.51.100.10'
    const download = (address: string) => t.app.inject({ method: 'GET', url: '/api/instruments/mini-ana/versions/1', remoteAddress: address })
    const lookup = (address: string) => t.app.inject({ method: 'GET', url: `/api/access/${code}`, remoteAddress: address })
    const first = await Promise.all([download(flooder), download(flooder), download(flooder)])
    expect(first.map((r) => r.statusCode)).toEqual([200, 200, 200])
    const refused = await download(flooder)
    expect(refused.statusCode).toBe(429)
    expect(refused.json()).toEqual({ error: 'rate_limited', message: expect.stringMatching(/^Too many requests to open a survey from this address just now; try again in \d+ seconds\.$/) })
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
    // Each route has its own count: the code still opens from this address.
    expect((await lookup(flooder)).statusCode).toBe(200)
    for (let i = 0; i < FREE_REFUSALS; i++) await download(flooder)
    const started = performance.now()
    const held = await download(flooder)
    expect(performance.now() - started).toBeGreaterThanOrEqual(HOLD_MS - 50)
    expect(held.json()).toEqual({ error: 'rate_limited', message: HELD_MESSAGE })
    // Another phone at another address downloads as before.
    expect((await download('198.51.100.11')).statusCode).toBe(200)
  })

  it('never holds signed-in staff routes: the health check and staff reads answer as usual from a held address', async () => {
    const flooder = '198.51.100.12'
    for (let i = 0; i < 2 + FREE_REFUSALS + 1; i++) await submit(flooder)
    expect(t.app.refusals.penalised(`POST /api/responses ${flooder}`)).toBeDefined()
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', remoteAddress: flooder })
    expect(me.statusCode).toBe(401)
    expect((await t.app.inject({ method: 'GET', url: '/api/health', remoteAddress: flooder })).statusCode).toBe(200)
  })
})
