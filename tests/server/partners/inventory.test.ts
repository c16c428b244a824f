import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn, type StaffHeaders } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

let t: TestApp
let admin: StaffHeaders
let analyst: StaffHeaders
let team: StaffHeaders
let schools: { id: number; name: string }[]
let codes: string[]

const HEADER = 'organization,organization_type,service,domains,schools,delivery,hours,languages,capacity,active_from,active_until'

beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
  const opened = await openAdministration(t.app.db, { schools: 3, instruments: [{ slug: 'mini-ana', version: 1 }] })
  schools = opened.schools
  codes = (await t.app.db.selectFrom('schools').select(['id', 'code']).orderBy('id').execute()).map((s) => s.code)
  admin = await signIn(t.app, 'district-admin')
  analyst = await signIn(t.app, 'district-analyst')
  team = await signIn(t.app, 'school-team', [schools[0].id])
})
afterAll(() => t.close())

const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, headers: StaffHeaders, payload?: object) =>
  t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) })
const inventory = async () => (await call('GET', '/api/partners', admin)).json().organizations as { id: number; name: string; type: string; services: any[] }[]
const auditActions = async () => (await t.app.db.selectFrom('audit_log').select(['action', 'outcome']).orderBy('id').execute()).map((r) => `${r.action}:${r.outcome}`)

describe('the partner inventory', () => {
  it('creates, changes, links, ends and deletes a service and its organization, auditing each change', async () => {
    const org = await call('POST', '/api/partners/organizations', admin, { name: 'Eastside Dental', type: 'clinic' })
    expect(org.statusCode).toBe(201)
    const organizationId = org.json().id

    const created = await call('POST', `/api/schools/${schools[0].id}/services`, admin, {
      organizationId,
      name: 'Dental van',
      domains: ['dental-vision'],
      delivery: 'mobile-visit',
      hours: 'Tuesdays',
      languages: ['en', 'es'],
      capacity: 40,
      activeFrom: '2026-01-01',
    })
    expect(created.statusCode).toBe(201)
    const service = created.json()
    expect(service).toMatchObject({ organizationId, name: 'Dental van', domains: ['dental-vision'], delivery: 'mobile-visit', capacity: 40, activeFrom: '2026-01-01', activeUntil: null, active: true, schoolIds: [schools[0].id], editable: true })

    expect((await call('PUT', `/api/schools/${schools[1].id}/services/${service.id}`, admin)).statusCode).toBe(204)
    const changed = await call('PATCH', `/api/schools/${schools[0].id}/services/${service.id}`, admin, { activeUntil: '2026-02-01', hours: 'Fridays' })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({ hours: 'Fridays', activeUntil: '2026-02-01', active: false, schoolIds: [schools[0].id, schools[1].id] })

    expect((await call('DELETE', `/api/schools/${schools[1].id}/services/${service.id}`, admin)).statusCode).toBe(204)
    expect((await inventory()).find((o) => o.id === organizationId)!.services[0].schoolIds).toEqual([schools[0].id])

    expect((await call('PATCH', `/api/partners/organizations/${organizationId}`, admin, { name: 'Eastside Community Dental' })).json()).toEqual({ id: organizationId, name: 'Eastside Community Dental', type: 'clinic' })
    expect((await call('DELETE', `/api/partners/services/${service.id}`, admin)).statusCode).toBe(204)
    expect((await call('DELETE', `/api/partners/organizations/${organizationId}`, admin)).statusCode).toBe(204)
    expect((await inventory()).find((o) => o.id === organizationId)).toBeUndefined()

    expect(await auditActions()).toEqual(
      expect.arrayContaining([
        'partner.organization.create:success',
        'partner.service.create:success',
        'partner.service.link:success',
        'partner.service.update:success',
        'partner.service.unlink:success',
        'partner.organization.update:success',
        'partner.service.delete:success',
        'partner.organization.delete:success',
      ]),
    )
  })

  it('refuses bad input with a message a person can act on', async () => {
    const base = { organization: { name: 'Bad Input Org', type: 'nonprofit' }, name: 'X', domains: ['dental-vision'], delivery: 'on-site' }
    const cases: [object, number, string][] = [
      [{ ...base, domains: ['teeth'] }, 400, 'Unknown domain "teeth".'],
      [{ ...base, activeFrom: '2026-05-01', activeUntil: '2026-04-01' }, 400, 'The service ends (activeUntil) before it starts (activeFrom).'],
      [{ ...base, organizationId: 1 }, 400, 'Choose an existing organization (organizationId) or name a new one (organization), not both.'],
      [{ name: 'X', domains: ['dental-vision'], delivery: 'on-site', organizationId: 999999 }, 400, 'There is no organization 999999.'],
      [{ ...base, schoolIds: [999999] }, 400, 'There is no school 999999.'],
    ]
    for (const [payload, status, message] of cases) {
      const res = await call('POST', `/api/schools/${schools[0].id}/services`, admin, payload)
      expect({ status: res.statusCode, message: res.json().message }).toEqual({ status, message })
    }
    expect((await call('POST', '/api/partners/organizations', admin, { name: 'Dup', type: 'clinic' })).statusCode).toBe(201)
    const dup = await call('POST', '/api/partners/organizations', admin, { name: 'dup', type: 'nonprofit' })
    expect({ status: dup.statusCode, message: dup.json().message }).toEqual({ status: 409, message: 'An organization named "dup" exists already.' })
    const missing = await call('PATCH', `/api/schools/${schools[0].id}/services/999999`, admin, { hours: 'x' })
    expect({ status: missing.statusCode, message: missing.json().message }).toEqual({ status: 404, message: 'There is no service 999999.' })
  })
})

