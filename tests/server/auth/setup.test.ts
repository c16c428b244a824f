import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'

// The first-run page's API on a district's fresh database: no admin yet.
let t: TestApp | null = null
beforeEach(async () => {
  await t?.close()
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
})
afterAll(() => t?.close())

const FROM_ELSEWHERE = '192.0.2.10'
const ADMIN = { email: 'First.Admin@District.test', password: 'a long first password' }
const setup = (payload: object, options: { remoteAddress?: string; headers?: Record<string, string> } = {}) =>
  t!.app.inject({ method: 'POST', url: '/api/setup', payload, remoteAddress: options.remoteAddress ?? '127.0.0.1', headers: options.headers })
const status = (remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) => t!.app.inject({ method: 'GET', url: '/api/setup', remoteAddress, headers }).then((r) => r.json())

const EXISTS = { error: 'conflict', message: 'This district has an admin already: sign in, or ask an admin for an account.' }
const NOT_LOCAL = { error: 'forbidden', message: 'The first admin is created on the server itself (open this page there), or with the setup token printed in the server’s start-up log.' }

describe('the first admin', () => {
  it('is created from the machine itself, signed in, and audited; then the page and its API refuse with 409', async () => {
    expect(await status()).toEqual({ needed: true, local: true })
    const res = await setup(ADMIN)
    expect(res.statusCode).toBe(201)
    expect(res.json().user).toMatchObject({ email: 'first.admin@district.test', role: 'district-admin', schools: [] })
    const cookie = String(res.headers['set-cookie']).split(';')[0]
    const me = await t!.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })
    expect(me.json().user.role).toBe('district-admin')
    const audit = (await t!.app.inject({ method: 'GET', url: '/api/audit', headers: { cookie } })).json().entries
    expect(audit.slice(0, 2).map((e: { action: string; detail: object }) => [e.action, e.detail])).toEqual([
      ['auth.login', { method: 'setup' }],
      ['setup.admin', { email: 'first.admin@district.test', via: 'this machine' }],
    ])

    expect(await status()).toEqual({ needed: false, local: true })
    const again = await setup({ email: 'second@district.test', password: 'another long password' })
    expect([again.statusCode, again.json()]).toEqual([409, EXISTS])
  })

  it('refuses a request from elsewhere without the setup token with 403, and one through a proxy on this machine too', async () => {
    expect(await status(FROM_ELSEWHERE)).toEqual({ needed: true, local: false })
    const remote = await setup(ADMIN, { remoteAddress: FROM_ELSEWHERE })
    expect([remote.statusCode, remote.json()]).toEqual([403, NOT_LOCAL])
    expect(await status('127.0.0.1', { 'x-forwarded-for': '203.0.113.5' })).toEqual({ needed: true, local: false })
    const proxied = await setup(ADMIN, { headers: { 'x-forwarded-for': '203.0.113.5' } })
    expect([proxied.statusCode, proxied.json()]).toEqual([403, NOT_LOCAL])
    const wrong = await setup({ ...ADMIN, token: 'not-the-setup-token' }, { remoteAddress: FROM_ELSEWHERE })
    expect([wrong.statusCode, wrong.json()]).toEqual([403, NOT_LOCAL])
  })

  it('is created from elsewhere with the setup token of the start-up log, which then works no more', async () => {
    const token = t!.app.firstRun.issue()
    const res = await setup({ ...ADMIN, token }, { remoteAddress: FROM_ELSEWHERE })
    expect(res.statusCode).toBe(201)
    // Disabled, the only admin no longer counts: the page works again, but the spent token does not.
    await t!.app.db.updateTable('users').set({ disabled_at: new Date() }).execute()
    const again = await setup({ email: 'second@district.test', password: 'another long password', token }, { remoteAddress: FROM_ELSEWHERE })
    expect([again.statusCode, again.json()]).toEqual([403, NOT_LOCAL])
  })

  it('refuses a short password (400) and a malformed address (400)', async () => {
    const short = await setup({ email: 'a@district.test', password: 'short' })
    expect([short.statusCode, short.json().message]).toEqual([400, 'A password needs at least 12 characters.'])
    const bad = await setup({ email: 'not an address', password: 'a long first password' })
    expect([bad.statusCode, bad.json().message]).toEqual([400, '"not an address" is not an email address.'])
  })

  it('still works while passwords are turned off, and makes exactly one admin when two pages send at once', async () => {
    await t!.app.db.updateTable('sign_in_settings').set({ passwords_enabled: false }).execute()
    const [a, b] = await Promise.all([setup(ADMIN), setup({ email: 'other@district.test', password: 'another long password' })])
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409])
    const admins = await t!.app.db.selectFrom('users').select('email').where('role', '=', 'district-admin').execute()
    expect(admins).toHaveLength(1)
  })
})
