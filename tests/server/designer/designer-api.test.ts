import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

let t: TestApp
let schoolId: number
let otherSchoolId: number
let team: StaffHeaders
let otherTeam: StaffHeaders
let analyst: StaffHeaders
let admin: StaffHeaders

type Json = Record<string, any>

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
  const administration = await openAdministration(t.app.db, { schools: 2, instruments: [{ slug: 'mini-ana', version: 1 }] })
  schoolId = administration.schools[0].id
  otherSchoolId = administration.schools[1].id
  team = await signIn(t.app, 'school-team', [schoolId])
  otherTeam = await signIn(t.app, 'school-team', [otherSchoolId])
  analyst = await signIn(t.app, 'district-analyst')
  admin = await signIn(t.app, 'district-admin')
})
afterAll(() => t.close())

const headersOf = (h: StaffHeaders) => ({ cookie: h.cookie, 'x-csrf-token': h['x-csrf-token'] })

async function call(h: StaffHeaders, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const res = await t.app.inject({ method, url, headers: headersOf(h), ...(payload === undefined ? {} : { payload: payload as object }) })
  return { status: res.statusCode, body: res.json() as Json }
}

async function startDraft(h: StaffHeaders, owner: number | 'district' = schoolId) {
  const res = await call(h, 'POST', `/api/designer/${owner}/drafts`, { slug: 'mini-ana', version: 1 })
  expect(res.status).toBe(201)
  return res.body
}

const schoolItem = {
  type: 'radiogroup',
  name: 'laundry_truck',
  title: { default: 'I would use a laundry truck at school', es: 'Usaría un camión de lavandería en la escuela' },
  choices: [
    { value: 'yes', text: { default: 'Yes', es: 'Sí' } },
    { value: 'no', text: { default: 'No', es: 'No' } },
  ],
  ana: { itemId: 'school.laundry-truck', domain: 'food-security', measures: 'need', scores: { yes: 100, no: 0 } },
}

describe('drafts', () => {
  it('starts a draft from a district template, as a draft copy of that version', async () => {
    const draft = await startDraft(team)
    expect(draft).toMatchObject({ slug: 'mini-ana', ownerSchoolId: schoolId, baseVersion: 1, publishedVersion: null, revision: 1, defects: [] })
    expect(draft.definition.ana).toMatchObject({ slug: 'mini-ana', version: 1, status: 'draft' })
    const list = await call(team, 'GET', `/api/designer/${schoolId}/drafts`)
    expect(list.status).toBe(200)
    expect(list.body.drafts.map((d: Json) => d.id)).toContain(draft.id)
  })

  it('saves a change, pins each problem to its place, and refuses a stale revision with 409', async () => {
    const draft = await startDraft(team)
    const definition = structuredClone(draft.definition)
    definition.pages[0].elements.push({ ...schoolItem, title: { default: 'I would use a laundry truck at school' } })
    const saved = await call(team, 'PUT', `/api/designer/${schoolId}/drafts/${draft.id}`, { revision: 1, definition, translationHashes: { 'x/title': { es: 'abc' } } })
    expect(saved.status).toBe(200)
    expect(saved.body.revision).toBe(2)
    expect(saved.body.translationHashes).toEqual({ 'x/title': { es: 'abc' } })
    const index = definition.pages[0].elements.length - 1
    expect(saved.body.defects).toContainEqual({ file: `mini-ana draft ${draft.id}`, pointer: `/pages/0/elements/${index}/title`, message: 'The text is missing in es.' })

    const stale = await call(team, 'PUT', `/api/designer/${schoolId}/drafts/${draft.id}`, { revision: 1, definition, translationHashes: null })
    expect(stale).toEqual({
      status: 409,
      body: { error: 'conflict', message: 'Someone saved this draft after you opened it (it is at revision 2, yours is 1); reload it and make your change again.' },
    })
  })

  it('refuses a definition whose slug or role changed, or which lacks its ana block', async () => {
    const draft = await startDraft(team)
    const url = `/api/designer/${schoolId}/drafts/${draft.id}`
    const withAna = (ana: unknown) => ({ revision: 1, definition: { ...draft.definition, ana }, translationHashes: null })
    expect(await call(team, 'PUT', url, withAna(undefined))).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'The definition has no "ana" block (slug, version, role, status, translations).' },
    })
    expect(await call(team, 'PUT', url, withAna({ ...draft.definition.ana, slug: 'mini-staff' }))).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'The draft\'s ana.slug must stay "mini-ana".' },
    })
    expect(await call(team, 'PUT', url, withAna({ ...draft.definition.ana, role: 'staff' }))).toEqual({
      status: 400,
      body: { error: 'bad_request', message: '"mini-ana" is answered by family, not "staff".' },
    })
    expect(await call(team, 'PUT', url, withAna({ ...draft.definition.ana, translations: { xx: 'draft' } }))).toEqual({
      status: 400,
      body: { error: 'bad_request', message: '"xx" is not one of the languages (en, es, hy, ko, zh-Hant, vi, tl, ru, fa, ar).' },
    })
    expect(await call(team, 'PUT', url, withAna({ ...draft.definition.ana, translations: { es: 'done' } }))).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'The translation status of es must be draft or reviewed, not "done".' },
    })
  })

  it('answers 404 for an unknown version, draft or school', async () => {
    expect(await call(team, 'POST', `/api/designer/${schoolId}/drafts`, { slug: 'mini-ana', version: 9 })).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'There is no published version 9 of "mini-ana".' },
    })
    expect(await call(team, 'GET', `/api/designer/${schoolId}/drafts/999999`)).toEqual({ status: 404, body: { error: 'not_found', message: 'There is no draft 999999 here.' } })
    expect(await call(admin, 'GET', '/api/designer/999999/drafts')).toEqual({ status: 404, body: { error: 'not_found', message: 'There is no school 999999.' } })
  })

  it("keeps a school's drafts to its own team (and district staff)", async () => {
    const draft = await startDraft(team)
    expect(await call(otherTeam, 'GET', `/api/designer/${schoolId}/drafts/${draft.id}`)).toEqual({
      status: 403,
      body: { error: 'forbidden', message: 'Your account can see only its own schools.' },
    })
    // The draft id of another school under one's own school is not found, never shown.
    expect(await call(otherTeam, 'GET', `/api/designer/${otherSchoolId}/drafts/${draft.id}`)).toEqual({
      status: 404,
      body: { error: 'not_found', message: `There is no draft ${draft.id} here.` },
    })
    expect((await call(analyst, 'GET', `/api/designer/${schoolId}/drafts/${draft.id}`)).status).toBe(200)
    expect(await call(team, 'GET', '/api/designer/district/drafts')).toEqual({
      status: 403,
      body: { error: 'forbidden', message: 'Your account can see only its own schools.' },
    })
  })
})

