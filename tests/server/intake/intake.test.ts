import { randomUUID } from 'node:crypto'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../server/db/schema'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { createIntake } from '../../../server/intake/intake.service'
import { openAdministration } from '../../helpers/fixtures'

let t: TestApp
let code: string
let administrationId: number

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
  const admin = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
  code = admin.codes[0].code
  administrationId = admin.administrationId
})
afterAll(() => t.close())

const submission = (overrides: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  code,
  slug: 'mini-ana',
  version: 1,
  locale: 'es',
  channel: 'phone',
  answers: { food_worry: 'often', food_know_help: 1, basic_needs: { clothes: 'help' } },
  startedAt: '2026-11-20T10:00:00.000Z',
  submittedAt: '2026-11-20T10:07:00.000Z',
  ...overrides,
})

const post = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/responses', payload: body as object })

describe('POST /api/responses', () => {
  it('stores a valid response with its item and domain scores and answers 201 with a receipt', async () => {
    const body = submission()
    const res = await post(body)
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ id: body.id, created: true })
    const stored = await t.app.db.selectFrom('responses').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow()
    expect(stored).toMatchObject({ locale: 'es', channel: 'phone', role: 'family', answers: body.answers })
    expect(Object.keys(stored)).not.toContain('ip')
    // The views read released responses only: the scores are there once a release takes the response in.
    expect(await t.app.db.selectFrom('response_items').select('item_id').where('response_id', '=', body.id).execute()).toEqual([])
    expect((await releaseNow(t, administrationId)).released).toBe(1)
    const items = await t.app.db.selectFrom('response_items').select(['item_id', 'score']).where('response_id', '=', body.id).orderBy('item_id').execute()
    expect(items).toEqual([
      { item_id: 'basic.clothes', score: 100 },
      { item_id: 'food.know-help', score: 0 },
      { item_id: 'food.worry', score: 100 },
    ])
    const domains = await t.app.db.selectFrom('response_domain_scores').select(['domain', 'measures', 'score']).where('response_id', '=', body.id).orderBy('domain').orderBy('measures').execute()
    expect(domains).toEqual([
      { domain: 'basic-needs', measures: 'need', score: 100 },
      { domain: 'food-security', measures: 'asset', score: 0 },
      { domain: 'food-security', measures: 'need', score: 100 },
    ])
  })

  it('adds stored responses to the rollups when a release takes them in, never before, and never a batch under k', async () => {
    const often = async () =>
      Number(
        (await t.app.db.selectFrom('item_choice_rollups').select('n').where('item_id', '=', 'food.worry').where('choice', '=', 'often').executeTakeFirst())?.n ?? 0,
      )
    const pending = async (ids: string[]) => (await t.app.db.selectFrom('rollup_pending').select('response_id').where('response_id', 'in', ids).execute()).length
    const before = await often()
    const first = submission()
    expect((await post(first)).statusCode).toBe(201)
    // No fold in the background: the response waits for a release.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(await pending([first.id])).toBe(1)
    expect(await often()).toBe(before)
    // The school has a release already, and one more family is fewer than k: the cut leaves it waiting.
    expect(await releaseNow(t, administrationId)).toMatchObject({ release: null, released: 0, schoolsWaiting: 1 })
    expect(await pending([first.id])).toBe(1)
    expect(await often()).toBe(before)
    // Nine more with the same answers add k people to every figure they touch: the next release takes all ten in.
    const more = Array.from({ length: 9 }, () => submission())
    for (const body of more) expect((await post(body)).statusCode).toBe(201)
    expect(await releaseNow(t, administrationId)).toMatchObject({ release: { number: 2 }, released: 10, schoolsWaiting: 0 })
    expect(await pending([first.id, ...more.map((b) => b.id)])).toBe(0)
    expect(await often()).toBe(before + 10)
  })

  it('returns the original receipt when the same response is sent twice', async () => {
    const body = submission()
    const first = await post(body)
    const again = await post(body)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ ...first.json(), created: false })
    const { count } = await t.app.db.selectFrom('responses').select((eb) => eb.fn.countAll<string>().as('count')).where('id', '=', body.id).executeTakeFirstOrThrow()
    expect(Number(count)).toBe(1)
  })

  it('refuses the same id with different answers with 409 and keeps the stored response', async () => {
    const body = submission()
    await post(body)
    const res = await post({ ...body, answers: { food_worry: 'never' } })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toEqual({ error: 'conflict', message: 'A different response with this id was already received; the stored response is unchanged.' })
    const stored = await t.app.db.selectFrom('responses').select('answers').where('id', '=', body.id).executeTakeFirstOrThrow()
    expect(stored.answers).toEqual(body.answers)
  })

  it('refuses an invalid response with 400, listing each problem, and stores nothing', async () => {
    const body = submission({ answers: { food_worry: 'maybe', nickname: 'Ana' } })
    const res = await post(body)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({
      error: 'invalid_response',
      message: 'The response has 2 problems.',
      details: [
        { question: 'nickname', reason: 'is not a question of this survey' },
        { question: 'food_worry', reason: 'is not one of the choices' },
      ],
    })
    expect(await t.app.db.selectFrom('responses').select('id').where('id', '=', body.id).executeTakeFirst()).toBeUndefined()
  })

  it.each([
    ['a NUL character', 'before\u0000after'],
    ['half of a surrogate pair', 'before\ud800after'],
  ])('refuses text with %s with 400, naming the question, and stores nothing', async (_, comments) => {
    const body = submission({ answers: { food_worry: 'often', comments } })
    const res = await post(body)
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({
      error: 'invalid_response',
      message: 'The response has 1 problem.',
      details: [{ question: 'comments', reason: 'contains a character that cannot be stored (U+0000 or half of a surrogate pair)' }],
    })
    expect(await t.app.db.selectFrom('responses').select('id').where('id', '=', body.id).executeTakeFirst()).toBeUndefined()
  })

  it('refuses an access code with a NUL character with 400', async () => {
    const res = await post(submission({ code: 'AB\u0000CD' }))
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'bad_request', message: 'Invalid body: /code must match pattern "^[^\\u0000]+$".' })
  })

  it('refuses an unknown access code with 404', async () => {
    const res = await post(submission({ code: 'NOPE2345' }))
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: 'not_found', message: 'This access code is not known. Check the code on the poster or card.' })
  })

  it('refuses a closed administration with 410 and the reason', async () => {
    const closed = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }], opensInDays: -10, closesInDays: -1 })
    const res = await post(submission({ code: closed.codes[0].code }))
    expect(res.statusCode).toBe(410)
    expect(res.json()).toEqual({ error: 'gone', message: 'This survey is closed. Thank you for your interest.', details: { reason: 'closed' } })
  })

  it('refuses an instrument version the administration does not offer with 400', async () => {
    const res = await post(submission({ slug: 'family-ana' }))
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ error: 'bad_request', message: 'This survey does not offer family-ana version 1.' })
  })

  it.each([
    [{ version: '1' }, 'Invalid body: /version must be integer.'],
    [{ id: 'not-a-uuid' }, 'Invalid body: /id must match format "uuid".'],
    [{ channel: 'fax' }, 'Invalid body: /channel must be equal to one of the allowed values.'],
    [{ extra: true }, 'Invalid body: / must NOT have additional properties.'],
  ])('refuses a malformed body %j with 400', async (override, message) => {
    const res = await post(submission(override))
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ error: 'bad_request', message })
  })

  it('refuses an unknown locale with 400', async () => {
    const res = await post(submission({ locale: 'xx' }))
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toBe('Unknown locale "xx"; use one of en, es, hy, ko, zh-Hant, vi, tl, ru, fa, ar.')
  })

  it('refuses a body over 64 KB with 413', async () => {
    const res = await post(submission({ answers: { comments: 'x'.repeat(70_000) } }))
    expect(res.statusCode).toBe(413)
    expect(res.json()).toEqual({ error: 'fst_err_ctp_body_too_large', message: 'The request body is too large.' })
  })
})

