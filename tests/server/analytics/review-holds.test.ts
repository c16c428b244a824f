import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

/**
 * Review holds against padding (server/disclosure/review-rule.ts), through the HTTP API: whoever has an access code
 * tops a group of one up to k with answers of their own, and what is then shown minus what they sent would be the
 * one real person. k = 10, so a burst is B = 9 responses to one school and role with no gap over 15 minutes.
 * Responses are sent through POST /api/responses; "earlier" ones have their received_at moved back, as time would.
 */
const K = 10
const MINUTE = 60_000
const REAL = { food_worry: 'often', food_know_help: 1 }
const PADDING = { food_worry: 'never', food_know_help: 3 }
const WITHHELD = { shown: false, reason: 'fewer-than-k', message: `Fewer than ${K} people answered, so this figure is withheld to protect their privacy.` }
const ADMINS_ONLY = { error: 'forbidden', message: 'Only a district admin can do this.' }

let t: TestApp
let admin: StaffHeaders & { email: string }
let analyst: StaffHeaders

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { RATE_LIMIT_PER_MINUTE: '1000000', CODE_RATE_LIMIT_PER_MINUTE: '1000000' } })
  admin = await signIn(t.app, 'district-admin')
  analyst = await signIn(t.app, 'district-analyst')
})
afterAll(() => t.close())

/** Sends one family response (or staff, with mini-staff) with this code; `at` moves its received_at back to when it came. */
async function send(code: string, answers: Record<string, unknown>, at?: Date, slug = 'mini-ana'): Promise<string> {
  const id = randomUUID()
  const res = await t.app.inject({ method: 'POST', url: '/api/responses', payload: { id, code, slug, version: 1, locale: 'en', channel: 'phone', answers } })
  expect(res.statusCode, res.body).toBe(201)
  if (at) await t.app.db.updateTable('responses').set({ received_at: at }).where('id', '=', id).execute()
  return id
}

/** n responses, one every `gapMinutes`, the last `endsMinutesAgo` ago. */
async function trickle(code: string, n: number, options: { gapMinutes: number; endsMinutesAgo: number; answers?: Record<string, unknown> }) {
  for (let i = 0; i < n; i++) await send(code, options.answers ?? REAL, new Date(Date.now() - (options.endsMinutesAgo + (n - 1 - i) * options.gapMinutes) * MINUTE))
}

async function padding(code: string, n: number) {
  for (let i = 0; i < n; i++) await send(code, PADDING)
}

/** Cuts a release over HTTP; `released` (how many responses it took in) is counted in the database, as the API never says. */
async function cut(administrationId: number) {
  const res = await t.app.inject({ method: 'POST', url: `/api/administrations/${administrationId}/releases`, headers: admin })
  expect([200, 201], res.body).toContain(res.statusCode)
  const body = res.json()
  const taken = body.release
    ? await t.app.db
        .selectFrom('responses as r')
        .innerJoin('releases as x', 'x.id', 'r.release_id')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('x.administration_id', '=', administrationId)
        .where('x.number', '=', body.release.number)
        .executeTakeFirstOrThrow()
    : { n: '0' }
  return { ...body, released: Number(taken.n) }
}

async function holds(query: string, headers: StaffHeaders = admin) {
  const res = await t.app.inject({ method: 'GET', url: `/api/holds${query}`, headers })
  expect(res.statusCode, res.body).toBe(200)
  expect(res.json().minCellSize).toBe(K)
  return res.json().holds
}

const decide = (holdId: number, decision: 'approve' | 'set-aside', headers: StaffHeaders = admin) =>
  t.app.inject({ method: 'POST', url: `/api/holds/${holdId}/${decision}`, headers })

async function profile(schoolId: number, administrationId: number, headers: StaffHeaders = analyst) {
  const res = await t.app.inject({ method: 'GET', url: `/api/schools/${schoolId}/profile?administration=${administrationId}`, headers })
  expect(res.statusCode, res.body).toBe(200)
  return res.json()
}

const familyCount = (p: { responses: { role: string; count: unknown }[] }) => p.responses.find((r) => r.role === 'family')?.count
const foodNeed = (p: { domains: { domain: string; need: { roles: Record<string, unknown> } }[] }) => p.domains.find((d) => d.domain === 'food-security')?.need.roles.family