describe('publishing', () => {
  it("publishes a school's version as the next version, owned by the school, and audits it", async () => {
    const draft = await startDraft(team)
    const definition = structuredClone(draft.definition)
    definition.pages[0].elements.push(schoolItem)
    const saved = await call(team, 'PUT', `/api/designer/${schoolId}/drafts/${draft.id}`, { revision: 1, definition, translationHashes: null })
    expect(saved.body.defects).toEqual([])
    const published = await call(team, 'POST', `/api/designer/${schoolId}/drafts/${draft.id}/publish`, { revision: 2 })
    expect(published.status).toBe(201)
    expect(published.body).toMatchObject({ slug: 'mini-ana', ownerSchoolId: schoolId })
    const { version } = published.body
    expect(version).toBeGreaterThan(1)

    const served = await t.app.inject({ method: 'GET', url: `/api/instruments/mini-ana/versions/${version}` })
    expect(served.json().ana).toMatchObject({ slug: 'mini-ana', version, status: 'published' })
    expect(JSON.stringify(served.json())).toContain('school.laundry-truck')

    // The public list keeps offering the district template; the school's version is listed for the school only.
    const list = await t.app.inject({ method: 'GET', url: '/api/instruments' })
    expect(list.json().instruments.find((i: Json) => i.slug === 'mini-ana').version).toBe(1)
    const own = await call(team, 'GET', '/api/designer/versions')
    expect(own.body.versions).toContainEqual(expect.objectContaining({ slug: 'mini-ana', version, ownerSchoolId: schoolId }))
    const other = await call(otherTeam, 'GET', '/api/designer/versions')
    expect(other.body.versions.map((v: Json) => v.version)).not.toContain(version)

    const log = await t.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'instrument.publish').where('target', '=', `instrument:mini-ana/${version}`).execute()
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({ outcome: 'success', actor_id: (team as unknown as { id: number }).id })

    // Another school cannot start from it.
    expect(await call(otherTeam, 'POST', `/api/designer/${otherSchoolId}/drafts`, { slug: 'mini-ana', version })).toEqual({
      status: 403,
      body: { error: 'forbidden', message: `Version ${version} of "mini-ana" belongs to another school; start from a district template or your school's own version.` },
    })
    // The bank now holds the school's item for that school.
    const bank = await call(team, 'GET', '/api/designer/bank?q=laundry')
    expect(bank.body.items.map((i: Json) => i.itemId)).toEqual(['school.laundry-truck'])
  })

  it('refuses to publish a draft with problems, naming each', async () => {
    const draft = await startDraft(team)
    const definition = structuredClone(draft.definition)
    definition.pages[0].elements.push({ ...schoolItem, ana: { itemId: 'school.no-scores', domain: 'food-security', measures: 'need' } })
    await call(team, 'PUT', `/api/designer/${schoolId}/drafts/${draft.id}`, { revision: 1, definition, translationHashes: null })
    const res = await call(team, 'POST', `/api/designer/${schoolId}/drafts/${draft.id}/publish`, { revision: 2 })
    expect(res).toEqual({
      status: 400,
      body: {
        error: 'bad_request',
        message: 'The draft has 1 problem to fix before it can be published.',
        details: [{ file: `mini-ana draft ${draft.id}`, pointer: `/pages/0/elements/${definition.pages[0].elements.length - 1}/ana`, message: 'A scored question needs a score for each choice in ana.scores.' }],
      },
    })
  })

  it('refuses a reworded published item that keeps its itemId', async () => {
    const draft = await startDraft(team)
    const definition = structuredClone(draft.definition)
    definition.pages[0].elements[0].title.default = 'We often worried food would run out'
    await call(team, 'PUT', `/api/designer/${schoolId}/drafts/${draft.id}`, { revision: 1, definition, translationHashes: null })
    const res = await call(team, 'POST', `/api/designer/${schoolId}/drafts/${draft.id}/publish`, { revision: 2 })
    expect(res.status).toBe(400)
    expect(res.body.details).toEqual([
      {
        file: `mini-ana draft ${draft.id}`,
        pointer: '/pages/0/elements/0',
        message: 'The wording of "food.worry" differs from mini-ana version 1; a new wording needs a new itemId, so that comparisons never mix two questions.',
      },
    ])
  })

  it('refuses raw HTML from a school team (assertAuthorMayPublish)', async () => {
    const draft = await startDraft(team)
    const definition = structuredClone(draft.definition)
    definition.pages[0].elements[0].choices[0].text.es = '<b>A menudo</b>'
    await call(team, 'PUT', `/api/designer/${schoolId}/drafts/${draft.id}`, { revision: 1, definition, translationHashes: null })
    const res = await call(team, 'POST', `/api/designer/${schoolId}/drafts/${draft.id}/publish`, { revision: 2 })
    expect(res.status).toBe(400)
    expect(res.body.message).toBe(
      'Only a district admin may publish an instrument that carries raw HTML. Use plain text at /pages/0/elements/0/choices/0/text/es, or ask a district admin to publish it.',
    )
  })

  it("lets a team keep a template's own raw HTML unchanged, but not write its own", async () => {
    // A district admin publishes a template with a completion page in HTML.
    const district = await startDraft(admin, 'district')
    const withHtml = { ...district.definition, completedHtml: { default: '<h3>Thank you</h3>', es: '<h3>Gracias</h3>' } }
    await call(admin, 'PUT', `/api/designer/district/drafts/${district.id}`, { revision: 1, definition: withHtml, translationHashes: null })
    const template = await call(admin, 'POST', `/api/designer/district/drafts/${district.id}/publish`, { revision: 2 })
    expect(template.status).toBe(201)

    const res = await call(team, 'POST', `/api/designer/${schoolId}/drafts`, { slug: 'mini-ana', version: template.body.version })
    expect((await call(team, 'POST', `/api/designer/${schoolId}/drafts/${res.body.id}/publish`, { revision: 1 })).status).toBe(201)

    const changed = { ...res.body.definition, completedHtml: { default: '<h3>Thanks!</h3>', es: '<h3>Gracias</h3>' } }
    await call(team, 'PUT', `/api/designer/${schoolId}/drafts/${res.body.id}`, { revision: 1, definition: changed, translationHashes: null })
    expect(await call(team, 'POST', `/api/designer/${schoolId}/drafts/${res.body.id}/publish`, { revision: 2 })).toMatchObject({
      status: 400,
      body: { message: 'Only a district admin may publish an instrument that carries raw HTML. Use plain text at /completedHtml, or ask a district admin to publish it.' },
    })
  })

  it('refuses a stale revision with 409', async () => {
    const draft = await startDraft(team)
    expect(await call(team, 'POST', `/api/designer/${schoolId}/drafts/${draft.id}/publish`, { revision: 5 })).toEqual({
      status: 409,
      body: { error: 'conflict', message: 'The draft changed since you checked it (it is at revision 1, yours is 5); reload it before publishing.' },
    })
  })

  it('lets only a district admin publish a district template; an analyst changes nothing, a draft included', async () => {
    const ANALYSTS_READ = { status: 403, body: { error: 'forbidden', message: 'District analysts read results and change nothing; a district admin or a school team makes changes.' } }
    expect(await call(analyst, 'POST', '/api/designer/district/drafts', { slug: 'mini-ana', version: 1 })).toEqual(ANALYSTS_READ)
    const draft = await startDraft(admin, 'district')
    expect(await call(analyst, 'POST', `/api/designer/district/drafts/${draft.id}/publish`, { revision: 1 })).toEqual(ANALYSTS_READ)
    expect(await call(team, 'POST', `/api/designer/district/drafts/${draft.id}/publish`, { revision: 1 })).toEqual({
      status: 403,
      body: { error: 'forbidden', message: 'Your account can see only its own schools.' },
    })
    const res = await call(admin, 'POST', `/api/designer/district/drafts/${draft.id}/publish`, { revision: 1 })
    expect(res.status).toBe(201)
    expect(res.body.ownerSchoolId).toBeNull()
    const list = await t.app.inject({ method: 'GET', url: '/api/instruments' })
    expect(list.json().instruments.find((i: Json) => i.slug === 'mini-ana').version).toBe(res.body.version)
  })
})

