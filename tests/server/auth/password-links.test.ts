import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { loginAs, signIn, TEST_PASSWORD, type StaffHeaders } from '../../helpers/auth'

let t: TestApp
let admin: StaffHeaders & { email: string; id: number }

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { PUBLIC_URL: 'https://ana.district.test' } })
  admin = await signIn(t.app, 'district-admin')
})
afterAll(() => t.close())

let counter = 0
/** A new account without a password, made as an admin makes one on the accounts page. */
async function newAccount(): Promise<{ id: number; email: string }> {
  const email = `person-${++counter}@district.test`
  const res = await t.app.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { email, role: 'district-analyst' } })
  expect(res.statusCode).toBe(201)
  return res.json()
}

const linkFor = (id: number) => t.app.inject({ method: 'POST', url: `/api/users/${id}/password-link`, headers: admin })
const tokenOf = (url: string) => new URL(url).hash.slice(1)
const check = (token: string) => t.app.inject({ method: 'POST', url: '/api/auth/password-link/check', payload: { token } })
const use = (token: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/password-link', payload: { token, password } })

const USED = { error: 'gone', message: 'This link has been used already: ask an admin for a new one.' }
const EXPIRED = { error: 'gone', message: 'This link has expired: ask an admin for a new one.' }
const UNKNOWN = { error: 'not_found', message: 'This link is not a password link: check that it was copied whole, or ask an admin for a new one.' }

describe('password links', () => {
  it('gives an admin a 72-hour link for a new account; the person sets a password through it and is signed in', async () => {
    const account = await newAccount()
    const listed = (await t.app.inject({ method: 'GET', url: '/api/users', headers: admin })).json().users.find((u: { id: number }) => u.id === account.id)
    expect(listed.hasPassword).toBe(false)
    const res = await linkFor(account.id)
    expect(res.statusCode).toBe(201)
    const link = res.json()
    expect(link.url).toMatch(/^https:\/\/ana\.district\.test\/admin\/set-password#[A-Za-z0-9_-]{22}$/)
    expect(link.email).toBe(account.email)
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(71.9 * 3600_000)
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThan(72.1 * 3600_000)
    // Only the token's hash is stored.
    const stored = await sql<{ n: number }>`select count(*)::int as n from password_links where encode(token_hash, 'escape') like ${'%' + tokenOf(link.url) + '%'}`.execute(t.app.db)
    expect(stored.rows[0].n).toBe(0)

    expect((await check(tokenOf(link.url))).json()).toEqual({ email: account.email, expiresAt: link.expiresAt })
    const set = await use(tokenOf(link.url), 'my own long password')
    expect(set.statusCode).toBe(200)
    expect(set.json().user).toMatchObject({ email: account.email, role: 'district-analyst' })
    expect(String(set.headers['set-cookie'])).toMatch(/^__Host-ana_session=/)
    await loginAs(t.app, account.email, 'my own long password')

    const audit = (await t.app.inject({ method: 'GET', url: '/api/audit?action=user.password', headers: admin })).json().entries
    expect(audit.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ['user.password-set', account.email],
      ['user.password-link', admin.email],
    ])
  })

  it('refuses a used link with 410 and says so', async () => {
    const account = await newAccount()
    const token = tokenOf((await linkFor(account.id)).json().url)
    expect((await use(token, 'my own long password')).statusCode).toBe(200)
    const again = await use(token, 'another long password')
    expect([again.statusCode, again.json()]).toEqual([410, USED])
    expect([(await check(token)).statusCode, (await check(token)).json()]).toEqual([410, USED])
  })

  it('refuses an expired link with 410 and says so', async () => {
    const account = await newAccount()
    const token = tokenOf((await linkFor(account.id)).json().url)
    await t.app.db.updateTable('password_links').set({ expires_at: sql`now() - interval '1 minute'` }).where('user_id', '=', account.id).execute()
    const res = await use(token, 'my own long password')
    expect([res.statusCode, res.json()]).toEqual([410, EXPIRED])
  })

  it('refuses a link that never was one with 404', async () => {
    const res = await use('AAAAAAAAAAAAAAAAAAAAAA', 'my own long password')
    expect([res.statusCode, res.json()]).toEqual([404, UNKNOWN])
  })

  it('refuses a short password with 400 and keeps the link usable', async () => {
    const account = await newAccount()
    const token = tokenOf((await linkFor(account.id)).json().url)
    const short = await use(token, 'too short')
    expect([short.statusCode, short.json()]).toEqual([400, { error: 'bad_request', message: 'A password needs at least 12 characters.' }])
    expect((await use(token, 'long enough password')).statusCode).toBe(200)
  })

  it('makes an earlier link stop working when a new one is given (a reset), and ends the sessions of the account when it is used', async () => {
    const account = await newAccount()
    const first = tokenOf((await linkFor(account.id)).json().url)
    expect((await use(first, 'the first long password')).statusCode).toBe(200)
    const session = await loginAs(t.app, account.email, 'the first long password')
    const reset1 = tokenOf((await linkFor(account.id)).json().url)
    const reset2 = tokenOf((await linkFor(account.id)).json().url)
    expect((await use(reset1, 'the second long password')).json()).toEqual(USED)
    expect((await use(reset2, 'the second long password')).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: session })).statusCode).toBe(401)
  })

  it('refuses a link for a disabled account (400) and for an account that does not exist (404)', async () => {
    const account = await newAccount()
    await t.app.inject({ method: 'PATCH', url: `/api/users/${account.id}`, headers: admin, payload: { disabled: true } })
    const res = await linkFor(account.id)
    expect([res.statusCode, res.json().message]).toEqual([400, `${account.email} is disabled: enable the account before giving it a password link.`])
    const none = await linkFor(999999)
    expect([none.statusCode, none.json().message]).toEqual([404, 'No account with id 999999.'])
  })

  it('refuses a link while the district has passwords turned off (409), and a link given before then (403)', async () => {
    const account = await newAccount()
    const token = tokenOf((await linkFor(account.id)).json().url)
    await t.app.db.updateTable('sign_in_settings').set({ passwords_enabled: false }).execute()
    try {
      const res = await linkFor(account.id)
      expect([res.statusCode, res.json().message]).toEqual([409, 'Passwords are turned off for this district: this person signs in with the district’s accounts.'])
      const used = await use(token, 'my own long password')
      expect([used.statusCode, used.json()]).toEqual([403, { error: 'passwords_off', message: 'Passwords are turned off for this district: sign in with the district’s accounts.' }])
    } finally {
      await t.app.db.updateTable('sign_in_settings').set({ passwords_enabled: true }).execute()
    }
  })
})

