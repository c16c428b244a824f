import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { openAdministration } from '../../helpers/fixtures'

let t: TestApp
let code: string
let administrationId: number

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000' } })
  const admin = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
  code = admin.codes[0].code
  administrationId = admin.administrationId
})
afterAll(() => t.close())

const valid = (id: string, worry = 'often') => ({ id, code, slug: 'mini-ana', version: 1, locale: 'en', channel: 'kiosk', answers: { food_worry: worry, basic_needs: { clothes: 'short' } } })
const post = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/responses', payload: body as object })
const count = async (table: 'responses' | 'response_items') =>
  Number((await t.app.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)

describe('intake under duplicates', () => {
  it('stores exactly 1,000 responses from 1,000 ids sent 20 times each concurrently, and refuses every changed payload', { timeout: 600_000 }, async () => {
    const before = await count('responses')
    const ids = Array.from({ length: 1000 }, () => randomUUID())
    const statuses: Record<number, number> = {}
    for (let i = 0; i < ids.length; i += 25) {
      const batch = ids.slice(i, i + 25).flatMap((id) => Array.from({ length: 20 }, () => post(valid(id))))
      for (const res of await Promise.all(batch)) statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1
    }
    // Each id was created once (201) and replayed 19 times (200 with the original receipt).
    expect(statuses).toEqual({ 201: 1000, 200: 19000 })
    expect((await count('responses')) - before).toBe(1000)

    const changed = await Promise.all(ids.map((id) => post(valid(id, 'never'))))
    expect(changed.map((r) => r.statusCode)).toEqual(ids.map(() => 409))
    // The item scores are read through the views, which show released responses: the school's first release takes
    // all of them in, and every one still has the answer it was stored with.
    expect((await releaseNow(t, administrationId)).released).toBe(1000 + before)
    const often = await t.app.db.selectFrom('response_items').select('response_id').where('response_id', 'in', ids).where('item_id', '=', 'food.worry').where('choice', '=', 'often').execute()
    expect(often).toHaveLength(1000)
    const overwritten = await t.app.db
      .selectFrom('response_items')
      .select('response_id')
      .where('response_id', 'in', ids)
      .where('item_id', '=', 'food.worry')
      .where('choice', '!=', 'often')
      .execute()
    expect(overwritten).toEqual([])
  })
})

describe('intake under random and malformed bodies', () => {
  // Built when the test runs, once the access code exists.
  const bodies = () => {
  const junkValue = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.object({ maxDepth: 2 }))
  const field = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: junkValue })
  const mutated = fc.record(
    {
      id: field(fc.uuid()),
      code: field(fc.constantFrom(code, code.toLowerCase(), 'ZZZZ2345')),
      slug: field(fc.constantFrom('mini-ana', 'family-ana', '../etc', 'MINI-ANA')),
      version: field(fc.integer({ min: -2, max: 3 })),
      locale: field(fc.constantFrom('en', 'es', 'ar', 'xx', '')),
      channel: field(fc.constantFrom('kiosk', 'phone', 'web', 'fax')),
      answers: field(
        fc.oneof(
          fc.record({ food_worry: fc.constantFrom('often', 'never', 'pns'), comments: fc.string({ maxLength: 30 }) }, { requiredKeys: ['food_worry'] }),
          fc.dictionary(fc.constantFrom('food_worry', 'days_missed', 'basic_needs', 'comments', '__proto__', 'constructor', 'x'), junkValue),
        ),
      ),
      startedAt: field(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    },
    { requiredKeys: ['id', 'code', 'slug', 'version', 'locale', 'channel', 'answers'] },
  )
  const deep = fc.integer({ min: 50, max: 3000 }).map((depth) => '{"answers":' + '['.repeat(depth) + ']'.repeat(depth) + '}')
  const raw = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.json({ maxDepth: 4 }),
    deep,
    fc.constantFrom('{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '{', '[]', 'null', '"text"', '{"answers":{"a":1}'),
  )
  const body = fc.oneof(
    mutated.map((b) => ({ payload: JSON.stringify(b), contentType: 'application/json' })),
    raw.map((payload) => ({ payload, contentType: 'application/json' })),
    fc.tuple(fc.string({ maxLength: 50 }), fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/xml')).map(([payload, contentType]) => ({ payload, contentType })),
  )
  return body
  }

  it('answers 5,000 random or malformed bodies with a 4xx and a JSON error, never a 5xx, and pollutes nothing', { timeout: 600_000 }, async () => {
    const seen: Record<number, number> = {}
    await fc.assert(
      fc.asyncProperty(bodies(), async ({ payload, contentType }) => {
        // Some bodies reuse a stored id with other content (409); some are valid (201).
        const res = await t.app.inject({ method: 'POST', url: '/api/responses', headers: { 'content-type': contentType }, payload })
        seen[res.statusCode] = (seen[res.statusCode] ?? 0) + 1
        if (res.statusCode === 200 || res.statusCode === 201) return // a generated body that happens to be valid
        expect(res.statusCode, payload.slice(0, 200)).toBeGreaterThanOrEqual(400)
        expect(res.statusCode, payload.slice(0, 200)).toBeLessThan(500)
        const json = res.json()
        expect(typeof json.error).toBe('string')
        expect(typeof json.message).toBe('string')
      }),
      { numRuns: 5000, seed: 4242 },
    )
    expect(({} as Record<string, unknown>).x).toBeUndefined()
    // Every kind of answer was reached: created, invalid, not offered, unknown code, wrong media type.
    expect(Object.keys(seen).map(Number)).toEqual(expect.arrayContaining([201, 400, 404, 415]))
  })
})