describe('import', () => {
  it('imports a surveys/<slug>/<n>.json file as a draft', async () => {
    const file = (await t.app.inject({ method: 'GET', url: '/api/instruments/mini-ana/versions/1' })).json()
    const res = await call(team, 'POST', `/api/designer/${schoolId}/imports`, { file })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ slug: 'mini-ana', baseVersion: 1, ownerSchoolId: schoolId, defects: [] })
  })

  it('refuses a file with problems, listing them, and a file of an unknown instrument', async () => {
    const file = (await t.app.inject({ method: 'GET', url: '/api/instruments/mini-ana/versions/1' })).json()
    file.pages[0].elements[0].ana.domain = 'astrology'
    const res = await call(team, 'POST', `/api/designer/${schoolId}/imports`, { file })
    expect(res).toEqual({
      status: 400,
      body: {
        error: 'bad_request',
        message: 'The file has 1 problem (the checks of npm run surveys:check); nothing was imported.',
        details: [{ file: 'mini-ana/1.json', pointer: '/pages/0/elements/0/ana/domain', message: '"astrology" is not a domain in surveys/domains.json.' }],
      },
    })
    expect(await call(team, 'POST', `/api/designer/${schoolId}/imports`, { file: { ...file, ana: { ...file.ana, slug: 'nope' } } })).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'There is no instrument "nope"; a file can only come in as a new version of an existing instrument.' },
    })
    expect(await call(team, 'POST', `/api/designer/${schoolId}/imports`, { file: { ...file, pages: undefined } })).toEqual({
      status: 400,
      body: { error: 'bad_request', message: 'The definition has no pages.' },
    })
  })
})

describe('question bank', () => {
  it('finds scored items by domain and by text in any language, with protected areas flagged', async () => {
    const spanish = await call(team, 'GET', `/api/designer/bank?q=${encodeURIComponent('comida')}`)
    expect(spanish.status).toBe(200)
    expect(spanish.body.items.map((i: Json) => i.itemId)).toContain('food.worry')
    const byDomain = await call(team, 'GET', '/api/designer/bank?domain=food-security')
    expect(byDomain.body.items.every((i: Json) => i.domain === 'food-security')).toBe(true)
    const item = byDomain.body.items.find((i: Json) => i.itemId === 'food.worry')
    expect(item.question).toMatchObject({ name: 'food_worry', ana: { itemId: 'food.worry', scores: { often: 100 } } })
    expect(item.question.title.es).toBe('Nos preocupó que se acabara la comida')
    const all = await call(team, 'GET', '/api/designer/bank')
    for (const i of all.body.items) expect(i.protected === null).toBe(!['mental-health', 'housing', 'family-wellbeing'].includes(i.domain))
  })

  it('needs a sign-in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/designer/bank' })
    expect(res.statusCode).toBe(401)
  })
})
