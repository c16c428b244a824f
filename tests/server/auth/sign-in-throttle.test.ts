import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { networkOf, SIGN_IN_FREE_FAILURES } from '../../../server/auth/auth.service'
import { startTestApp, FIXTURE_SURVEYS, type TestApp } from '../../helpers/app'
import { signIn, TEST_PASSWORD } from '../../helpers/auth'

const WRONG = { error: 'invalid_credentials', message: 'The email or password is not right.' }
const TOO_MANY = { error: 'rate_limited', message: expect.stringMatching(/^Too many sign-in attempts\. Wait \d+ seconds? and try again\.$/) }

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
})
afterAll(() => t.close())

/** Each test signs in from addresses of its own, so one test's failures never slow another's. */
let clients = 0
const newClient = () => `192.0.2.${++clients}`

const login = (from: string, email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress: from })

/**
 * How many attempts beyond the free ones a burst lasting `ms` may have had checked: past the free failures the
 * next attempt waits 1 s after the last, the one after 2 s more, and so on (k of them need 2^k - 1 seconds).
 */
const lateAllowance = (ms: number) => Math.floor(Math.log2(ms / 1000 + 1))

/** Sends all at once; the statuses, and how long the burst took. */
async function burst(requests: (() => ReturnType<typeof login>)[]) {
  const started = Date.now()
  const answers = await Promise.all(requests.map((send) => send()))
  const ms = Date.now() - started
  for (const res of answers) {
    if (res.statusCode === 429) {
      expect(res.json()).toEqual(TOO_MANY)
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
    } else expect([res.statusCode, res.json()]).toEqual([401, WRONG])
  }
  return { checked: answers.filter((r) => r.statusCode === 401).length, ms }
}