describe('who may change what', () => {
  it('lets a school team add a service at its own school, under a new organization, and change it', async () => {
    const res = await call('POST', `/api/schools/${schools[0].id}/services`, team, { organization: { name: 'Parish Pantry', type: 'nonprofit' }, name: 'Friday food bags', domains: ['food-security'], delivery: 'on-site' })
    expect(res.statusCode).toBe(201)
    const changed = await call('PATCH', `/api/schools/${schools[0].id}/services/${res.json().id}`, team, { hours: 'Fridays 14:00' })
    expect(changed.statusCode).toBe(200)
  })

  it("refuses a school team another school, a shared service's fields and the organizations, with exact 403 messages", async () => {
    const other = await call('POST', `/api/schools/${schools[1].id}/services`, team, { organization: { name: 'Elsewhere', type: 'nonprofit' }, name: 'S', domains: ['food-security'], delivery: 'on-site' })
    expect({ status: other.statusCode, message: other.json().message }).toEqual({ status: 403, message: 'Your account can see only its own schools.' })

    const alsoOther = await call('POST', `/api/schools/${schools[0].id}/services`, team, { organization: { name: 'Reaching Out', type: 'nonprofit' }, name: 'S', domains: ['food-security'], delivery: 'on-site', schoolIds: [schools[1].id] })
    expect({ status: alsoOther.statusCode, message: alsoOther.json().message }).toEqual({ status: 403, message: 'Your account can see only its own schools.' })

    const shared = (await call('POST', `/api/schools/${schools[0].id}/services`, admin, { organization: { name: 'County Health', type: 'county-agency' }, name: 'Vision screening', domains: ['dental-vision'], delivery: 'mobile-visit', schoolIds: [schools[1].id] })).json()
    expect(shared.schoolIds).toEqual([schools[0].id, schools[1].id])
    const edit = await call('PATCH', `/api/schools/${schools[0].id}/services/${shared.id}`, team, { hours: 'Mondays' })
    expect({ status: edit.statusCode, message: edit.json().message }).toEqual({ status: 403, message: 'This service also serves schools outside your account; only a district admin can change it.' })
    const seen = (await call('GET', '/api/partners', team)).json().organizations.flatMap((o: { services: { id: number; editable: boolean }[] }) => o.services)
    expect(seen.find((s: { id: number }) => s.id === shared.id).editable).toBe(false)
    // Its own school's link to the shared service is the team's to make or undo.
    expect((await call('DELETE', `/api/schools/${schools[0].id}/services/${shared.id}`, team)).statusCode).toBe(204)
    expect((await call('PUT', `/api/schools/${schools[0].id}/services/${shared.id}`, team)).statusCode).toBe(204)

    for (const [method, url, payload] of [
      ['POST', '/api/partners/organizations', { name: 'Mine', type: 'clinic' }],
      ['PATCH', `/api/partners/organizations/${shared.organizationId}`, { name: 'Renamed' }],
      ['DELETE', `/api/partners/services/${shared.id}`, undefined],
      ['POST', '/api/partners/import', { csv: `${HEADER}\n` }],
    ] as const) {
      const res = await call(method, url, team, payload)
      expect({ url, status: res.statusCode, message: res.json().message }).toEqual({ url, status: 403, message: 'Only a district admin can do this.' })
    }
    // District analysts read the inventory and change nothing.
    const byAnalyst = await call('PATCH', `/api/schools/${schools[0].id}/services/${shared.id}`, analyst, { hours: 'Mondays' })
    expect({ status: byAnalyst.statusCode, message: byAnalyst.json().message }).toEqual({ status: 403, message: 'District analysts read results and change nothing; a district admin or a school team makes changes.' })
    expect((await call('PATCH', `/api/partners/organizations/${shared.organizationId}`, analyst, { name: 'Renamed' })).statusCode).toBe(403)
  })
})

