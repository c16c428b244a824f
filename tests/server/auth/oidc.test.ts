import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, TEST_PASSWORD, type StaffHeaders } from '../../helpers/auth'
import { signInAtProvider, startTestProvider, TEST_CLIENT, type TestProvider } from '../../helpers/oidc-provider'

// Sign-in with the district's accounts, through a real OpenID provider running in this process: every redirect is
// followed by hand, as a browser would, and the app is driven through its HTTP API.
const PUBLIC_URL = 'http://localhost:3000'
const REDIRECT_URI = `${PUBLIC_URL}/api/auth/oidc/callback`

let idp: TestProvider
let t: TestApp
let admin: StaffHeaders & { email: string; id: number }

const IDP_USERS = [
  { email: 'analyst@district.test', emailVerified: true },
  { email: 'stranger@district.test', emailVerified: true },
  { email: 'unverified@district.test', emailVerified: false },
  { email: 'disabled@district.test', emailVerified: true },
  { email: 'newcomer@open.test', emailVerified: true },
  { email: 'Mixed.Case@District.test', emailVerified: true },
]

beforeAll(async () => {
  idp = await startTestProvider({ users: IDP_USERS, redirectUris: [REDIRECT_URI] })
  t = await startTestApp({
    surveysDir: FIXTURE_SURVEYS,
    env: { PUBLIC_URL, OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: TEST_CLIENT.clientId, OIDC_CLIENT_SECRET: TEST_CLIENT.clientSecret, OIDC_DISPLAY_NAME: 'Test Workspace' },
  })
  admin = await signIn(t.app, 'district-admin')
  for (const email of ['analyst@district.test', 'unverified@district.test', 'disabled@district.test', 'mixed.case@district.test']) {
    const res = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { email, role: 'district-analyst' } })
    expect(res.statusCode).toBe(201)
  }
  const disabled = (await t.app.inject({ method: 'GET', url: '/api/users', headers: admin })).json().users.find((u: { email: string }) => u.email === 'disabled@district.test')
  expect((await t.app.inject({ method: 'PATCH', url: `/api/users/${disabled.id}`, headers: admin, payload: { disabled: true } })).statusCode).toBe(204)
})
afterAll(async () => {
  await t.close()
  await idp.close()
})

const cookieOf = (res: LightMyRequestResponse, name: RegExp) =>
  [res.headers['set-cookie'] ?? []].flat().map((c) => String(c).split(';')[0]).find((c) => name.test(c.split('=')[0]) && c.split('=')[1] !== '')

/** Starts at the app, signs in at the provider, and comes back to the app's callback: what the app answers. */
async function signInWith(email: string, tamper: (callback: URL) => void = () => {}, options: { withStateCookie?: boolean } = {}) {
  const start = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start' })
  expect(start.statusCode).toBe(303)
  const stateCookie = cookieOf(start, /ana_oidc$/)!
  expect(String(start.headers['set-cookie'])).toMatch(/^__Host-ana_oidc=[^;]+; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=Lax$/)
  const callback = await signInAtProvider(String(start.headers.location), email, REDIRECT_URI)
  tamper(callback)
  const back = await t.app.inject({
    method: 'GET',
    url: `${callback.pathname}${callback.search}`,
    headers: options.withStateCookie === false ? {} : { cookie: stateCookie },
  })
  return { back, callback, stateCookie }
}

const refusalsOf = async (reason: string) => {
  const entries = (await t.app.inject({ method: 'GET', url: '/api/audit?action=auth.login', headers: admin })).json().entries
  return entries.filter((e: { outcome: string; detail: { reason?: string } }) => e.outcome === 'refused' && e.detail.reason === reason)
}