describe('POST /api/responses when the survey changes under a busy code', () => {
  // The intake keeps an open offer in memory after the first response through a code; the statement that stores a
  // response checks it again, so a change is seen at once, with the same answer a fresh read gives.
  const fresh = async () => {
    const admin = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
    return { ...admin, code: admin.codes[0].code }
  }
  const count = async (administrationId: number) =>
    Number((await t.app.db.selectFrom('responses').select((eb) => eb.fn.countAll<string>().as('n')).where('administration_id', '=', administrationId).executeTakeFirstOrThrow()).n)

  it('refuses with 410 a response sent right after its code was revoked, and stores nothing', async () => {
    const admin = await fresh()
    expect((await post(submission({ code: admin.code }))).statusCode).toBe(201)
    await t.app.db.updateTable('access_codes').set({ revoked_at: new Date() }).where('code', '=', admin.code).execute()
    const res = await post(submission({ code: admin.code }))
    expect(res.statusCode).toBe(410)
    expect(res.json()).toEqual({ error: 'gone', message: 'This access code is no longer in use. Ask the school for a new one.', details: { reason: 'revoked' } })
    expect(await count(admin.administrationId)).toBe(1)
  })

  it('refuses with 410 a response sent right after the survey was closed early, and stores nothing', async () => {
    const admin = await fresh()
    expect((await post(submission({ code: admin.code }))).statusCode).toBe(201)
    await t.app.db.updateTable('administrations').set({ closed_at: new Date() }).where('id', '=', admin.administrationId).execute()
    const res = await post(submission({ code: admin.code }))
    expect(res.statusCode).toBe(410)
    expect(res.json()).toEqual({ error: 'gone', message: 'This survey is closed. Thank you for your interest.', details: { reason: 'closed' } })
    expect(await count(admin.administrationId)).toBe(1)
  })

  it('returns the original receipt to a response stored before the survey closed and sent again after', async () => {
    const admin = await fresh()
    const body = submission({ code: admin.code })
    const first = await post(body)
    expect(first.statusCode).toBe(201)
    await t.app.db.updateTable('administrations').set({ closed_at: new Date() }).where('id', '=', admin.administrationId).execute()
    const again = await post(body)
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual({ ...first.json(), created: false })
    // A changed payload under that id is a conflict, as it was while the survey was open.
    const changed = await post({ ...body, answers: { food_worry: 'never' } })
    expect(changed.statusCode).toBe(409)
    // And so it is when the intake reads the offer afresh (a restarted server, another instance).
    expect((await createIntake(t.app.db).submit({ ...body, answers: { food_worry: 'never' } } as never).catch((e: { statusCode: number }) => e.statusCode))).toBe(409)
    expect(await createIntake(t.app.db).submit(body as never)).toEqual({ ...first.json(), created: false })
    expect(await count(admin.administrationId)).toBe(1)
  })

  it('answers 503 offer_changed when the code is revoked between reading its offer and storing, stores nothing, and the resend gets 410', async () => {
    // One connection, taken in turn: the offer is read first, the revocation commits next, and the response's
    // write comes after it. (The embedded database has one connection; on the server the test opens its own.)
    const options = t.app.pg.pool.options as pg.PoolConfig
    const own = options.max === 1 ? null : new pg.Pool({ ...options, max: 1 })
    const db = own ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: own }) }) : t.app.db
    try {
      const admin = await fresh()
      const intake = createIntake(db)
      const body = submission({ code: admin.code })
      const outcome = intake.submit(body as never).then(
        () => null,
        (error: { statusCode: number; code: string; message: string }) => ({ status: error.statusCode, code: error.code, message: error.message }),
      )
      await new Promise((resolve) => setImmediate(resolve)) // the offer's read holds the connection now
      await db.updateTable('access_codes').set({ revoked_at: new Date() }).where('code', '=', admin.code).execute()
      expect(await outcome).toEqual({ status: 503, code: 'offer_changed', message: 'The survey changed while this response was being stored; send it again.' })
      expect(await count(admin.administrationId)).toBe(0)
      // Sending again reads the offer afresh and gets the reason.
      const again = await post(body)
      expect(again.statusCode).toBe(410)
      expect(again.json()).toEqual({ error: 'gone', message: 'This access code is no longer in use. Ask the school for a new one.', details: { reason: 'revoked' } })
      expect(await count(admin.administrationId)).toBe(0)
    } finally {
      if (own) await db.destroy()
    }
  })

  it('stores through a code again once the survey reopens by an extension', async () => {
    const admin = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }], opensInDays: -10, closesInDays: -1 })
    const code = admin.codes[0].code
    expect((await post(submission({ code }))).statusCode).toBe(410)
    await t.app.db.updateTable('administrations').set({ closes_at: new Date(Date.now() + 86_400_000) }).where('id', '=', admin.administrationId).execute()
    expect((await post(submission({ code }))).statusCode).toBe(201)
  })
})

