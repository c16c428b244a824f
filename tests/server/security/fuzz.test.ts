import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

/** Random or malformed inputs per route; override with FUZZ_RUNS for a longer soak. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 5000)

let t: TestApp
let admin: StaffHeaders
let code: string
let schoolId: number

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { CLIENT_DIR: path.resolve(import.meta.dirname, '../../fixtures/client'), RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000', OPEN_RATE_LIMIT_PER_MINUTE: '1000000' } })
  const opened = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
  code = opened.codes[0].code
  schoolId = opened.schools[0].id
  admin = await signIn(t.app, 'district-admin')
})
afterAll(() => t.close())

const POLLUTION = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"answers":{"__proto__":{"polluted":"yes"}},"id":"x"}',
  '{"a":{"b":{"__proto__":{"polluted":"yes"}}}}',
  '[{"__proto__":{"polluted":"yes"}}]',
  '{"email":"a@b.c","password":"x","__proto__":{"isAdmin":true}}',
]

/** Raw bodies: JSON of random values, pollution attempts, deep nesting, broken JSON, and plausible shapes with wrong types. */
const rawBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.anything({ withObjectString: true, withNullPrototype: true, maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.constantFrom(...POLLUTION),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 1, max: 5_000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('', '{', '{"a":', 'null', '[]', '"text"', '1e999', '{"email":null}', '\u0000', '{"id":"../../etc/passwd"}'),
  fc.record(
    {
      id: fc.oneof(fc.uuid(), fc.string(), fc.integer()),
      code: fc.oneof(fc.constant('__CODE__'), fc.string()),
      slug: fc.oneof(fc.constant('mini-ana'), fc.string()),
      version: fc.oneof(fc.constant(1), fc.integer(), fc.string()),
      locale: fc.oneof(fc.constantFrom('en', 'es', 'xx'), fc.string()),
      channel: fc.oneof(fc.constantFrom('kiosk', 'phone', 'web'), fc.string()),
      answers: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.jsonValue()),
      email: fc.oneof(fc.emailAddress(), fc.string()),
      password: fc.string({ maxLength: 300 }),
      role: fc.oneof(fc.constantFrom('district-admin', 'district-analyst', 'school-team'), fc.string()),
      schoolIds: fc.oneof(fc.array(fc.integer()), fc.jsonValue()),
      disabled: fc.oneof(fc.boolean(), fc.jsonValue()),
    },
    { requiredKeys: [] },
  ).map((v) => JSON.stringify(v).replace('__CODE__', code)),
)

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', 'application/xml') },
)

/** A URL segment or query value: random text, percent-encoded, including traversal and huge numbers. */
const segment = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('..', '%2e%2e', '-1', '0', '99999999999999999999', '1e3', 'null', '__proto__', 'constructor', String(2 ** 31)), fc.integer().map(String))
const query = fc.dictionary(fc.oneof(fc.constantFrom('administration', 'format', 'role', 'region', 'cohort', 'gradeBand', 'includeText', 'limit', 'before', 'action', '__proto__'), fc.string({ maxLength: 12 })), segment, { maxKeys: 5 })

function fillPath(url: string, values: string[]): string {
  let i = 0
  return url.replace(/:(\w+)|\*/g, () => encodeURIComponent(values[i++ % values.length] ?? 'x'))
}

function expectClientError(route: string, res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  expect({ route, status: res.statusCode < 500 }).toEqual({ route, status: true })
  if (res.statusCode >= 400) {
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/)
    const body = JSON.parse(res.body)
    expect(typeof body.error).toBe('string')
    expect(typeof body.message).toBe('string')
    expect(res.body).not.toMatch(/\bat .*\.(ts|js):\d+|syntax error at|relation "|duplicate key/)
  }
}

function expectNoPollution() {
  const probe = {} as Record<string, unknown>
  expect(probe.polluted).toBeUndefined()
  expect(probe.isAdmin).toBeUndefined()
  expect(Object.keys(Object.prototype)).toEqual([])
}

const API_ROUTES = () => t.app.routeAccess.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD')

describe(`fuzz: ${RUNS} random or malformed requests per API route`, () => {
  it('covers every API route', () => {
    expect(API_ROUTES().length).toBeGreaterThanOrEqual(20)
  })

  it.each([
    'POST /api/responses',
    'POST /api/auth/login',
    'POST /api/users',
    'PATCH /api/users/:id',
    'POST /api/users/:id/end-sessions',
    'POST /api/sessions/end-all',
    'POST /api/auth/logout',
  ])('%s answers bodies with 4xx JSON errors, never 5xx, and nothing is polluted', async (key) => {
    const [method, url] = key.split(' ')
    expect(API_ROUTES().some((r) => r.method === method && r.url === url)).toBe(true)
    const staff = await signIn(t.app, 'district-admin')
    await fc.assert(
      fc.asyncProperty(rawBody, contentType, fc.array(segment, { minLength: 1, maxLength: 2 }), async (body, type, params) => {
        const res = await t.app.inject({ method: method as 'POST', url: fillPath(url, params), payload: body, headers: { ...staff, 'content-type': type } })
        expectClientError(key, res)
      }),
      { numRuns: RUNS },
    )
    expectNoPollution()
  }, 600_000)

  it('every GET route answers random paths and query strings with 4xx JSON errors or its normal answer, never 5xx', async () => {
    const gets = API_ROUTES().filter((r) => r.method === 'GET')
    for (const route of gets) {
      await fc.assert(
        fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 3 }), query, fc.boolean(), async (params, q, realSchool) => {
          const search = new URLSearchParams(q as Record<string, string>).toString()
          const url = fillPath(route.url, realSchool ? [String(schoolId)] : params) + (search ? `?${search}` : '')
          const res = await t.app.inject({ method: 'GET', url, headers: admin })
          expectClientError(`GET ${route.url}`, res)
        }),
        { numRuns: RUNS },
      )
    }
    expectNoPollution()
  }, 900_000)
})