describe('sign-in with the district’s accounts', () => {
  it('offers the provider on the sign-in page by its display name, with passwords', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/options' })
    expect(res.json()).toEqual({ passwords: true, oidc: { name: 'Test Workspace' } })
  })

  it('sends the browser to the provider with PKCE (S256), state and nonce, for openid email profile', async () => {
    const start = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/start' })
    const url = new URL(String(start.headers.location))
    expect(url.origin).toBe(idp.issuer)
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: TEST_CLIENT.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge_method: 'S256',
      state: expect.stringMatching(/^[\w-]{22,}$/),
      nonce: expect.stringMatching(/^[\w-]{22,}$/),
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
    })
    // Only the state's hash is kept on the server.
    const rows = await t.app.db.selectFrom('oidc_sign_ins').select('state_hash').execute()
    expect(rows.every((r) => !r.state_hash.toString('utf8').includes(url.searchParams.get('state')!))).toBe(true)
  })

  it('signs in a verified email that matches an account, with the same kind of session as a password, audited with the method', async () => {
    const { back } = await signInWith('analyst@district.test')
    expect(back.statusCode).toBe(303)
    expect(back.headers.location).toBe('/admin')
    const session = cookieOf(back, /ana_session$/)!
    expect(String(back.headers['set-cookie'])).toMatch(/__Host-ana_session=[A-Za-z0-9_-]{22}; Max-Age=43200; Path=\/; HttpOnly; Secure; SameSite=Lax/)
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: session } })
    expect(me.statusCode).toBe(200)
    expect(me.json().user).toMatchObject({ email: 'analyst@district.test', role: 'district-analyst' })
    const entries = (await t.app.inject({ method: 'GET', url: '/api/audit?action=auth.login', headers: admin })).json().entries
    expect(entries[0]).toMatchObject({ actor: 'analyst@district.test', outcome: 'success', detail: { method: 'oidc' } })
  })

  it('matches the email whatever its case', async () => {
    const { back } = await signInWith('Mixed.Case@District.test')
    expect(back.headers.location).toBe('/admin')
  })

  it('refuses an email with no account: 303 to /admin?signin=unknown_email, no session, audited', async () => {
    const { back } = await signInWith('stranger@district.test')
    expect([back.statusCode, back.headers.location]).toEqual([303, '/admin?signin=unknown_email'])
    expect(cookieOf(back, /ana_session$/)).toBeUndefined()
    expect(await refusalsOf('unknown_email')).toEqual([expect.objectContaining({ target: 'email:stranger@district.test', detail: { method: 'oidc', reason: 'unknown_email' } })])
  })

  it('refuses an email the provider has not verified: /admin?signin=unverified_email', async () => {
    const { back } = await signInWith('unverified@district.test')
    expect([back.statusCode, back.headers.location]).toEqual([303, '/admin?signin=unverified_email'])
    expect(cookieOf(back, /ana_session$/)).toBeUndefined()
    expect(await refusalsOf('unverified_email')).toHaveLength(1)
  })

  it('refuses a disabled account: /admin?signin=disabled', async () => {
    const { back } = await signInWith('disabled@district.test')
    expect([back.statusCode, back.headers.location]).toEqual([303, '/admin?signin=disabled'])
    expect(cookieOf(back, /ana_session$/)).toBeUndefined()
    expect(await refusalsOf('disabled')).toEqual([expect.objectContaining({ actor: 'disabled@district.test' })])
  })

  it('refuses a response that names another issuer: /admin?signin=wrong_issuer', async () => {
    const { back } = await signInWith('analyst@district.test', (callback) => {
      expect(callback.searchParams.get('iss')).toBe(idp.issuer)
      callback.searchParams.set('iss', 'https://accounts.example.com')
    })
    expect([back.statusCode, back.headers.location]).toEqual([303, '/admin?signin=wrong_issuer'])
    expect(cookieOf(back, /ana_session$/)).toBeUndefined()
  })

  it('refuses a replayed state: the second use of the same callback gets /admin?signin=replayed', async () => {
    const { back, callback, stateCookie } = await signInWith('analyst@district.test')
    expect(back.headers.location).toBe('/admin')
    const again = await t.app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, headers: { cookie: stateCookie } })
    expect([again.statusCode, again.headers.location]).toEqual([303, '/admin?signin=replayed'])
    expect(cookieOf(again, /ana_session$/)).toBeUndefined()
  })

  it('refuses a callback finished in another browser than the one that started it: /admin?signin=other_browser', async () => {
    const { back } = await signInWith('analyst@district.test', () => {}, { withStateCookie: false })
    expect([back.statusCode, back.headers.location]).toEqual([303, '/admin?signin=other_browser'])
  })

  it('refuses a callback with no state at all: /admin?signin=replayed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/oidc/callback?code=abc' })
    expect([res.statusCode, res.headers.location]).toEqual([303, '/admin?signin=replayed'])
  })

  it('creates an account with no access at a first sign-in from an open domain; every staff route refuses it until an admin gives it a role', async () => {
    expect((await signInWith('newcomer@open.test')).back.headers.location).toBe('/admin?signin=unknown_email')
    const change = await t.app.inject({ method: 'PUT', url: '/api/sign-in-settings', headers: admin, payload: { passwords: true, openDomains: ['Open.test'] } })
    expect(change.json()).toEqual({ passwords: true, openDomains: ['open.test'], oidc: { issuer: idp.issuer, name: 'Test Workspace', redirectUri: REDIRECT_URI } })

    const { back } = await signInWith('newcomer@open.test')
    expect(back.headers.location).toBe('/admin')
    const headers = { cookie: cookieOf(back, /ana_session$/)! }
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers })
    expect(me.json().user).toMatchObject({ email: 'newcomer@open.test', role: 'pending', schools: [] })
    const schools = await t.app.inject({ method: 'GET', url: '/api/schools', headers })
    expect([schools.statusCode, schools.json()]).toEqual([403, { error: 'no_role', message: 'Your account has no access yet: a district admin needs to give it a role.' }])

    const account = (await t.app.inject({ method: 'GET', url: '/api/users', headers: admin })).json().users.find((u: { email: string }) => u.email === 'newcomer@open.test')
    expect(account).toMatchObject({ role: 'pending', hasPassword: false, disabled: false })
    const audit = (await t.app.inject({ method: 'GET', url: '/api/audit?action=user.create', headers: admin })).json().entries
    expect(audit[0]).toMatchObject({ actor: null, target: `user:${account.id}`, detail: { email: 'newcomer@open.test', role: 'pending', via: 'oidc' } })

    expect((await t.app.inject({ method: 'PATCH', url: `/api/users/${account.id}`, headers: admin, payload: { role: 'district-analyst' } })).statusCode).toBe(204)
    const again = await signInWith('newcomer@open.test')
    expect((await t.app.inject({ method: 'GET', url: '/api/schools', headers: { cookie: cookieOf(again.back, /ana_session$/)! } })).statusCode).toBe(200)
  })

  it('refuses passwords once the district turns them off, with a clear message, and still signs in through the provider', async () => {
    const off = await t.app.inject({ method: 'PUT', url: '/api/sign-in-settings', headers: admin, payload: { passwords: false, openDomains: [] } })
    expect(off.statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/options' })).json()).toEqual({ passwords: false, oidc: { name: 'Test Workspace' } })
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: admin.email, password: TEST_PASSWORD } })
    expect([login.statusCode, login.json()]).toEqual([403, { error: 'passwords_off', message: 'Passwords are turned off for this district: sign in with the district’s accounts.' }])
    expect((await signInWith('analyst@district.test')).back.headers.location).toBe('/admin')
    const on = await t.app.inject({ method: 'PUT', url: '/api/sign-in-settings', headers: admin, payload: { passwords: true, openDomains: [] } })
    expect(on.statusCode).toBe(200)
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: admin.email, password: TEST_PASSWORD } })).statusCode).toBe(200)
  })

  it('refuses a domain that is not one with 400', async () => {
    const res = await t.app.inject({ method: 'PUT', url: '/api/sign-in-settings', headers: admin, payload: { passwords: true, openDomains: ['jane@district.test', 'district'] } })
    expect([res.statusCode, res.json().message]).toEqual([400, 'Not an email domain: district, jane@district.test. Write it as district.org, without a name before the @.'])
  })
})