describe('POST /api/responses limits', () => {
  it('limits each access code per address whatever client token is sent, and each code across addresses; a class on one address fits', async () => {
    const limited = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { RATE_LIMIT_PER_MINUTE: '30', CODE_RATE_LIMIT_PER_MINUTE: '45' } })
    try {
      const { codes, administrationId } = await openAdministration(limited.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }], schools: 2 })
      const send = (code: string, address: string, token: string) =>
        limited.app.inject({
          method: 'POST',
          url: '/api/responses',
          remoteAddress: address,
          headers: { 'x-client-token': token },
          payload: { ...submission(), code },
        })
      const REFUSED = { error: 'rate_limited', message: expect.stringMatching(/^Too many responses through this school's code just now; try again in \d+ seconds\.$/) }
      // A class of 30 phones on the school's Wi-Fi: one address, 30 tokens, all stored.
      const school = codes[0].code
      const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => send(school, '10.1.1.1', `phone-${i}`).then((r) => r.statusCode)))
      expect(statuses.filter((s) => s === 201)).toHaveLength(30)
      // A new token each time from the same address: refused all the same.
      const refused = await send(school, '10.1.1.1', 'a-brand-new-token')
      expect(refused.statusCode).toBe(429)
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
      expect(refused.json()).toEqual(REFUSED)
      // Another address at the same school, and the same address with another school's code, are not held back.
      expect((await send(school, '10.2.2.2', 'kiosk')).statusCode).toBe(201)
      expect((await send(codes[1].code, '10.1.1.1', 'phone-0')).statusCode).toBe(201)
      // Across addresses: the code's own limit (45 a minute here) holds a flood from many addresses.
      const spread = await Promise.all(Array.from({ length: 20 }, (_, i) => send(school, `10.3.0.${i}`, 'same').then((r) => r.statusCode)))
      expect(spread.filter((s) => s === 201)).toHaveLength(45 - 31)
      expect(spread.filter((s) => s === 429)).toHaveLength(20 - (45 - 31))
      const stored = await limited.app.db.selectFrom('responses').where('administration_id', '=', administrationId).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
      expect(Number(stored.n)).toBe(45 + 1)
    } finally {
      await limited.close()
    }
  })

  it('keys on the address a trusted proxy names, and ignores X-Forwarded-For from anyone else', async () => {
    for (const [trust, expected] of [
      [undefined, [201, 201, 429, 429]],
      ['loopback', [201, 201, 201, 201]],
    ] as const) {
      const limited = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { RATE_LIMIT_PER_MINUTE: '2', ...(trust ? { TRUST_PROXY: trust } : {}) } })
      try {
        const { codes } = await openAdministration(limited.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
        const statuses: number[] = []
        for (const family of ['203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.2']) {
          const res = await limited.app.inject({
            method: 'POST',
            url: '/api/responses',
            remoteAddress: '127.0.0.1',
            headers: { 'x-forwarded-for': family },
            payload: { ...submission(), code: codes[0].code },
          })
          statuses.push(res.statusCode)
        }
        expect(statuses, `TRUST_PROXY=${trust}`).toEqual(expected)
      } finally {
        await limited.close()
      }
    }
  })

  it.each([
    '{"__proto__": {"polluted": true}}',
    '{"constructor": {"prototype": {"polluted": true}}}',
    '{"answers": {"__proto__": {"polluted": true}}}',
    '{"id": "1", "answers": ',
  ])('refuses a prototype-pollution or broken JSON body %s with 400 and pollutes nothing', async (raw) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/responses', headers: { 'content-type': 'application/json' }, payload: raw })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ error: 'invalid_json', message: 'The body is not valid JSON, or uses a forbidden key (__proto__ or constructor.prototype).' })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses a body that is not JSON with 415', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/responses', headers: { 'content-type': 'text/plain' }, payload: 'hello' })
    expect(res.statusCode).toBe(415)
    expect(res.json()).toEqual({ error: 'fst_err_ctp_invalid_media_type', message: 'Send the body as application/json.' })
  })
})
