import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { payloadHash, type Submission } from '../../../server/intake/intake.service'
import { BAD_TEXT, hasIllFormedText, MAX_BODY_DEPTH, textNestsDeeperThan, TOO_DEEP, valueNestsDeeperThan } from '../../../server/plugins/json-body'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'

const ROOT = path.resolve(import.meta.dirname, '../../..')

/** A value nested `depth` levels deep, built without recursion. */
function nested(depth: number): unknown {
  let v: unknown = 1
  for (let i = 1; i < depth; i++) v = i % 2 === 0 ? [v] : { a: v }
  return [v]
}

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? jsonFiles(p) : p.endsWith('.json') ? [p] : []
  })
}

/** The depth of a value, as the guard counts it (the outermost array or object is 1). */
function depthOf(value: unknown): number {
  for (let d = 0; ; d++) if (!valueNestsDeeperThan(value, d)) return d
}

describe('measuring depth without recursion', () => {
  it('counts brackets as text, ignoring those inside strings, escaped quotes included', () => {
    expect(textNestsDeeperThan('[[1]]', 2)).toBe(false)
    expect(textNestsDeeperThan('[[[1]]]', 2)).toBe(true)
    expect(textNestsDeeperThan('{"a":{"b":[]}}', 3)).toBe(false)
    expect(textNestsDeeperThan('{"a":{"b":[{}]}}', 3)).toBe(true)
    expect(textNestsDeeperThan('["[[[[", "{{{{"]', 1)).toBe(false)
    expect(textNestsDeeperThan('["\\"[[[[", "\\\\", "{{"]', 1)).toBe(false)
    expect(textNestsDeeperThan('["\\\\"', 1)).toBe(false)
    expect(textNestsDeeperThan('["\\\\",[[', 2)).toBe(true)
    expect(textNestsDeeperThan('"unterminated [[[', 0)).toBe(false)
    expect(textNestsDeeperThan('[]'.repeat(1000), 1)).toBe(false)
  })

  it('answers for a million levels at once, and agrees with the value walk', () => {
    expect(textNestsDeeperThan('['.repeat(1_000_000) + ']'.repeat(1_000_000), MAX_BODY_DEPTH)).toBe(true)
    expect(valueNestsDeeperThan(nested(100_000), MAX_BODY_DEPTH)).toBe(true)
    for (const depth of [1, 2, 63, 64, 65, 200]) {
      const value = nested(depth)
      expect({ depth, text: textNestsDeeperThan(JSON.stringify(value), MAX_BODY_DEPTH), value: valueNestsDeeperThan(value, MAX_BODY_DEPTH) }).toEqual({
        depth,
        text: depth > MAX_BODY_DEPTH,
        value: depth > MAX_BODY_DEPTH,
      })
    }
  })

  it('leaves ample room for the deepest legitimate body: every definition in surveys/ and the fixtures, as a draft', () => {
    const files = [...jsonFiles(path.join(ROOT, 'surveys')), ...jsonFiles(path.join(ROOT, 'tests/fixtures'))]
    expect(files.length).toBeGreaterThan(10)
    const deepest = Math.max(...files.map((f) => depthOf({ definition: JSON.parse(fs.readFileSync(f, 'utf8')) })))
    expect(deepest).toBeGreaterThanOrEqual(8)
    expect(deepest).toBeLessThanOrEqual(MAX_BODY_DEPTH / 4)
  })
})

describe('text PostgreSQL cannot store', () => {
  it('finds a NUL or an unpaired surrogate in any string or key, and nothing in well-formed text', () => {
    for (const bad of ['\u0000', 'a\u0000b', '\ud800', 'x\ud83d', '\ude00y', '\udc00\ud800']) {
      expect(hasIllFormedText({ a: [{ b: bad }] })).toBe(true)
      expect(hasIllFormedText({ [bad]: 1 })).toBe(true)
    }
    for (const good of ['', 'Niños', '😀', '\ud83d\ude00', 'é\u0301', '\u0001\u001f', '日本語', '\ufeff']) expect(hasIllFormedText({ a: [good], [good]: good })).toBe(false)
    expect(hasIllFormedText([1, true, null, { a: 2.5 }])).toBe(false)
  })
})

