import { randomUUID } from 'node:crypto'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../../../server/app'
import { loadConfig } from '../../../server/config'
import { prepareDatabase } from '../../../server/startup'
import { FIXTURE_SURVEYS } from '../../helpers/app'
import { signIn } from '../../helpers/auth'
import { freshDatabase, type TestDatabase } from '../../helpers/database'
import { openAdministration } from '../../helpers/fixtures'

/**
 * Two server instances on one database, as behind a load balancer: nothing a request needs lives in one process
 * (sessions, CSRF tokens, exactly-once intake, releases are all in the database), so any request may go to either.
 */
let database: TestDatabase
let a: FastifyInstance
let b: FastifyInstance
let code: string
let schoolId: number
let administrationId: number

beforeAll(async () => {
  database = await freshDatabase()
  const config = loadConfig({ LOG_LEVEL: 'silent', RELEASE_CHECK_SECONDS: '0', SURVEYS_DIR: FIXTURE_SURVEYS, CLIENT_DIR: path.resolve(import.meta.dirname, '../../../dist/does-not-exist') })
  a = await buildApp({ config, databaseUrl: database.url, databaseMode: database.mode })
  b = await buildApp({ config, databaseUrl: database.url, databaseMode: database.mode })
  // Both start as production starts them: each migrates (the second finds nothing to do) and syncs the library.
  await Promise.all([a.ready(), b.ready()])
  await prepareDatabase(a, { demo: false })
  await prepareDatabase(b, { demo: false })
  const opened = await openAdministration(a.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
  code = opened.codes[0].code
  schoolId = opened.codes[0].schoolId
  administrationId = opened.administrationId
})
afterAll(async () => {
  await a?.close()
  await b?.close()
  await database?.drop()
})

const response = (id = randomUUID()) => ({
  id, code, slug: 'mini-ana', version: 1, locale: 'es', channel: 'phone',
  answers: { food_worry: 'often', food_know_help: 1 }, startedAt: '2026-11-20T10:00:00.000Z', submittedAt: '2026-11-20T10:07:00.000Z',
})

describe('two server instances on one database', () => {
  it('take responses through either exactly once, and serve a staff session signed in on one from the other', async () => {
    // A phone looks its code up on one instance, downloads the survey from the other, and sends through both.
    expect((await a.inject({ method: 'GET', url: `/api/access/${code}` })).statusCode).toBe(200)
    const definitionA = await a.inject({ method: 'GET', url: '/api/instruments/mini-ana/versions/1', headers: { 'accept-encoding': 'br' } })
    const definitionB = await b.inject({ method: 'GET', url: '/api/instruments/mini-ana/versions/1', headers: { 'accept-encoding': 'br', 'if-none-match': String(definitionA.headers.etag) } })
    expect(definitionB.statusCode).toBe(304)

    const ids = Array.from({ length: 12 }, () => randomUUID())
    const first = await Promise.all(ids.map((id, i) => (i % 2 ? a : b).inject({ method: 'POST', url: '/api/responses', remoteAddress: `10.5.0.${i}`, payload: response(id) })))
    expect(first.map((r) => r.statusCode)).toEqual(Array(12).fill(201))
    // The same responses again through the other instance (a phone whose first answer was lost): stored once.
    const again = await Promise.all(ids.map((id, i) => (i % 2 ? b : a).inject({ method: 'POST', url: '/api/responses', remoteAddress: `10.5.0.${i}`, payload: response(id) })))
    expect(again.map((r) => r.statusCode)).toEqual(Array(12).fill(200))
    const stored = await b.db.selectFrom('responses').where('administration_id', '=', administrationId).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()
    expect(Number(stored.n)).toBe(12)

    // Staff: signed in on A; B knows the session and its CSRF token.
    const admin = await signIn(a, 'district-admin')
    const me = await b.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin.cookie } })
    expect(me.statusCode).toBe(200)
    expect(me.json().user.email).toBe(admin.email)
    // The burst of 12 is held for review on a cut through B, approved through A, and released by a cut through B.
    const held = await b.inject({ method: 'POST', url: `/api/administrations/${administrationId}/releases`, headers: admin })
    expect(held.statusCode).toBe(200)
    expect(held.json().release).toBeNull()
    const holds = (await a.inject({ method: 'GET', url: '/api/holds', headers: { cookie: admin.cookie } })).json().holds as { id: number; status: string }[]
    expect(holds.map((h) => h.status)).toEqual(['held'])
    expect((await a.inject({ method: 'POST', url: `/api/holds/${holds[0].id}/approve`, headers: admin })).statusCode).toBe(200)
    const cut = await b.inject({ method: 'POST', url: `/api/administrations/${administrationId}/releases`, headers: admin })
    expect(cut.statusCode).toBe(201)
    const profileUrl = `/api/schools/${schoolId}/profile?administration=${administrationId}`
    const fromA = await a.inject({ method: 'GET', url: profileUrl, headers: { cookie: admin.cookie } })
    const fromB = await b.inject({ method: 'GET', url: profileUrl, headers: { cookie: admin.cookie } })
    expect(fromA.statusCode).toBe(200)
    expect(fromA.json().responses).toContainEqual(expect.objectContaining({ role: 'family', count: { shown: true, n: 12 } }))
    expect(fromB.json()).toEqual(fromA.json())

    // Signing out on B ends the session on A too.
    expect((await b.inject({ method: 'POST', url: '/api/auth/logout', headers: admin })).statusCode).toBe(204)
    expect((await a.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin.cookie } })).statusCode).toBe(401)
  })
})