/** Every count a document gives: each `n` of a shown figure or count (0 for a role nobody answered as). */
function shownCounts(node: unknown): number[] {
  if (Array.isArray(node)) return node.flatMap(shownCounts)
  if (node === null || typeof node !== 'object') return []
  const own = (node as { shown?: unknown }).shown === true && typeof (node as { n?: unknown }).n === 'number' ? [(node as { n: number }).n] : []
  return [...own, ...Object.values(node).flatMap(shownCounts)]
}

/** The families of a school the read model holds (the rollups every staff figure is built from). */
async function familiesInRollups(schoolId: number, administrationId: number): Promise<number> {
  const { rows } = await sql<{ n: string | null }>`
    select sum(n) as n from domain_rollups
    where school_id = ${schoolId} and administration_id = ${administrationId} and role = 'family'
      and context_kind = '' and domain = 'food-security' and measures = 'need'`.execute(t.app.db)
  return Number(rows[0].n ?? 0)
}

async function responsesOf(schoolId: number, administrationId: number) {
  return t.app.db.selectFrom('responses').select(['id', 'release_id', 'hold_id']).where('school_id', '=', schoolId).where('administration_id', '=', administrationId).execute()
}

describe('padding a group of one up to k', () => {
  it('holds the padding at the cut: the real family stays withheld, nothing of it is recoverable, and the hold is listed', async () => {
    const a = await openAdministration(t.app.db, { schools: 2, instruments: [{ slug: 'mini-ana', version: 1 }] })
    const [school, other] = a.schools
    // The other school has a release of its own, so the district comparison has something to show beside it.
    await trickle(a.codes[1].code, 12, { gapMinutes: 20, endsMinutesAgo: 60 })
    // One real family two hours ago, then nine padded responses sent now with the school's own code.
    await send(a.codes[0].code, REAL, new Date(Date.now() - 120 * MINUTE))
    await padding(a.codes[0].code, K - 1)

    const result = await cut(a.administrationId)
    // The real family and the other school's twelve are released; the nine padded are held, counted nowhere.
    expect(result).toMatchObject({ release: { number: 1, final: false }, released: 13, holds: 1 })
    expect(await familiesInRollups(school.id, a.administrationId)).toBe(1)
    expect(await familiesInRollups(other.id, a.administrationId)).toBe(12)

    const p = await profile(school.id, a.administrationId)
    expect(familyCount(p)).toEqual(WITHHELD)
    expect(foodNeed(p)).toMatchObject({ shown: false })
    expect(shownCounts(p).every((n) => n === 0 || n >= K)).toBe(true)
    const compare = await t.app.inject({ method: 'GET', url: `/api/district/compare?administration=${a.administrationId}`, headers: analyst })
    expect(compare.statusCode).toBe(200)
    const row = compare.json().schools.find((s: { school: { id: number } }) => s.school.id === school.id)
    expect(shownCounts(row).every((n) => n === 0)).toBe(true)
    expect(shownCounts(compare.json()).every((n) => n === 0 || n >= K)).toBe(true)

    const listed = await holds(`?status=held&administration=${a.administrationId}`)
    expect(listed).toEqual([
      {
        id: expect.any(Number),
        administration: { id: a.administrationId, name: expect.any(String), timeZone: expect.any(String) },
        school: { id: school.id, name: school.name },
        role: 'family',
        reasons: ['burst'],
        firstReceivedAt: expect.any(String),
        lastReceivedAt: expect.any(String),
        responses: WITHHELD,
        heldAt: expect.any(String),
        status: 'held',
        decidedAt: null,
        decidedBy: null,
      },
    ])
    const [hold] = listed
    expect(Date.parse(hold.lastReceivedAt) - Date.parse(hold.firstReceivedAt)).toBeLessThan(15 * MINUTE)
    expect(Date.now() - Date.parse(hold.firstReceivedAt)).toBeLessThan(60 * MINUTE)

    // A cut while it is held changes nothing.
    expect(await cut(a.administrationId)).toMatchObject({ release: null, released: 0, holds: 0 })
    expect(familyCount(await profile(school.id, a.administrationId))).toEqual(WITHHELD)

    // Approved, the nine join by the release rule: not while they alone would change the school's figures by
    // fewer than k people...
    const approved = await decide(hold.id, 'approve')
    expect(approved.statusCode, approved.body).toBe(200)
    expect(approved.json()).toMatchObject({ id: hold.id, status: 'approved', decidedBy: admin.email, decidedAt: expect.any(String) })
    expect(await cut(a.administrationId)).toMatchObject({ release: null, released: 0, schoolsWaiting: 1, holds: 0 })
    expect(familyCount(await profile(school.id, a.administrationId))).toEqual(WITHHELD)
    expect(await familiesInRollups(school.id, a.administrationId)).toBe(1)

    // ...and once a tenth family, later and on its own, makes the batch k people. (Approving padding is what a
    // reviewer must not do: it is the reviewer's decision that lets it through, and the audit log names them.)
    await t.app.db.updateTable('responses').set({ received_at: new Date(Date.now() - 90 * MINUTE) }).where('hold_id', '=', hold.id).execute()
    await send(a.codes[0].code, REAL)
    expect(await cut(a.administrationId)).toMatchObject({ release: { number: 2 }, released: 10, holds: 0 })
    expect(familyCount(await profile(school.id, a.administrationId))).toEqual({ shown: true, n: 11 })
  })

  it('holds padding in an administration a school team created for its own school, at the scheduled cut too', async () => {
    const [school] = (await openAdministration(t.app.db, { schools: 1, instruments: [{ slug: 'mini-ana', version: 1 }] })).schools
    const team = await signIn(t.app, 'school-team', [school.id])
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/administrations',
      headers: team,
      payload: { name: 'Our own check-in', opensAt: '2020-01-01T08:00', closesAt: '2099-12-31T17:00', mode: 'both', instruments: [{ slug: 'mini-ana', version: 1 }], schoolIds: [school.id] },
    })
    expect(created.statusCode, created.body).toBe(201)
    expect(created.json().runBy).toBe('school')
    const id: number = created.json().id
    const code: string = created.json().schools[0].code

    await send(code, REAL, new Date(Date.now() - 120 * MINUTE))
    await padding(code, K - 1)
    // The team closes its window; the scheduled cut makes the final release.
    expect((await t.app.inject({ method: 'POST', url: `/api/administrations/${id}/close`, headers: team })).statusCode).toBe(200)
    expect(await t.app.releases.runOnce()).toBe(1)

    expect(familyCount(await profile(school.id, id, team))).toEqual(WITHHELD)
    expect(await familiesInRollups(school.id, id)).toBe(1)
    const [hold] = await holds(`?administration=${id}`)
    expect(hold).toMatchObject({ school: { id: school.id }, role: 'family', reasons: ['burst'], status: 'held', responses: WITHHELD })

    // The team sees no holds and decides nothing: no exemption for its own administration.
    expect((await t.app.inject({ method: 'GET', url: `/api/holds?administration=${id}`, headers: team })).json()).toEqual(ADMINS_ONLY)
    const refused = await decide(hold.id, 'approve', team)
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toEqual(ADMINS_ONLY)

    // Set aside: kept, never released, and no scheduled cut is due for them.
    const setAside = await decide(hold.id, 'set-aside')
    expect(setAside.statusCode, setAside.body).toBe(200)
    expect(setAside.json()).toMatchObject({ status: 'set-aside', decidedBy: admin.email })
    expect(await t.app.releases.runOnce()).toBe(0)
    expect(await cut(id)).toMatchObject({ release: { final: true }, released: 0, holds: 0 })
    const stored = await responsesOf(school.id, id)
    expect(stored).toHaveLength(K)
    expect(stored.filter((r) => r.hold_id === hold.id && r.release_id === null)).toHaveLength(K - 1)
    expect(familyCount(await profile(school.id, id, team))).toEqual(WITHHELD)
  })
})

