import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateAnswers } from '../../../server/demo/answers'
import { seededRandom } from '../../../server/demo/random'
import { getCompiledVersion } from '../../../server/instruments/instruments.service'
import { startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'

/**
 * The "two reads over time" attack, through the real API on a fresh demo district: a school team reads its profile,
 * one family answers at the office kiosk, the team reads again and subtracts. Staff read releases, so the second read
 * is the first one, byte for byte, until a release takes the family in; and a release takes in a school's new
 * families only when they add at least k people to every figure they change, so one family never shows alone.
 */
let t: TestApp
let admin: StaffHeaders
let team: StaffHeaders
let analyst: StaffHeaders
let schoolId: number
let code: string
let administrationId: number
const random = seededRandom(42)

beforeAll(async () => {
  t = await startTestApp({ demo: true, env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000' } })
  const demo = t.prepared.demo!
  schoolId = demo.firstSchoolId
  administrationId = demo.administrationId
  code = demo.codes[0].code
  admin = await signIn(t.app, 'district-admin')
  analyst = await signIn(t.app, 'district-analyst')
  team = await signIn(t.app, 'school-team', [schoolId])
}, 300_000)
afterAll(() => t.close())

let answered: { version: number; answers: Record<string, unknown> } | null = null
/**
 * One family's answers, the same for every family of this test: then each figure a group of them changes, it changes
 * by all of them, and the release rule has no other reason to make them wait than their number.
 */
async function familyAnswers() {
  if (answered) return answered
  const version = await t.app.db
    .selectFrom('instrument_versions')
    .select(['id', 'version'])
    .where('slug', '=', 'family-ana')
    .where('status', '=', 'published')
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow()
  const { index } = await getCompiledVersion(t.app.db, version.id)
  answered = { version: version.version, answers: generateAnswers(index, random, () => 0.9) }
  return answered
}

const get = async (url: string, as: StaffHeaders) => {
  const res = await t.app.inject({ method: 'GET', url, headers: as })
  expect(res.statusCode, url).toBe(200)
  return res.body
}

/** Everything the school team and an analyst can read about the school and the district. */
async function everything() {
  const q = `administration=${administrationId}`
  return {
    profile: await get(`/api/schools/${schoolId}/profile?${q}`, team),
    profileCsv: await get(`/api/exports/schools/${schoolId}/profile?${q}&format=csv`, team),
    gaps: await get(`/api/schools/${schoolId}/gaps?${q}`, team),
    comparison: await get(`/api/district/compare?${q}`, analyst),
    comparisonFamilies: await get(`/api/district/compare?${q}&role=family`, analyst),
    responses: await get(`/api/exports/responses?${q}&format=csv`, analyst),
  }
}

describe('two reads over time', () => {
  it('show nothing of one family who answered between them, before or after a release is cut', { timeout: 120_000 }, async () => {
    const before = await everything()
    expect(JSON.parse(before.profile).release.number).toBe(1)

    const { version, answers } = await familyAnswers()
    const sent = await t.app.inject({
      method: 'POST',
      url: '/api/responses',
      payload: { id: randomUUID(), code, slug: 'family-ana', version, locale: 'es', channel: 'kiosk', answers },
    })
    expect(sent.statusCode, sent.body).toBe(201)
    expect(await everything()).toEqual(before)

    // A district admin cuts a release: the one family is a batch of fewer than k, so it waits, and nothing changes.
    const cut = await t.app.inject({ method: 'POST', url: `/api/administrations/${administrationId}/releases`, headers: admin })
    expect(cut.statusCode, cut.body).toBe(200)
    expect(cut.json()).toEqual({ release: null, schoolsTakenIn: 0, schoolsWaiting: 1, holds: 0 })
    expect(await everything()).toEqual(before)
  })

  it('show the families once enough of them have answered to make every figure they change describe at least k new people', { timeout: 300_000 }, async () => {
    const before = JSON.parse((await everything()).profile)
    // k − 1 more families answering as the first did: with it, every figure they change gains k people.
    const k = t.config.minCellSize
    let sent = 0
    let cut: { release: { number: number } | null; schoolsTakenIn: number } = { release: null, schoolsTakenIn: 0 }
    for (const more of [k - 2, 1]) {
      for (let i = 0; i < more; i++, sent++) {
        const { version, answers } = await familyAnswers()
        const id = randomUUID()
        const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id, code, slug: 'family-ana', version, locale: 'es', channel: 'kiosk', answers } })
        expect(res.statusCode, res.body).toBe(201)
        // Families answer over days: sent back to back, k of them would be a burst that a cut holds for review.
        await t.app.db.updateTable('responses').set({ received_at: new Date(Date.now() - (1000 - sent) * 20 * 60_000) }).where('id', '=', id).execute()
      }
      const res = await t.app.inject({ method: 'POST', url: `/api/administrations/${administrationId}/releases`, headers: admin })
      cut = res.json()
      // With k − 1 families waiting, nothing joins and nothing changes; the k-th brings them all in.
      if (sent + 1 < k) {
        expect(res.statusCode).toBe(200)
        expect(cut.release).toBeNull()
        expect(JSON.parse((await everything()).profile)).toEqual(before)
      } else expect(res.statusCode).toBe(201)
    }
    expect(cut.release).not.toBeNull()
    // The school's families joined together (the one of the first test included), and they alone changed.
    expect(cut.schoolsTakenIn).toBe(1)
    const taken = await t.app.db
      .selectFrom('responses as r')
      .innerJoin('releases as x', 'x.id', 'r.release_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('x.administration_id', '=', administrationId)
      .where('x.number', '=', 2)
      .executeTakeFirstOrThrow()
    expect(Number(taken.n)).toBe(k)
    const after = JSON.parse((await everything()).profile)
    expect(after.release.number).toBe(2)
    const families = (p: any) => p.responses.find((r: any) => r.role === 'family').count
    if (families(before).shown && families(after).shown) expect(families(after).n - families(before).n).toBeGreaterThanOrEqual(k)
    // Each figure that changed describes at least k more people than before.
    for (const d of after.domains) {
      for (const measures of ['need', 'asset']) {
        const now = d[measures].roles.family
        const then = before.domains.find((x: any) => x.domain === d.domain)[measures].roles.family
        if (now.shown && then.shown && now.n !== then.n) expect(now.n - then.n).toBeGreaterThanOrEqual(k)
      }
    }
  })
})
