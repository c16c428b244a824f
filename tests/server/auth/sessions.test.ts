import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loginDelaySeconds } from '../../../server/auth/auth.service'
import { tokenHash } from '../../../server/auth/sessions'
import { startTestApp, FIXTURE_SURVEYS, type TestApp } from '../../helpers/app'
import { loginAs, signIn, TEST_PASSWORD } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

const WRONG = { error: 'invalid_credentials', message: 'The email or password is not right.' }

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
})
afterAll(() => t.close())

const me = (session: { cookie: string }) => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session.cookie } })
const login = (payload: unknown, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: payload as object, headers })

describe('sign-in', () => {
  it('starts a session with a 128-bit token in an HttpOnly, Secure, SameSite=Lax __Host- cookie; only its hash is stored', async () => {
    const account = await signIn(t.app, 'district-analyst')
    const res = await login({ email: account.email.toUpperCase(), password: TEST_PASSWORD })
    expect(res.statusCode).toBe(200)
    const cookie = String(res.headers['set-cookie'])
    expect(cookie).toMatch(/^__Host-ana_session=[A-Za-z0-9_-]{22}; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
    const token = cookie.split(';')[0].split('=')[1]
    expect(Buffer.from(token, 'base64url')).toHaveLength(16)
    expect(res.json()).toMatchObject({ user: { email: account.email, role: 'district-analyst', schools: [] }, session: { idleMinutes: 30, maxHours: 12 } })
    const stored = await t.app.db.selectFrom('sessions').select('token_hash').where('token_hash', '=', tokenHash(token)).execute()
    expect(stored).toHaveLength(1)
    const raw = await sql<{ n: number }>`select count(*)::int as n from sessions where encode(token_hash, 'escape') like ${'%' + token + '%'}`.execute(t.app.db)
    expect(raw.rows[0].n).toBe(0)
  })

  it('answers a wrong password and an unknown address with the same 401 message', async () => {
    const account = await signIn(t.app, 'district-analyst')
    const wrong = await login({ email: account.email, password: 'not the password' })
    const unknown = await login({ email: 'nobody@test.example', password: 'not the password' })
    expect([wrong.statusCode, wrong.json()]).toEqual([401, WRONG])
    expect([unknown.statusCode, unknown.json()]).toEqual([401, WRONG])
    expect(wrong.headers['set-cookie']).toBeUndefined()
  })

  it('issues a new token at every sign-in and ends the session the request came with', async () => {
    const account = await signIn(t.app, 'district-analyst')
    const second = await loginAs(t.app, account.email, TEST_PASSWORD)
    expect(second.cookie).not.toBe(account.cookie)
    const third = await login({ email: account.email, password: TEST_PASSWORD }, { cookie: second.cookie })
    expect(third.statusCode).toBe(200)
    expect((await me({ cookie: second.cookie })).statusCode).toBe(401)
    expect((await me({ cookie: account.cookie })).statusCode).toBe(200)
  })

  it('refuses bad bodies with 400 and names the problem', async () => {
    expect((await login({ email: 'a@b.c' })).json()).toEqual({ error: 'bad_request', message: "Invalid body: / must have required property 'password'.", details: expect.any(Array) })
    expect((await login({ email: 'a@b.c', password: 'x', remember: true })).json().message).toBe('Invalid body: / must NOT have additional properties.')
    expect((await login({ email: 5, password: 'x' })).json().message).toBe('Invalid body: /email must be string.')
  })

  it('refuses a sign-in posted from another site (login CSRF)', async () => {
    const account = await signIn(t.app, 'district-analyst')
    const crossSite: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }]
    for (const headers of crossSite) {
      const res = await login({ email: account.email, password: TEST_PASSWORD }, headers)
      expect([res.statusCode, res.json()]).toEqual([403, { error: 'cross_site', message: 'Sign in from this site’s own page.' }])
    }
    expect((await login({ email: account.email, password: TEST_PASSWORD }, { origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(200)
  })
})

describe('growing delay after failed sign-ins', () => {
  it('doubles the wait after five failures per account, capped at 15 minutes', () => {
    expect([0, 4, 5, 6, 7, 20].map((f) => loginDelaySeconds(f, 5))).toEqual([0, 0, 1, 2, 4, 900])
  })

  it('makes the sixth attempt on an account from one client wait, even with the right password, and says how long', async () => {
    const account = await signIn(t.app, 'district-analyst')
    for (let i = 0; i < 5; i++) expect((await login({ email: account.email, password: 'wrong password' })).statusCode).toBe(401)
    const atAccount = t.app.db.updateTable('sign_in_throttle').where('email', '=', account.email).where('client', '!=', '')
    await atAccount.set({ failures: 8 }).execute()
    const blocked = await login({ email: account.email, password: TEST_PASSWORD })
    expect(blocked.statusCode).toBe(429)
    expect(blocked.json()).toEqual({ error: 'rate_limited', message: expect.stringMatching(/^Too many sign-in attempts\. Wait [1-8] seconds? and try again\.$/) })
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
    // Once the wait has passed, the right password works and this client's count at the account ends.
    await atAccount.set({ last_at: sql`now() - interval '1 hour'` }).execute()
    expect((await login({ email: account.email, password: TEST_PASSWORD })).statusCode).toBe(200)
    expect(await t.app.db.selectFrom('sign_in_throttle').selectAll().where('email', '=', account.email).where('client', '!=', '').execute()).toEqual([])
  })

  it('throttles an unknown address the same way, so the delay reveals nothing', async () => {
    for (let i = 0; i < 5; i++) await login({ email: 'ghost@test.example', password: 'wrong password' })
    expect((await login({ email: 'ghost@test.example', password: 'wrong password' })).statusCode).toBe(429)
  })
})

describe('sessions end', () => {
  it('on sign-out, after 30 idle minutes, after 12 hours, and when the account is disabled', async () => {
    const cases: [string, (id: number, token: Buffer) => Promise<unknown>][] = [
      ['idle', (_id, token) => t.app.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '31 minutes'` }).where('token_hash', '=', token).execute()],
      ['absolute', (_id, token) => t.app.db.updateTable('sessions').set({ created_at: sql`now() - interval '12 hours 1 minute'` } as never).where('token_hash', '=', token).execute()],
      ['disabled', (id) => t.app.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', id).execute()],
    ]
    for (const [why, expire] of cases) {
      const account = await signIn(t.app, 'district-analyst')
      expect((await me(account)).statusCode).toBe(200)
      await expire(account.id, tokenHash(account.cookie.split('=')[1]))
      const res = await me(account)
      expect({ why, status: res.statusCode, body: res.json() }).toEqual({ why, status: 401, body: { error: 'unauthorized', message: 'Sign in to continue.' } })
    }
    const account = await signIn(t.app, 'district-analyst')
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: account })).statusCode).toBe(204)
    expect((await me(account)).statusCode).toBe(401)
  })

  it("keeps an active session alive: a request within the idle window moves last_seen_at", async () => {
    const account = await signIn(t.app, 'district-analyst')
    const token = tokenHash(account.cookie.split('=')[1])
    await t.app.db.updateTable('sessions').set({ last_seen_at: sql`now() - interval '29 minutes'` }).where('token_hash', '=', token).execute()
    expect((await me(account)).statusCode).toBe(200)
    const row = await t.app.db.selectFrom('sessions').select(sql<number>`extract(epoch from now() - last_seen_at)::float8`.as('age')).where('token_hash', '=', token).executeTakeFirstOrThrow()
    expect(row.age).toBeLessThan(5)
  })

  it("when an admin ends one account's sessions or everyone's, on the next request", async () => {
    const admin = await signIn(t.app, 'district-admin')
    const a = await signIn(t.app, 'district-analyst')
    const b = await signIn(t.app, 'district-analyst')
    const one = await t.app.inject({ method: 'POST', url: `/api/users/${a.id}/end-sessions`, headers: admin })
    expect(one.json()).toEqual({ ended: 1 })
    expect((await me(a)).statusCode).toBe(401)
    expect((await me(b)).statusCode).toBe(200)
    const all = await t.app.inject({ method: 'POST', url: '/api/sessions/end-all', headers: admin })
    expect(all.json().ended).toBeGreaterThanOrEqual(1)
    expect((await me(b)).statusCode).toBe(401)
    expect((await me(admin)).statusCode).toBe(200)
  })
})

describe('CSRF', () => {
  it('refuses a state change without the session token, or with another session’s, and changes nothing', async () => {
    const admin = await signIn(t.app, 'district-admin')
    const other = await signIn(t.app, 'district-admin')
    const before = await t.app.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    const payload = { email: 'csrf@test.example', password: 'twelve chars or more', role: 'district-analyst' }
    for (const token of [undefined, '', other['x-csrf-token']]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/users', payload, headers: { cookie: admin.cookie, ...(token === undefined ? {} : { 'x-csrf-token': token }) } })
      expect([res.statusCode, res.json()]).toEqual([403, { error: 'csrf', message: 'The security token is missing or out of date. Reload the page and try again.' }])
    }
    const after = await t.app.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })
})

describe('accounts', () => {
  it('creates, changes and refuses with exact messages', async () => {
    const admin = await signIn(t.app, 'district-admin')
    const post = (payload: object) => t.app.inject({ method: 'POST', url: '/api/users', payload, headers: admin })
    const school = await t.app.db.insertInto('schools').values({ code: 'ACC-1', name: 'Accounts School', region: 'North', grades: 'K-5' }).returning('id').executeTakeFirstOrThrow()
    const created = await post({ email: 'Coordinator@Test.Example', password: 'twelve chars or more', role: 'school-team', schoolIds: [school.id] })
    expect([created.statusCode, created.json()]).toEqual([201, { id: expect.any(Number), email: 'coordinator@test.example', role: 'school-team', schoolIds: [school.id] }])
    const refusals: [object, number, string][] = [
      [{ email: 'coordinator@test.example', password: 'twelve chars or more', role: 'district-analyst' }, 409, 'An account for coordinator@test.example already exists.'],
      [{ email: 'short@test.example', password: 'too short', role: 'district-analyst' }, 400, 'A password needs at least 12 characters.'],
      [{ email: 'not-an-address', password: 'twelve chars or more', role: 'district-analyst' }, 400, '"not-an-address" is not an email address.'],
      [{ email: 'team@test.example', password: 'twelve chars or more', role: 'school-team' }, 400, 'A school team member needs at least one school.'],
      [{ email: 'team@test.example', password: 'twelve chars or more', role: 'school-team', schoolIds: [999999] }, 400, 'No school with id 999999.'],
      [{ email: 'an@test.example', password: 'twelve chars or more', role: 'district-analyst', schoolIds: [school.id] }, 400, 'District staff see every school; give schools only to a school team member.'],
      [{ email: 'x@test.example', password: 'twelve chars or more', role: 'superuser' }, 400, 'Invalid body: /role must be equal to one of the allowed values.'],
    ]
    for (const [payload, status, message] of refusals) {
      const res = await post(payload)
      expect({ payload, status: res.statusCode, message: res.json().message }).toEqual({ payload, status, message })
    }
    const self = await t.app.inject({ method: 'PATCH', url: `/api/users/${admin.id}`, payload: { disabled: true }, headers: admin })
    expect([self.statusCode, self.json().message]).toEqual([400, 'You cannot disable your own account or take away your own admin role; ask another admin.'])
    const missing = await t.app.inject({ method: 'PATCH', url: '/api/users/999999', payload: { disabled: true }, headers: admin })
    expect([missing.statusCode, missing.json().message]).toEqual([404, 'No account with id 999999.'])
  })

  it('ends the sessions of an account whose role changes, so the new role applies on the next request', async () => {
    const admin = await signIn(t.app, 'district-admin')
    const analyst = await signIn(t.app, 'district-analyst')
    const res = await t.app.inject({ method: 'PATCH', url: `/api/users/${analyst.id}`, payload: { role: 'district-admin' }, headers: admin })
    expect(res.statusCode).toBe(204)
    expect((await me(analyst)).statusCode).toBe(401)
    const again = await loginAs(t.app, analyst.email, TEST_PASSWORD)
    expect((await me(again)).json().user.role).toBe('district-admin')
  })
})

describe('audit log', () => {
  it('records sign-ins, failures, exports and account changes without passwords or addresses', async () => {
    const admin = await signIn(t.app, 'district-admin')
    await login({ email: admin.email, password: 'wrong password' })
    const { administrationId } = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
    expect((await t.app.inject({ method: 'GET', url: `/api/exports/responses?administration=${administrationId}&format=csv`, headers: admin })).statusCode).toBe(200)
    const entries = (await t.app.inject({ method: 'GET', url: '/api/audit?limit=20', headers: admin })).json().entries
    expect(entries.map((e: { action: string; outcome: string }) => `${e.action}:${e.outcome}`)).toEqual(expect.arrayContaining(['auth.login:success', 'auth.login:failure', 'export.responses:success']))
    const text = JSON.stringify(await t.app.db.selectFrom('audit_log').selectAll().execute())
    expect(text).not.toContain(TEST_PASSWORD)
    expect(text).not.toContain('wrong password')
    expect(text).not.toMatch(/127\.0\.0\.1|::1/)
    const logins = (await t.app.inject({ method: 'GET', url: '/api/audit?action=auth.', headers: admin })).json().entries
    expect(logins.every((e: { action: string }) => e.action.startsWith('auth.'))).toBe(true)
  })
})

describe('security headers', () => {
  it('sends a strict CSP, nosniff and no-referrer; HSTS only behind TLS', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' })
    const csp = String(res.headers['content-security-policy'])
    for (const directive of ["default-src 'self'", "script-src 'self'", "script-src-attr 'none'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(csp).toContain(directive)
    // Inline styles only (survey-core's theme); no directive that governs script allows inline code or eval.
    const scriptDirectives = csp.split(';').filter((d) => /^(default|script)-src/.test(d))
    expect(scriptDirectives.join(';')).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|data:/)
    expect(csp).toContain("style-src 'self' 'unsafe-inline'")
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['strict-transport-security']).toBeUndefined()
    const tls = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { PUBLIC_URL: 'https://ana.example.org' } })
    try {
      const secure = await tls.app.inject({ method: 'GET', url: '/api/health' })
      expect(secure.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains')
    } finally {
      await tls.close()
    }
  })

  it('never shows a stack trace or SQL in an error', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/schools/2147483647/profile', headers: await signIn(t.app, 'district-admin') })
    expect(res.statusCode).toBe(404)
    expect(res.body).not.toMatch(/at .*\.ts:\d+|select |insert |postgres/i)
  })
})

describe('demo accounts and user:create', () => {
  it('exist only with the demo district', async () => {
    expect(await t.app.db.selectFrom('users').select('email').where('email', 'like', '%@example.org').execute()).toEqual([])
    const demo = await startTestApp({ demo: true, env: { DEMO_PASSWORD: 'a demo password for tests' } })
    try {
      const emails = (await demo.app.db.selectFrom('users').select(['email', 'role']).orderBy('id').execute())
      expect(emails).toEqual([
        { email: 'admin@example.org', role: 'district-admin' },
        { email: 'analyst@example.org', role: 'district-analyst' },
        { email: 'team@example.org', role: 'school-team' },
      ])
      const team = await loginAs(demo.app, 'team@example.org', 'a demo password for tests')
      expect((await demo.app.inject({ method: 'GET', url: '/api/auth/me', headers: team })).json().user.schools).toEqual([{ id: demo.prepared.demo!.firstSchoolId, name: expect.any(String) }])
    } finally {
      await demo.close()
    }
  }, 300_000) // loads the whole demo district through intake

  it('npm run user:create makes the first admin in a fresh database, and refuses a bad role and a duplicate', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-user-create-'))
    const env = { ...process.env, USER_PASSWORD: 'first admin password', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DATABASE_URL: '' }
    const email = `first-${Date.now()}@district.example`
    const ok = spawnSync('node', ['--import', 'tsx', 'scripts/user-create.ts', '--email', email, '--role', 'district-admin'], { env, encoding: 'utf8' })
    expect(ok.stderr).toBe('')
    expect(ok.stdout).toMatch(new RegExp(`^Created district-admin ${email} \\(id \\d+\\)\\. Sign in at `))
    const bad = spawnSync('node', ['--import', 'tsx', 'scripts/user-create.ts', '--email', email, '--role', 'root'], { env, encoding: 'utf8' })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('--role must be one of district-admin, district-analyst, school-team')
    const again = spawnSync('node', ['--import', 'tsx', 'scripts/user-create.ts', '--email', email, '--role', 'district-admin'], { env, encoding: 'utf8' })
    expect(again.status).toBe(1)
    expect(again.stderr.trim()).toBe(`user:create: An account for ${email} already exists.`)
    fs.rmSync(dataDir, { recursive: true, force: true })
  }, 120_000)
})