describe('what else is held, and what is not', () => {
  it('holds responses that take a school and role beyond its enrollment, even in a trickle', async () => {
    const a = await openAdministration(t.app.db, { schools: 1, instruments: [{ slug: 'mini-ana', version: 1 }] })
    const [school] = a.schools
    await t.app.db.updateTable('schools').set({ enrollment_families: 12 }).where('id', '=', school.id).execute()
    await trickle(a.codes[0].code, 12, { gapMinutes: 20, endsMinutesAgo: 300 })
    expect(await cut(a.administrationId)).toMatchObject({ released: 12, holds: 0 })

    await trickle(a.codes[0].code, 3, { gapMinutes: 20, endsMinutesAgo: 30, answers: PADDING })
    expect(await cut(a.administrationId)).toMatchObject({ release: null, released: 0, holds: 1 })
    const [hold] = await holds(`?administration=${a.administrationId}`)
    expect(hold).toMatchObject({ school: { id: school.id }, role: 'family', reasons: ['over-enrollment'], status: 'held', responses: WITHHELD })
    expect(familyCount(await profile(school.id, a.administrationId))).toEqual({ shown: true, n: 12 })
    expect(await familiesInRollups(school.id, a.administrationId)).toBe(12)
  })

  it('counts staff by headcount, and holds nothing of a role within its enrollment', async () => {
    const a = await openAdministration(t.app.db, { schools: 1, instruments: [{ slug: 'mini-ana', version: 1 }, { slug: 'mini-staff', version: 1 }] })
    const [school] = a.schools
    await t.app.db.updateTable('schools').set({ enrollment_staff: 2 }).where('id', '=', school.id).execute()
    for (let i = 0; i < 3; i++) await send(a.codes[0].code, { hunger_focus: 1 }, new Date(Date.now() - (200 - 30 * i) * MINUTE), 'mini-staff')
    await trickle(a.codes[0].code, 3, { gapMinutes: 30, endsMinutesAgo: 20 })
    // The school's first release takes its three families; its three staff, one more than its headcount, are held.
    expect(await cut(a.administrationId)).toMatchObject({ release: { number: 1 }, released: 3, holds: 1 })
    expect(await holds(`?administration=${a.administrationId}`)).toEqual([expect.objectContaining({ role: 'staff', reasons: ['over-enrollment'], responses: WITHHELD })])
  })

  it('does not hold a normal trickle, nor small groups far apart, when enrollment is unknown', async () => {
    const a = await openAdministration(t.app.db, { schools: 1, instruments: [{ slug: 'mini-ana', version: 1 }] })
    const [school] = a.schools
    await t.app.db.updateTable('schools').set({ enrollment_families: null }).where('id', '=', school.id).execute()
    await trickle(a.codes[0].code, 14, { gapMinutes: 17, endsMinutesAgo: 600 })
    // Three families together at pick-up, an hour apart, four times over.
    for (let group = 0; group < 4; group++) {
      for (let i = 0; i < 3; i++) await send(a.codes[0].code, REAL, new Date(Date.now() - (300 - group * 60 - i) * MINUTE))
    }
    expect(await cut(a.administrationId)).toMatchObject({ release: { number: 1 }, released: 26, holds: 0 })
    expect(familyCount(await profile(school.id, a.administrationId))).toEqual({ shown: true, n: 26 })
    expect(await holds(`?administration=${a.administrationId}`)).toEqual([])
  })

  it('releases an approved burst (a family night at the kiosks) at the next scheduled cut after the window ended', async () => {
    const a = await openAdministration(t.app.db, { schools: 1, instruments: [{ slug: 'mini-ana', version: 1 }] })
    const [school] = a.schools
    await padding(a.codes[0].code, 12)
    expect((await t.app.inject({ method: 'POST', url: `/api/administrations/${a.administrationId}/close`, headers: admin })).statusCode).toBe(200)
    expect(await t.app.releases.runOnce()).toBe(1)
    const [hold] = await holds(`?status=held&administration=${a.administrationId}`)
    // Twelve is at least k: the reviewer sees how many.
    expect(hold).toMatchObject({ reasons: ['burst'], responses: { shown: true, n: 12 } })
    expect(familyCount(await profile(school.id, a.administrationId))).toEqual(WITHHELD)

    expect((await decide(hold.id, 'approve')).statusCode).toBe(200)
    expect(await t.app.releases.runOnce()).toBe(1)
    expect(familyCount(await profile(school.id, a.administrationId))).toEqual({ shown: true, n: 12 })
    expect(await t.app.releases.runOnce()).toBe(0)
  })
})