describe('changing one’s own password', () => {
  const change = (headers: StaffHeaders, currentPassword: string, newPassword: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/password', headers, payload: { currentPassword, newPassword } })

  it('changes it with the current one; the other sessions end, this one stays', async () => {
    const person = await signIn(t.app, 'district-analyst')
    const other = await loginAs(t.app, person.email, TEST_PASSWORD)
    const res = await change(person, TEST_PASSWORD, 'a brand new password')
    expect(res.statusCode).toBe(204)
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: person })).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: other })).statusCode).toBe(401)
    await loginAs(t.app, person.email, 'a brand new password')
    const audit = (await t.app.inject({ method: 'GET', url: '/api/audit?action=user.password-change', headers: admin })).json().entries
    expect(audit[0]).toMatchObject({ actor: person.email, outcome: 'success', target: `user:${person.id}` })
  })

  it('refuses a wrong current password with 400', async () => {
    const person = await signIn(t.app, 'district-analyst')
    const res = await change(person, 'not my password', 'a brand new password')
    expect([res.statusCode, res.json()]).toEqual([400, { error: 'wrong_password', message: 'The current password is not right.' }])
    await loginAs(t.app, person.email, TEST_PASSWORD)
  })

  it('refuses a short new password with 400', async () => {
    const person = await signIn(t.app, 'district-analyst')
    const res = await change(person, TEST_PASSWORD, 'short')
    expect([res.statusCode, res.json()]).toEqual([400, { error: 'bad_request', message: 'A password needs at least 12 characters.' }])
  })

  it('refuses without a session (401) and without the CSRF token (403)', async () => {
    const person = await signIn(t.app, 'district-analyst')
    expect((await change({ cookie: '', 'x-csrf-token': '' }, TEST_PASSWORD, 'a brand new password')).statusCode).toBe(401)
    const res = await change({ cookie: person.cookie, 'x-csrf-token': 'wrong' }, TEST_PASSWORD, 'a brand new password')
    expect(res.statusCode).toBe(403)
  })
})

describe('the accounts page’s changes', () => {
  it('changes the role and schools, disables and enables an account, each audited', async () => {
    const account = await newAccount()
    const schoolId = (await t.app.db.insertInto('schools').values({ name: 'Linked School', code: 'LS-1', grades: 'K-5', cohort: null, enrollment_students: 100, enrollment_families: 80, enrollment_staff: 20 }).returning('id').executeTakeFirstOrThrow()).id
    const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: `/api/users/${account.id}`, headers: admin, payload })
    expect((await patch({ role: 'school-team', schoolIds: [schoolId] })).statusCode).toBe(204)
    expect((await patch({ disabled: true })).statusCode).toBe(204)
    expect((await patch({ disabled: false })).statusCode).toBe(204)
    const listed = (await t.app.inject({ method: 'GET', url: '/api/users', headers: admin })).json().users.find((u: { id: number }) => u.id === account.id)
    expect(listed).toMatchObject({ role: 'school-team', schoolIds: [schoolId], disabled: false })
    const audit = (await t.app.inject({ method: 'GET', url: '/api/audit?action=user.update', headers: admin })).json().entries.slice(0, 3)
    expect(audit.map((e: { detail: unknown }) => e.detail)).toEqual([
      { fields: ['disabled'], disabled: false },
      { fields: ['disabled'], disabled: true },
      { fields: ['role', 'schoolIds'], role: 'school-team', schoolIds: [schoolId] },
    ])
  })

  it('refuses schools for an account with no role yet', async () => {
    const pending = await signIn(t.app, 'pending')
    const res = await t.app.inject({ method: 'PATCH', url: `/api/users/${pending.id}`, headers: admin, payload: { schoolIds: [1] } })
    expect([res.statusCode, res.json().message]).toEqual([400, 'Give this account a role before giving it schools.'])
  })
})