describe('CSV import and export', () => {
  it('offers a template that imports as it is', async () => {
    const template = await call('GET', '/api/partners/template', admin)
    expect(template.statusCode).toBe(200)
    expect(template.headers['content-type']).toMatch(/^text\/csv/)
    expect(template.body.split('\n')[0]).toBe(HEADER)
    const preview = await call('POST', '/api/partners/import?preview=true', admin, { csv: template.body })
    expect(preview.statusCode).toBe(200)
    expect(preview.json().rows.map((r: { serviceAction: string }) => r.serviceAction)).toEqual(['create', 'create'])
  })

  it('reports a bad row with its line number and imports nothing at all', async () => {
    const before = await inventory()
    const csv = [
      HEADER,
      `Good Org,nonprofit,Good service,food-security,${codes[0]},on-site,,,,,`,
      `Another Org,clinic,Fine,dental-vision,${codes[1]};${codes[2]},referral,,en;es,12,2026-01-01,`,
      `Bad Org,clinic,Bad service,teeth,${codes[0]},on-site,,,,,`,
      `Worse Org,church,Worse,food-security,NOPE,by-bus,,,-3,2026-13-01,`,
    ].join('\n')
    const res = await call('POST', '/api/partners/import', admin, { csv })
    expect(res.statusCode).toBe(400)
    expect(res.json().message).toBe('6 problems; the first is on line 4: Unknown domain "teeth". Nothing was imported.')
    expect(res.json().details).toEqual([
      { line: 4, message: 'Unknown domain "teeth".' },
      { line: 5, message: 'The organization type "church" is not one of county-agency, nonprofit, clinic, district-program, business, university.' },
      { line: 5, message: 'Unknown school code "NOPE".' },
      { line: 5, message: 'The delivery "by-bus" is not one of on-site, mobile-visit, referral, virtual.' },
      { line: 5, message: 'The capacity "-3" is not a whole number from 0 to 1000000 (leave it empty when unknown).' },
      { line: 5, message: 'The active_from "2026-13-01" is not a date written YYYY-MM-DD.' },
    ])
    expect(await inventory()).toEqual(before)
    expect(await auditActions()).toContain('partner.import:failure')
  })

  it('names the line of a single problem, a short row, a repeated row and a missing column', async () => {
    const cases: [string, string][] = [
      [`${HEADER}\nA,clinic,S,food-security,,on-site,,,,,\nB,clinic,S,food-security,,on-site`, 'Line 3: The row has a different number of cells than the header. Nothing was imported.'],
      [`${HEADER}\nA,clinic,S,food-security,,on-site,,,,,\na,clinic,s,food-security,,on-site,,,,,`, 'Line 3: The same organization and service are on line 2 already. Nothing was imported.'],
      ['organization,service\nA,S', 'Line 1: The header lacks the columns organization_type, domains, schools, delivery, hours, languages, capacity, active_from, active_until. Start from the template. Nothing was imported.'],
      [`${HEADER}\n`, 'Line 1: The file has no rows under its header. Nothing was imported.'],
      [`${HEADER}\nA,clinic,S,food-security,,on-site,,,,2026-06-01,2026-05-01`, 'Line 2: The service ends (active_until) before it starts (active_from). Nothing was imported.'],
    ]
    for (const [csv, message] of cases) {
      const res = await call('POST', '/api/partners/import', admin, { csv })
      expect({ status: res.statusCode, message: res.json().message }).toEqual({ status: 400, message })
    }
  })

  it('imports in one go, matching organizations by name and services by organization and name, and exports the same rows back', async () => {
    const csv = [HEADER, `Import Clinic,clinic,School-based clinic,basic-needs;dental-vision,${codes[0]};${codes[1]},on-site,Mon-Fri 8-4,en;es,200,2026-01-01,`, `Import Clinic,clinic,Telehealth,attendance,${codes[2]},virtual,,,,,`].join('\n')
    const preview = await call('POST', '/api/partners/import?preview=true', admin, { csv })
    expect(preview.json().rows).toEqual([
      { line: 2, organization: 'Import Clinic', organizationAction: 'create', service: 'School-based clinic', serviceAction: 'create', schools: 2 },
      { line: 3, organization: 'Import Clinic', organizationAction: 'keep', service: 'Telehealth', serviceAction: 'create', schools: 1 },
    ])
    expect((await inventory()).find((o) => o.name === 'Import Clinic')).toBeUndefined()
    expect((await call('POST', '/api/partners/import', admin, { csv })).json().preview).toBe(false)
    const org = (await inventory()).find((o) => o.name === 'Import Clinic')!
    expect(org.services.map((s) => [s.name, s.schoolIds.length])).toEqual([
      ['School-based clinic', 2],
      ['Telehealth', 1],
    ])
    // Again, with one school less: the service is updated, not duplicated.
    const again = await call('POST', '/api/partners/import', admin, { csv: csv.replace(`${codes[0]};${codes[1]}`, codes[0]) })
    expect(again.json().rows.map((r: { serviceAction: string }) => r.serviceAction)).toEqual(['update', 'update'])
    expect((await inventory()).find((o) => o.name === 'Import Clinic')!.services[0].schoolIds).toEqual([schools[0].id])

    const exported = await call('GET', '/api/exports/partners', admin)
    expect(exported.body).toContain(`Import Clinic,clinic,School-based clinic,basic-needs;dental-vision,${codes[0]},on-site,Mon-Fri 8-4,en;es,200,2026-01-01,`)
    const roundTrip = await call('POST', '/api/partners/import?preview=true', admin, { csv: exported.body })
    expect(roundTrip.statusCode).toBe(200)
    expect(roundTrip.json().rows.every((r: { serviceAction: string }) => r.serviceAction === 'update')).toBe(true)
  })
})