describe('sign-in throttle', () => {
  it('checks at most the client limit of 200 concurrent wrong sign-ins from one client; the rest answer 429', async () => {
    const from = newClient()
    const { checked, ms } = await burst(Array.from({ length: 200 }, (_, i) => () => login(from, `burst-${i}@test.example`, 'wrong password')))
    expect(checked).toBeGreaterThanOrEqual(SIGN_IN_FREE_FAILURES.client)
    expect(checked).toBeLessThanOrEqual(SIGN_IN_FREE_FAILURES.client + lateAllowance(ms))
  })

  it('checks at most the per-account limit of 30 concurrent guesses at one account', async () => {
    const owner = await signIn(t.app, 'district-analyst')
    const from = newClient()
    const { checked, ms } = await burst(Array.from({ length: 30 }, () => () => login(from, owner.email, 'wrong password')))
    expect(checked).toBeGreaterThanOrEqual(SIGN_IN_FREE_FAILURES.pair)
    expect(checked).toBeLessThanOrEqual(SIGN_IN_FREE_FAILURES.pair + lateAllowance(ms))
  })

  it("keeps counting a client's failures when it signs in to its own account in between", async () => {
    const own = await signIn(t.app, 'district-analyst')
    const from = newClient()
    for (let i = 0; i < SIGN_IN_FREE_FAILURES.client - 1; i++) expect((await login(from, `other-${i}@test.example`, 'wrong password')).statusCode).toBe(401)
    expect((await login(from, own.email, TEST_PASSWORD)).statusCode).toBe(200)
    expect((await login(from, 'other-last@test.example', 'wrong password')).statusCode).toBe(401)
    const clientName = t.app.db.selectFrom('sign_in_throttle').select('client').where('email', '=', 'other-last@test.example').where('client', '!=', '')
    const overall = await t.app.db.selectFrom('sign_in_throttle').select('failures').where('email', '=', '').where('client', '=', clientName).executeTakeFirstOrThrow()
    expect(overall.failures).toBe(SIGN_IN_FREE_FAILURES.client)
    const refused = await login(from, 'one-more@test.example', 'wrong password')
    expect([refused.statusCode, refused.json()]).toEqual([429, TOO_MANY])
  })

  it("lets the owner's right password in from another client after a stranger's wrong ones; the stranger waits", async () => {
    const owner = await signIn(t.app, 'district-analyst')
    const stranger = newClient()
    const statuses: number[] = []
    for (let i = 0; i < 8; i++) statuses.push((await login(stranger, owner.email, 'a wrong guess')).statusCode)
    expect(statuses.slice(0, SIGN_IN_FREE_FAILURES.pair)).toEqual(Array(SIGN_IN_FREE_FAILURES.pair).fill(401))
    expect(statuses).toContain(429)
    expect((await login(stranger, owner.email, TEST_PASSWORD)).statusCode).toBe(429)
    expect((await login(newClient(), owner.email, TEST_PASSWORD)).statusCode).toBe(200)
  })

  it('slows a client that has failed, not one that has not, once an account has many failures from many clients', async () => {
    const owner = await signIn(t.app, 'district-analyst')
    for (let i = 0; i < SIGN_IN_FREE_FAILURES.account; i++) expect((await login(newClient(), owner.email, 'a spread guess')).statusCode).toBe(401)
    // A client that failed elsewhere meets the account's own count...
    const failed = newClient()
    expect((await login(failed, 'elsewhere@test.example', 'wrong password')).statusCode).toBe(401)
    const refused = await login(failed, owner.email, 'a spread guess')
    expect([refused.statusCode, refused.json()]).toEqual([429, TOO_MANY])
    // ...a client with no failures does not: the owner at their own computer signs in.
    expect((await login(newClient(), owner.email, TEST_PASSWORD)).statusCode).toBe(200)
  })

  it('answers a count in the thousands with the longest wait, 15 minutes', async () => {
    const from = newClient()
    const email = 'much-guessed@test.example'
    expect((await login(from, email, 'wrong password')).statusCode).toBe(401)
    await t.app.db.updateTable('sign_in_throttle').set({ failures: 5000 }).where('client', '=', '').where('email', '=', email).execute()
    const refused = await login(from, email, 'wrong password')
    expect([refused.statusCode, refused.json().message, refused.headers['retry-after']]).toEqual([429, 'Too many sign-in attempts. Wait 900 seconds and try again.', '900'])
  })

  it('starts a count over after a day without attempts', async () => {
    const from = newClient()
    const email = 'day-old@test.example'
    expect((await login(from, email, 'wrong password')).statusCode).toBe(401)
    await t.app.db.updateTable('sign_in_throttle').set({ failures: 50, last_at: sql`now() - interval '25 hours'` }).where('email', '=', email).execute()
    expect((await login(from, email, 'wrong password')).statusCode).toBe(401)
    const rows = await t.app.db.selectFrom('sign_in_throttle').select('failures').where('email', '=', email).execute()
    expect(rows).toEqual([{ failures: 1 }, { failures: 1 }])
  })

  it('refuses a blank address with 400 before anything is counted', async () => {
    const res = await login(newClient(), '   ', 'a password')
    expect([res.statusCode, res.json()]).toEqual([400, { error: 'bad_request', message: 'Type your email address.' }])
  })

  it('names clients by a keyed hash, never their address', async () => {
    const from = newClient()
    await login(from, 'where-from@test.example', 'wrong password')
    const text = JSON.stringify(await t.app.db.selectFrom('sign_in_throttle').selectAll().execute())
    expect(text).toContain('where-from@test.example')
    expect(text).not.toContain('192.0.2.')
    expect(text).not.toMatch(/127\.0\.0\.1/)
  })

  it('counts an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 one', () => {
    const cases: [string, string][] = [
      ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
      ['2001:db8:1:2::7', '2001:db8:1:2::/64'],
      ['2001:0db8:0001:0002::1', '2001:db8:1:2::/64'],
      ['2001:db8::1', '2001:db8:0:0::/64'],
      ['::1', '0:0:0:0::/64'],
      ['fe80::1%eth0', 'fe80:0:0:0::/64'],
      ['::ffff:192.0.2.7', '192.0.2.7'],
      ['192.0.2.7', '192.0.2.7'],
    ]
    expect(cases.map(([address]) => [address, networkOf(address)])).toEqual(cases)
  })
})