describe('the payload fingerprint', () => {
  const submission = (answers: Record<string, unknown>): Submission =>
    ({ id: '3f1c2a52-7c0e-4c7a-9d1e-2b8f5e6a9c01', code: 'ABC', slug: 'mini-ana', version: 1, locale: 'en', channel: 'kiosk', answers }) as Submission

  it('refuses answers nested past the limit, from any caller, rather than overflowing the stack', () => {
    expect(() => payloadHash(submission({ deep: nested(100_000) }))).toThrow(TOO_DEEP)
    expect(() => payloadHash(submission({ deep: nested(MAX_BODY_DEPTH) }))).toThrow(TOO_DEEP)
    expect(payloadHash(submission({ deep: nested(MAX_BODY_DEPTH - 1) }))).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('every route that takes a body answers bad JSON bodies with a 4xx JSON error, never 5xx', () => {
  let t: TestApp
  let admin: StaffHeaders
  type Route = { method: string; url: string; schema: { type?: string; properties?: Record<string, { type?: string; maxItems?: number }> } | null }
  let routes: Route[]

  beforeAll(async () => {
    t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '10000000' } })
    admin = await signIn(t.app, 'district-admin')
    // Every API route with a method that carries a body, as registered (a new route is covered by itself), with
    // its body schema from the OpenAPI document the route schemas make.
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Route['schema'] }> } }>> }
    routes = t.app.routeAccess
      .filter((r) => r.url.startsWith('/api/') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
      .map((r) => ({ ...r, schema: doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()]?.requestBody?.content['application/json']?.schema ?? null }))
  })
  afterAll(() => t.close())

  // Path values every route's parameters accept, so the body is what is judged.
  const PARAMS: Record<string, string> = { role: 'family', code: 'ABC' }
  const urlOf = (url: string) => url.replace(/:(\w+)/g, (_, name: string) => PARAMS[name] ?? '1')

  // Each request from an address of its own: the per-address limits of sign-in and setup (10 a minute) are not
  // what these requests test.
  let requests = 0
  const remoteAddress = () => `10.${(++requests >> 16) & 255}.${(requests >> 8) & 255}.${requests & 255}`

  async function send(route: Route, body: string) {
    const res = await t.app.inject({ method: route.method as 'POST', url: urlOf(route.url), payload: body, headers: { ...admin, 'content-type': 'application/json' }, remoteAddress: remoteAddress() })
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/)
    const json = res.json()
    return { route: `${route.method} ${route.url}`, status: res.statusCode, error: json.error, message: json.message }
  }

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(40)
    expect(routes.filter((r) => r.schema?.type === 'object').length).toBeGreaterThanOrEqual(25)
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['POST /api/responses', 'PUT /api/designer/:id/drafts/:draftId', 'POST /api/schools/import', 'POST /api/auth/logout']))
  })

  it('refuses 8,001 levels of arrays or objects with 400: too deep', async () => {
    for (const body of ['['.repeat(8_001) + ']'.repeat(8_001), '{"a":'.repeat(8_001) + '1' + '}'.repeat(8_001), '['.repeat(MAX_BODY_DEPTH + 1) + ']'.repeat(MAX_BODY_DEPTH + 1)]) {
      for (const route of routes) {
        const r = `${route.method} ${route.url}`
        expect(await send(route, body)).toEqual({ route: r, status: 400, error: 'bad_request', message: TOO_DEEP })
      }
    }
  })

  it('refuses 100,000 levels with 400: too deep, or 413 where the route takes no body that large', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    const large: string[] = []
    for (const route of routes) {
      const r = `${route.method} ${route.url}`
      // Whether the route reads a body this large at all: the same length, not JSON, is 413 or 400 invalid_json.
      const probe = await send(route, 'x' + ' '.repeat(deep.length - 1))
      const takesLarge = probe.status === 400
      expect(probe).toEqual(
        takesLarge
          ? { route: r, status: 400, error: 'invalid_json', message: 'The body is not valid JSON, or uses a forbidden key (__proto__ or constructor.prototype).' }
          : { route: r, status: 413, error: 'fst_err_ctp_body_too_large', message: 'The request body is too large.' },
      )
      expect(await send(route, deep)).toEqual(takesLarge ? { route: r, status: 400, error: 'bad_request', message: TOO_DEEP } : probe)
      if (takesLarge) large.push(r)
    }
    // The designer's drafts and the two imports take large bodies: the depth, not the size, refuses them.
    expect(large).toEqual(expect.arrayContaining(['POST /api/designer/:id/imports', 'PUT /api/designer/:id/drafts/:draftId', 'POST /api/schools/import', 'POST /api/partners/import']))
  })

  it('refuses a NUL or an unpaired surrogate anywhere in the body with 400', async () => {
    for (const body of ['{"a":"\\u0000"}', '{"a":"x\\ud800"}', '{"a":["\\uDC00y"]}', '{"\\ud83d":1}', '[{"b":{"c":"ok \\u0000"}}]']) {
      for (const route of routes) {
        const r = `${route.method} ${route.url}`
        // Intake checks text itself, naming the answer (tests/server/intake/intake.test.ts); these bodies are no submission.
        const expected = r === 'POST /api/responses' ? { status: 400, error: 'bad_request', message: expect.stringMatching(/^Invalid body: \//) } : { status: 400, error: 'bad_request', message: BAD_TEXT }
        expect(await send(route, body)).toEqual({ route: r, ...expected })
      }
    }
  })

  it('refuses a body of the wrong type, a huge array among them, where the route takes an object', async () => {
    const hugeArray = '[' + '1,'.repeat(30_000) + '1]'
    for (const route of routes.filter((r) => r.schema?.type === 'object')) {
      for (const body of ['null', '42', '"text"', 'true', '[]', hugeArray]) {
        expect(await send(route, body)).toEqual({ route: `${route.method} ${route.url}`, status: 400, error: 'bad_request', message: 'Invalid body: / must be object.' })
      }
    }
  })

  it('bounds every array a body takes, and refuses one a single item too long with 400', async () => {
    let arrays = 0
    for (const route of routes) {
      for (const [name, property] of Object.entries(route.schema?.properties ?? {})) {
        if (property.type !== 'array') continue
        arrays++
        expect({ route: `${route.method} ${route.url}`, name, maxItems: typeof property.maxItems }).toEqual({ route: `${route.method} ${route.url}`, name, maxItems: 'number' })
        const res = await t.app.inject({ method: route.method as 'POST', url: urlOf(route.url), payload: { [name]: Array(property.maxItems! + 1).fill(1) }, headers: admin, remoteAddress: remoteAddress() })
        expect({ route: `${route.method} ${route.url}`, status: res.statusCode }).toEqual({ route: `${route.method} ${route.url}`, status: 400 })
        expect(res.json().details).toContainEqual(expect.objectContaining({ path: `/${name}`, reason: `must NOT have more than ${property.maxItems} items` }))
      }
    }
    expect(arrays).toBeGreaterThanOrEqual(10)
  })
})
