import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, FIXTURE_SURVEYS, type TestApp } from '../../helpers/app'
import { signIn } from '../../helpers/auth'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
})
afterAll(() => t.close())

const ago = (interval: string) => sql<Date>`now() - ${interval}::interval`
const from = (interval: string) => sql<Date>`now() + ${interval}::interval`

describe('housekeeping', () => {
  it('deletes expired sessions, day-old throttle rows, long-dead password links and abandoned sign-ins; keeps live ones', async () => {
    const person = await signIn(t.app, 'district-analyst')
    const db = t.app.db
    const session = (name: string, created: string, seen: string) => ({ token_hash: Buffer.from(name), user_id: person.id, csrf_token: name, created_at: ago(created), last_seen_at: ago(seen) })
    await db
      .insertInto('sessions')
      .values([session('idle', '1 hour', '31 minutes'), session('too-old', '12 hours 1 minute', '1 minute'), session('live', '11 hours', '29 minutes')])
      .execute()
    await db
      .insertInto('sign_in_throttle')
      .values([
        { client: 'old-client', email: '', failures: 30, last_at: ago('25 hours') },
        { client: 'old-client', email: 'someone@test.example', failures: 5, last_at: ago('25 hours') },
        { client: '', email: 'someone@test.example', failures: 40, last_at: ago('23 hours') },
        { client: 'new-client', email: '', failures: 1, last_at: ago('1 minute') },
      ])
      .execute()
    await db
      .insertInto('login_failures')
      .values([
        { email: 'old@test.example', failures: 3, last_failed_at: ago('25 hours') },
        { email: 'new@test.example', failures: 3, last_failed_at: ago('1 hour') },
      ])
      .execute()
    const link = (name: string, expires: ReturnType<typeof ago>, used: ReturnType<typeof ago> | null) => ({ token_hash: Buffer.from(name), user_id: person.id, expires_at: expires, used_at: used })
    await db
      .insertInto('password_links')
      .values([
        link('expired-long-ago', ago('31 days'), null),
        link('used-long-ago', from('1 day'), ago('31 days')),
        link('expired-lately', ago('29 days'), null),
        link('used-lately', ago('1 day'), ago('3 days')),
        link('open', from('2 days'), null),
      ])
      .execute()
    await db
      .insertInto('oidc_sign_ins')
      .values([
        { state_hash: randomBytes(32), nonce: 'abandoned', code_verifier: 'v', created_at: ago('61 minutes') },
        { state_hash: randomBytes(32), nonce: 'under-way', code_verifier: 'v', created_at: ago('5 minutes') },
      ])
      .execute()

    expect(await t.app.housekeeping.runOnce()).toEqual({ sessions: 2, throttles: 3, passwordLinks: 2, oidcSignIns: 1 })

    const sessions = await db.selectFrom('sessions').select('csrf_token').where('user_id', '=', person.id).orderBy('csrf_token').execute()
    expect(sessions.map((s) => s.csrf_token)).toEqual(['live', person['x-csrf-token']].sort())
    const throttles = db.selectFrom('sign_in_throttle').select(['client', 'email']).where((eb) => eb.or([eb('client', 'in', ['old-client', 'new-client']), eb('email', '=', 'someone@test.example')]))
    expect(await throttles.orderBy('client').execute()).toEqual([
      { client: '', email: 'someone@test.example' },
      { client: 'new-client', email: '' },
    ])
    expect(await db.selectFrom('login_failures').select('email').execute()).toEqual([{ email: 'new@test.example' }])
    const links = await db.selectFrom('password_links').select('token_hash').execute()
    expect(links.map((l) => l.token_hash.toString()).sort()).toEqual(['expired-lately', 'open', 'used-lately'])
    expect(await db.selectFrom('oidc_sign_ins').select('nonce').execute()).toEqual([{ nonce: 'under-way' }])
    // The person's own session still works.
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: person.cookie } })).statusCode).toBe(200)
    // A second run finds nothing more.
    expect(await t.app.housekeeping.runOnce()).toEqual({ sessions: 0, throttles: 0, passwordLinks: 0, oidcSignIns: 0 })
  })
})