describe('deciding a hold', () => {
  let administrationId: number
  let ids: number[]

  beforeAll(async () => {
    const a = await openAdministration(t.app.db, { schools: 3, instruments: [{ slug: 'mini-ana', version: 1 }] })
    administrationId = a.administrationId
    for (const { code } of a.codes) await padding(code, K - 1)
    expect(await cut(administrationId)).toMatchObject({ holds: 3 })
    ids = (await holds(`?administration=${administrationId}`)).map((h: { id: number }) => h.id).sort((x: number, y: number) => x - y)
  })

  it('is final: a second decision is refused with 409, and the hold keeps the first', async () => {
    expect((await decide(ids[0], 'approve')).statusCode).toBe(200)
    for (const decision of ['approve', 'set-aside'] as const) {
      const again = await decide(ids[0], decision)
      expect(again.statusCode).toBe(409)
      expect(again.json()).toEqual({ error: 'conflict', message: 'This hold was already approved; a decision on a hold is final.' })
    }
    expect((await decide(ids[1], 'set-aside')).statusCode).toBe(200)
    const again = await decide(ids[1], 'approve')
    expect(again.statusCode).toBe(409)
    expect(again.json()).toEqual({ error: 'conflict', message: 'This hold was already set aside; a decision on a hold is final.' })
    const byId = new Map((await holds(`?administration=${administrationId}`)).map((h: { id: number; status: string }) => [h.id, h.status]))
    expect([byId.get(ids[0]), byId.get(ids[1]), byId.get(ids[2])]).toEqual(['approved', 'set-aside', 'held'])
  })

  it('lists by status, the undecided first', async () => {
    expect((await holds(`?status=held&administration=${administrationId}`)).map((h: { id: number }) => h.id)).toEqual([ids[2]])
    expect((await holds(`?status=set-aside&administration=${administrationId}`)).map((h: { id: number }) => h.id)).toEqual([ids[1]])
    expect((await holds(`?administration=${administrationId}`))[0].id).toBe(ids[2])
    expect((await holds('?status=held')).some((h: { id: number }) => h.id === ids[2])).toBe(true)
  })

  it('answers 404 for an unknown hold or administration and 400 for an unknown status', async () => {
    const unknown = await decide(2147483647, 'approve')
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json()).toEqual({ error: 'not_found', message: 'No review hold with id 2147483647.' })
    const noAdministration = await t.app.inject({ method: 'GET', url: '/api/holds?administration=2147483647', headers: admin })
    expect(noAdministration.statusCode).toBe(404)
    expect(noAdministration.json()).toEqual({ error: 'not_found', message: 'No administration with id 2147483647.' })
    expect((await t.app.inject({ method: 'GET', url: '/api/holds?status=pending', headers: admin })).statusCode).toBe(400)
  })

  it('is for district admins only: 403 for analysts and school teams, 401 without a session', async () => {
    const team = await signIn(t.app, 'school-team', [])
    for (const headers of [analyst, team]) {
      for (const res of [await t.app.inject({ method: 'GET', url: '/api/holds', headers }), await decide(ids[2], 'approve', headers), await decide(ids[2], 'set-aside', headers)]) {
        expect(res.statusCode).toBe(403)
        expect(res.json()).toEqual(ADMINS_ONLY)
      }
    }
    expect((await t.app.inject({ method: 'POST', url: `/api/holds/${ids[2]}/approve` })).statusCode).toBe(401)
    expect((await holds(`?status=held&administration=${administrationId}`)).map((h: { id: number }) => h.id)).toEqual([ids[2]])
  })

  it('audits every decision with who made it, and never a count under k', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/audit?action=hold.', headers: admin })
    expect(res.statusCode).toBe(200)
    const entries = res.json().entries.filter((e: { target: string }) => e.target === `hold:${ids[0]}` || e.target === `hold:${ids[1]}`)
    expect(entries).toEqual([
      expect.objectContaining({ actor: admin.email, action: 'hold.set-aside', outcome: 'success', target: `hold:${ids[1]}`, detail: expect.objectContaining({ administration: administrationId, role: 'family', reasons: ['burst'], responses: `fewer than ${K}` }) }),
      expect.objectContaining({ actor: admin.email, action: 'hold.approve', outcome: 'success', target: `hold:${ids[0]}`, detail: expect.objectContaining({ responses: `fewer than ${K}` }) }),
    ])
    // Reading the holds is recorded too.
    const reads = await t.app.inject({ method: 'GET', url: '/api/audit?action=read.holds', headers: admin })
    expect(reads.json().entries.length).toBeGreaterThan(0)
  })
})
