import { randomUUID } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import { Kysely, PostgresDialect } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fromGrid } from '../../../client/api/comparison'
import type { Database } from '../../../server/db/schema'
import { compareDistrict } from '../../../server/profiles/comparison.service'
import { schoolProfile } from '../../../server/profiles/profiles.service'
import { buildReleaseViews, servedComparison } from '../../../server/profiles/release-views'
import { FIXTURE_SURVEYS, releaseNow, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

// Figures are computed once per release and basis and served with a strong ETag (server/profiles/release-views.ts):
// these tests check that a served view is always what a fresh computation gives, and changes exactly when its
// release or basis does.
describe('figures served from the release', () => {
  let t: TestApp
  let staff: StaffHeaders
  let admin: Awaited<ReturnType<typeof openAdministration>>
  const respond = async (code: string, answers: Record<string, unknown>, times: number) => {
    for (let i = 0; i < times; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id: randomUUID(), code, slug: 'mini-ana', version: 1, locale: 'en', channel: 'phone', answers } })
      expect(res.statusCode).toBe(201)
    }
  }
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { ...staff, ...headers } })
  const options = () => ({ minCellSize: t.config.minCellSize, domains: t.app.domains })
  const compareUrl = () => `/api/district/compare?administration=${admin.administrationId}`
  const profileUrl = () => `/api/schools/${admin.schools[0].id}/profile?administration=${admin.administrationId}`

  beforeAll(async () => {
    t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
    staff = await signIn(t.app)
    admin = await openAdministration(t.app.db, { schools: 2, instruments: [{ slug: 'mini-ana', version: 1 }] })
    await respond(admin.codes[0].code, { food_worry: 'often', food_know_help: 3 }, 10)
    await respond(admin.codes[1].code, { food_worry: 'never', food_know_help: 1 }, 10)
    expect((await releaseNow(t, admin.administrationId)).released).toBe(20)
  })
  afterAll(() => t.close())

  it('answers a repeat read whose ETag still matches with 304 and no body, and a stale ETag with the figures', async () => {
    const first = await get(compareUrl())
    expect(first.statusCode).toBe(200)
    expect(first.headers['cache-control']).toBe('private, no-cache')
    const etag = first.headers.etag as string
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/)
    expect(first.json()).toEqual(await compareDistrict(t.app.db, { administrationId: admin.administrationId }, options()))

    const again = await get(compareUrl(), { 'if-none-match': etag })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    expect(again.headers.etag).toBe(etag)
    // A 304 is a read of the figures all the same: audited, marked as such.
    const audited = await t.app.db.selectFrom('audit_log').select(['action', 'outcome', 'detail']).orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(audited).toMatchObject({ action: 'read.comparison', outcome: 'success' })
    expect(audited.detail).toMatchObject({ notModified: true })

    const stale = await get(compareUrl(), { 'if-none-match': '"not-this-one"' })
    expect(stale.statusCode).toBe(200)
    expect(stale.json()).toEqual(first.json())
    // Another view has its own ETag.
    const families = await get(`${compareUrl()}&role=family`, { 'if-none-match': etag })
    expect(families.statusCode).toBe(200)
    expect(families.headers.etag).not.toBe(etag)
  })

  it('serves the heat map its grid: every figure of the comparison as arrays of numbers, with an ETag of its own', async () => {
    for (const filters of ['', '&role=family', '&region=North']) {
      const full = await get(`${compareUrl()}${filters}`)
      const grid = await get(`${compareUrl()}${filters}&shape=grid`)
      expect(grid.statusCode).toBe(200)
      expect(grid.json().shape).toBe('grid')
      expect(grid.rawPayload.length).toBeLessThan(full.rawPayload.length)
      expect(fromGrid(grid.json())).toEqual(full.json())
      expect(grid.headers.etag).not.toBe(full.headers.etag)
      expect((await get(`${compareUrl()}${filters}&shape=grid`, { 'if-none-match': grid.headers.etag as string })).statusCode).toBe(304)
    }
    // Withheld cells carry no figure: only the position of their one withheld object.
    const grid = (await get(`${compareUrl()}&role=staff&shape=grid`)).json()
    expect(grid.withheld).toEqual([{ shown: false, reason: 'fewer-than-k', message: 'Fewer than 10 people answered, so this figure is withheld to protect their privacy.' }])
    expect(grid.cells.flatMap((d: any) => [...d.need, ...d.asset])).toEqual(grid.cells.flatMap((d: any) => [...d.need, ...d.asset]).map(() => 0))
  })

  it('sends the JSON compressed as the client accepts it, and the same figures either way', async () => {
    const plain = await get(compareUrl(), { 'accept-encoding': 'identity' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    const gzipped = await get(compareUrl(), { 'accept-encoding': 'gzip, br;q=0' })
    expect(gzipped.headers['content-encoding']).toBe('gzip')
    expect(JSON.parse(gunzipSync(gzipped.rawPayload).toString('utf8'))).toEqual(plain.json())
    const brotli = await get(compareUrl(), { 'accept-encoding': 'gzip, deflate, br' })
    expect(brotli.headers['content-encoding']).toBe('br')
    expect(brotli.headers.etag).toBe(plain.headers.etag)
  })

  it('serves new figures and a new ETag once a release takes in more responses', async () => {
    const before = await get(compareUrl())
    const profileBefore = await get(profileUrl())
    await respond(admin.codes[0].code, { food_worry: 'never', food_know_help: 1 }, 10)
    // Stored but in no release: staff still read the same figures, with the same ETag.
    const waiting = await get(compareUrl(), { 'if-none-match': before.headers.etag as string })
    expect(waiting.statusCode).toBe(304)
    expect((await releaseNow(t, admin.administrationId)).released).toBe(10)

    const after = await get(compareUrl(), { 'if-none-match': before.headers.etag as string })
    expect(after.statusCode).toBe(200)
    expect(after.headers.etag).not.toBe(before.headers.etag)
    const cell = (body: any) => body.schools.find((s: any) => s.school.id === admin.schools[0].id).cells['food-security'].need
    expect(cell(before.json())).toMatchObject({ n: 10 })
    expect(cell(after.json())).toMatchObject({ n: 20 })
    expect(after.json()).toEqual(await compareDistrict(t.app.db, { administrationId: admin.administrationId }, options()))

    const profileAfter = await get(profileUrl(), { 'if-none-match': profileBefore.headers.etag as string })
    expect(profileAfter.statusCode).toBe(200)
    expect(profileAfter.json()).toEqual(
      await schoolProfile(t.app.db, admin.schools[0].id, admin.administrationId, { ...options(), highNeedThreshold: t.config.highNeedThreshold }),
    )
    expect(profileAfter.json().domains.find((d: any) => d.domain === 'food-security').need.allVoices.n).toBe(20)
  })

  it('serves a renamed school under its new name at once, though no release was cut', async () => {
    const before = await get(compareUrl())
    const profileBefore = await get(profileUrl())
    await t.app.db.updateTable('schools').set({ name: 'Renamed Elementary' }).where('id', '=', admin.schools[0].id).execute()
    const after = await get(compareUrl(), { 'if-none-match': before.headers.etag as string })
    expect(after.statusCode).toBe(200)
    expect(after.json().schools.map((s: any) => s.school.name)).toContain('Renamed Elementary')
    const profile = await get(profileUrl(), { 'if-none-match': profileBefore.headers.etag as string })
    expect(profile.statusCode).toBe(200)
    expect(profile.json().school.name).toBe('Renamed Elementary')
  })

  it('stores the whole-district views of each release once, for every server process, and drops those of older releases', async () => {
    expect(await buildReleaseViews(t.app.db, options())).toBe(4)
    // Built already for this basis: nothing to do.
    expect(await buildReleaseViews(t.app.db, options())).toBe(0)
    const stored = await t.app.db.selectFrom('release_views').select(['etag', 'view', 'body']).execute()
    expect(stored.map((v) => JSON.parse(v.view).role).sort()).toEqual(['family', 'staff', 'student', null].sort())

    // A process that has read nothing yet (a handle of its own on the same database) serves the stored view: the
    // same bytes as computing it, under the same ETag.
    const other = new Kysely<Database>({ dialect: new PostgresDialect({ pool: t.app.pg.pool }) })
    const served = await servedComparison(other, { administrationId: admin.administrationId }, options())
    const all = stored.find((v) => JSON.parse(v.view).role === null)!
    expect(served.etag).toBe(all.etag)
    expect(served.text()).toBe(all.body)
    expect(served.body).toEqual(await compareDistrict(t.app.db, { administrationId: admin.administrationId }, options()))

    await respond(admin.codes[1].code, { food_worry: 'often', food_know_help: 3 }, 10)
    expect((await releaseNow(t, admin.administrationId)).released).toBe(10)
    expect(await buildReleaseViews(t.app.db, options())).toBe(4)
    const now = await t.app.db.selectFrom('release_views').select('etag').execute()
    expect(now).toHaveLength(4)
    expect(now.map((v) => v.etag)).not.toContain(all.etag)
  })

  it('answers a view of a missing administration or school as before', async () => {
    const none = await get('/api/district/compare?administration=99999')
    expect(none.statusCode).toBe(400)
    expect(none.json()).toEqual({ error: 'bad_request', message: 'There is no administration 99999.' })
    const school = await get('/api/schools/99999/profile')
    expect(school.statusCode).toBe(404)
    expect(school.json()).toEqual({ error: 'not_found', message: 'There is no school 99999.' })
  })
})
