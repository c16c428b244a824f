import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_TOKEN } from '../../../server/auth/api-token-shape'
import { NO_ROLE_YET, TOKEN_READS_ONLY, TOKEN_REFUSED } from '../../../server/plugins/access'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

let t: TestApp
let administrationId: number
let schoolIds: number[]
beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
  const opened = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }], schools: 2 })
  administrationId = opened.administrationId
  schoolIds = opened.codes.map((c) => c.schoolId)
  await releaseNow(t, administrationId)
})
afterAll(() => t.close())

const make = (staff: StaffHeaders, payload: object = { name: 'Power BI, district dashboard', days: 30 }) => t.app.inject({ method: 'POST', url: '/api/tokens', headers: staff, payload })
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

describe('personal API tokens', () => {
  it('are shown once, stored as a hash, and read the comparison and exports as their account would', async () => {
    const analyst = await signIn(t.app, 'district-analyst')
    const res = await make(analyst)
    expect(res.statusCode).toBe(201)
    const created = res.json()
    expect(created).toMatchObject({ name: 'Power BI, district dashboard', owner: { email: analyst.email }, lastUsedAt: null, revokedAt: null })
    expect(created.token).toMatch(API_TOKEN)
    expect(Date.parse(created.expiresAt) - Date.parse(created.createdAt)).toBe(30 * 86_400_000)
    const stored = await t.app.db.selectFrom('api_tokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow()
    expect(stored.token_hash.equals(createHash('sha256').update(created.token).digest())).toBe(true)
    expect(JSON.stringify(stored)).not.toContain(created.token.slice(4))
    // The list never shows a token again.
    const listed = await t.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie: analyst.cookie } })
    expect(listed.json().tokens).toEqual([{ ...created, token: undefined }].map(({ token: _, ...rest }) => rest))

    const compare = `/api/district/compare?administration=${administrationId}`
    const withSession = await t.app.inject({ method: 'GET', url: compare, headers: { cookie: analyst.cookie } })
    const withToken = await t.app.inject({ method: 'GET', url: compare, headers: bearer(created.token) })
    expect(withToken.statusCode).toBe(200)
    expect(withToken.json()).toEqual(withSession.json())
    const csv = await t.app.inject({ method: 'GET', url: `/api/exports/district-comparison?administration=${administrationId}&format=csv`, headers: bearer(created.token) })
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    // The read is audited under the token's account, and its use noted.
    const audited = await t.app.db.selectFrom('audit_log').select(['actor_email', 'action']).where('action', '=', 'export.district-comparison').orderBy('id', 'desc').executeTakeFirst()
    expect(audited?.actor_email).toBe(analyst.email)
    const used = await t.app.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', created.id).executeTakeFirstOrThrow()
    expect(used.last_used_at).not.toBeNull()

    // It only reads: any change is refused, its own kind included.
    for (const [method, url] of [['POST', '/api/tokens'], ['DELETE', `/api/tokens/${created.id}`], ['POST', `/api/administrations/${administrationId}/releases`]] as const) {
      const refused = await t.app.inject({ method, url, headers: bearer(created.token), payload: method === 'POST' ? {} : undefined })
      expect(refused.statusCode).toBe(403)
      expect(refused.json()).toEqual({ error: 'token_read_only', message: TOKEN_READS_ONLY })
    }
  })

  it("reads no more than its account: a school team's token sees its own school only", async () => {
    const team = await signIn(t.app, 'school-team', [schoolIds[0]])
    const { token } = (await make(team, { name: 'my school' })).json()
    const own = await t.app.inject({ method: 'GET', url: `/api/schools/${schoolIds[0]}/profile?administration=${administrationId}`, headers: bearer(token) })
    expect(own.statusCode).toBe(200)
    const other = await t.app.inject({ method: 'GET', url: `/api/schools/${schoolIds[1]}/profile?administration=${administrationId}`, headers: bearer(token) })
    expect(other.statusCode).toBe(403)
    expect(other.json()).toEqual({ error: 'forbidden', message: 'Your account can see only its own schools.' })
    const district = await t.app.inject({ method: 'GET', url: `/api/district/compare?administration=${administrationId}`, headers: bearer(token) })
    expect(district.statusCode).toBe(403)
  })

  it('stops working when revoked, expired, or its account is disabled; a malformed one is refused alike', async () => {
    const analyst = await signIn(t.app, 'district-analyst')
    const compare = `/api/district/compare?administration=${administrationId}`
    const read = (token: string) => t.app.inject({ method: 'GET', url: compare, headers: bearer(token) })
    const revoked = (await make(analyst, { name: 'to revoke' })).json()
    expect((await read(revoked.token)).statusCode).toBe(200)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${revoked.id}`, headers: analyst })).statusCode).toBe(204)
    const after = await read(revoked.token)
    expect(after.statusCode).toBe(401)
    expect(after.json()).toEqual({ error: 'unauthorized', message: TOKEN_REFUSED })
    const entries = await t.app.db.selectFrom('audit_log').select(['action', 'target', 'detail']).where('target', '=', `token:${revoked.id}`).orderBy('id').execute()
    expect(entries.map((e) => e.action)).toEqual(['token.create', 'token.revoke'])
    expect(JSON.stringify(entries)).not.toContain(revoked.token.slice(4))

    const expired = (await make(analyst, { name: 'to expire', days: 1 })).json()
    await t.app.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', expired.id).execute()
    expect((await read(expired.token)).json()).toEqual({ error: 'unauthorized', message: TOKEN_REFUSED })

    const disabled = (await make(analyst, { name: 'account goes' })).json()
    await t.app.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', analyst.id).execute()
    expect((await read(disabled.token)).statusCode).toBe(401)

    for (const token of ['ana_short', 'not-a-token', `ana_${'A'.repeat(43)}`]) {
      const res = await read(token)
      expect(res.statusCode).toBe(401)
      expect(res.json()).toEqual({ error: 'unauthorized', message: TOKEN_REFUSED })
    }
  })

  it("lets an admin list and revoke anyone's, others only their own; a pending account's reads nothing; bad input is a 400", async () => {
    const analyst = await signIn(t.app, 'district-analyst')
    const team = await signIn(t.app, 'school-team', [schoolIds[0]])
    const admin = await signIn(t.app, 'district-admin')
    const analystToken = (await make(analyst, { name: 'analyst' })).json()
    const teamTokens = (await t.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie: team.cookie } })).json().tokens as { id: number }[]
    expect(teamTokens.map((x) => x.id)).not.toContain(analystToken.id)
    const notYours = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${analystToken.id}`, headers: team })
    expect(notYours.statusCode).toBe(404)
    expect(notYours.json()).toEqual({ error: 'not_found', message: `No API token with id ${analystToken.id}.` })
    const all = (await t.app.inject({ method: 'GET', url: '/api/tokens', headers: { cookie: admin.cookie } })).json().tokens as { id: number }[]
    expect(all.map((x) => x.id)).toContain(analystToken.id)
    expect((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${analystToken.id}`, headers: admin })).statusCode).toBe(204)

    // An account waiting for a role gets a token that reads nothing until it has one.
    const pending = await signIn(t.app, 'pending')
    const pendingToken = (await make(pending, { name: 'x' })).json().token
    const refused = await t.app.inject({ method: 'GET', url: '/api/schools', headers: bearer(pendingToken) })
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toEqual({ error: 'no_role', message: NO_ROLE_YET })

    const before = await t.app.db.selectFrom('api_tokens').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    const noName = await make(analyst, { name: '' })
    expect(noName.statusCode).toBe(400)
    expect(noName.json().message).toBe('Invalid body: /name must NOT have fewer than 1 characters.')
    const tooLong = await make(analyst, { name: 'a', days: 366 })
    expect(tooLong.statusCode).toBe(400)
    expect(tooLong.json().message).toBe('Invalid body: /days must be <= 365.')
    const extra = await make(analyst, { name: 'a', scope: 'write' })
    expect(extra.statusCode).toBe(400)
    expect(extra.json().message).toBe('Invalid body: / must NOT have additional properties.')
    const after = await t.app.db.selectFrom('api_tokens').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })
})
