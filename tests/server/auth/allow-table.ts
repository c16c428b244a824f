import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Access } from '../../../server/plugins/access'
import { toXlsForm } from '../../../server/designer/xlsform'
import { TEST_PASSWORD } from '../../helpers/auth'

/** What a route-level check needs to call a route for real. */
export interface Context {
  /** The school the "own school" team member belongs to; the "other school" member belongs to another one. */
  schoolId: number
  administrationId: number
  code: string
  /** A throwaway account the admin routes act on. */
  targetUserId: number
  signIn: { email: string; password: string }
  /** A new administration of the own school that opens in a few days (lifecycle routes change what they touch). */
  scheduled: () => Promise<{ id: number; code: string }>
  /** A designer draft of the school's, started from mini-ana version 1. */
  draftId: number
}

export interface RouteCheck {
  access: Access
  /** The status when the caller is allowed. */
  ok: number
  request: (ctx: Context) => { url: string; payload?: unknown } | Promise<{ url: string; payload?: unknown }>
  /** Where the route itself refuses someone its access level lets in (the object-level rule), what they get. */
  refusals?: Partial<Record<'teamOwnSchool' | 'teamOtherSchool' | 'analyst', { status: number; message: string | RegExp }>>
}

export const ANALYSTS_READ = { status: 403, message: 'District analysts read results and change nothing; a district admin or a school team makes changes.' }
const NOT_THEIRS = { status: 404, message: /^No administration with id \d+\.$/ }
/** Lifecycle routes on a fresh administration of the own school: a team of another school does not see it. */
const runs = { analyst: ANALYSTS_READ, teamOtherSchool: NOT_THEIRS }
const scheduled = (path: string, payload?: unknown) => async (c: Context) => ({ url: `/api/administrations/${(await c.scheduled()).id}${path}`, payload })

const miniAna = () => JSON.parse(readFileSync(new URL('../../fixtures/surveys/mini-ana/1.json', import.meta.url), 'utf8'))
const miniAnaDraft = () => ({ ...miniAna(), ana: { ...miniAna().ana, status: 'draft' } })

const get = (url: string | ((ctx: Context) => string)) => (ctx: Context) => ({ url: typeof url === 'string' ? url : url(ctx) })

/**
 * Every route the server registers, who may call it, and what it answers when allowed. HEAD routes follow their
 * GET. The access-control test fails when a route is added without a row here, or declares other access.
 */
export const ALLOW_TABLE: Record<string, RouteCheck> = {
  // Anyone: the built client, API docs, health
  'GET /': { access: 'public', ok: 302, request: get('/') },
  'GET /s': { access: 'public', ok: 200, request: get('/s') },
  'GET /k': { access: 'public', ok: 200, request: get('/k') },
  'GET /s/:code': { access: 'public', ok: 200, request: get((c) => `/s/${c.code}`) },
  'GET /k/:code': { access: 'public', ok: 200, request: get((c) => `/k/${c.code}`) },
  'GET /admin': { access: 'public', ok: 200, request: get('/admin') },
  'GET /admin/*': { access: 'public', ok: 200, request: get('/admin/district') },
  'GET /*': { access: 'public', ok: 200, request: get('/runner.html') },
  'GET /docs': { access: 'public', ok: 200, request: get('/docs') },
  'HEAD /docs/': { access: 'public', ok: 200, request: get('/docs/') },
  'GET /docs/static/index.html': { access: 'public', ok: 302, request: get('/docs/static/index.html') },
  'GET /docs/static/swagger-initializer.js': { access: 'public', ok: 200, request: get('/docs/static/swagger-initializer.js') },
  'GET /docs/json': { access: 'public', ok: 200, request: get('/docs/json') },
  'GET /docs/yaml': { access: 'public', ok: 200, request: get('/docs/yaml') },
  'GET /docs/static/*': { access: 'public', ok: 200, request: get('/docs/static/swagger-ui.css') },
  'GET /api/health': { access: 'public', ok: 200, request: get('/api/health') },
  // A respondent's receipt, looked up by a district admin (a family asks whether its answers arrived).
  'GET /api/receipts/:receipt': { access: 'admin', ok: 200, request: get('/api/receipts/4F7K-92QD') },
  'GET /metrics': { access: 'admin', ok: 200, request: get('/metrics') },

  // Respondents: an access code, the definitions it offers, and intake
  'GET /api/access/:code': { access: 'public', ok: 200, request: get((c) => `/api/access/${c.code}`) },
  'GET /api/instruments': { access: 'public', ok: 200, request: get('/api/instruments') },
  'GET /api/instruments/:slug/versions/:version': { access: 'public', ok: 200, request: get('/api/instruments/mini-ana/versions/1') },
  'POST /api/responses': {
    access: 'public',
    ok: 201,
    request: (c) => ({ url: '/api/responses', payload: { id: randomUUID(), code: c.code, slug: 'mini-ana', version: 1, locale: 'en', channel: 'phone', answers: { food_worry: 'never' } } }),
  },
  'POST /api/auth/login': { access: 'public', ok: 200, request: (c) => ({ url: '/api/auth/login', payload: c.signIn }) },
  'GET /api/auth/options': { access: 'public', ok: 200, request: get('/api/auth/options') },
  // This app has no OIDC_ISSUER: 404 past the access check (tests/server/auth/oidc.test.ts signs in through a real provider)
  'GET /api/auth/oidc/start': { access: 'public', ok: 404, request: get('/api/auth/oidc/start') },
  'GET /api/auth/oidc/callback': { access: 'public', ok: 404, request: get('/api/auth/oidc/callback?state=x&code=y') },
  // An unknown link is a 404 past the access check (tests/server/auth/password-links.test.ts uses real ones)
  'POST /api/auth/password-link/check': { access: 'public', ok: 404, request: () => ({ url: '/api/auth/password-link/check', payload: { token: 'not-a-link' } }) },
  'POST /api/auth/password-link': { access: 'public', ok: 404, request: () => ({ url: '/api/auth/password-link', payload: { token: 'not-a-link', password: 'twelve chars or more' } }) },
  'GET /api/setup': { access: 'public', ok: 200, request: get('/api/setup') },
  // Admins exist here: the first-run page refuses (tests/server/auth/setup.test.ts creates a first admin)
  'POST /api/setup': { access: 'public', ok: 409, request: () => ({ url: '/api/setup', payload: { email: 'first@test.example', password: 'twelve chars or more' } }) },

  // Anyone signed in, an account with no role yet too
  'GET /api/auth/me': { access: 'account', ok: 200, request: get('/api/auth/me') },
  'POST /api/auth/logout': { access: 'account', ok: 204, request: () => ({ url: '/api/auth/logout' }) },
  'GET /api/tokens': { access: 'account', ok: 200, request: get('/api/tokens') },
  'POST /api/tokens': { access: 'account', ok: 201, request: () => ({ url: '/api/tokens', payload: { name: 'allow-table' } }) },
  // Someone else's token, or none: 404 for everyone let in (tests/server/auth/api-tokens.test.ts revokes real ones).
  'DELETE /api/tokens/:id': { access: 'account', ok: 404, request: () => ({ url: '/api/tokens/999999' }) },
  'POST /api/auth/password': { access: 'account', ok: 204, request: () => ({ url: '/api/auth/password', payload: { currentPassword: TEST_PASSWORD, newPassword: 'a new password of my own' } }) },

  // Any staff member
  'GET /api/schools': { access: 'staff', ok: 200, request: get('/api/schools') },
  'GET /api/schools/template': { access: 'staff', ok: 200, request: get('/api/schools/template') },
  'GET /api/administrations': { access: 'staff', ok: 200, request: get('/api/administrations') },
  'POST /api/administrations': {
    access: 'staff',
    ok: 201,
    refusals: { analyst: ANALYSTS_READ, teamOtherSchool: { status: 403, message: 'Your account can run administrations only for its own schools.' } },
    request: (c) => ({
      url: '/api/administrations',
      payload: { name: 'Spring check-in', opensAt: '2099-03-01T08:00', closesAt: '2099-03-31T17:00', mode: 'both', instruments: [{ slug: 'mini-ana', version: 1 }], schoolIds: [c.schoolId] },
    }),
  },
  'GET /api/administrations/:id': { access: 'staff', ok: 200, request: get((c) => `/api/administrations/${c.administrationId}`) },
  'GET /api/administrations/:id/rates': { access: 'staff', ok: 200, request: get((c) => `/api/administrations/${c.administrationId}/rates`) },
  'GET /api/administrations/:id/schools/:schoolId/qr': {
    access: 'staff',
    ok: 200,
    refusals: { analyst: { status: 403, message: 'District analysts read results; access codes and their QR codes are for those who run administrations.' }, teamOtherSchool: { status: 403, message: 'Your account can see only its own schools.' } },
    request: get((c) => `/api/administrations/${c.administrationId}/schools/${c.schoolId}/qr`),
  },
  'PATCH /api/administrations/:id': { access: 'staff', ok: 200, refusals: runs, request: scheduled('', { name: 'Renamed' }) },
  'POST /api/administrations/:id/open': { access: 'staff', ok: 200, refusals: runs, request: scheduled('/open') },
  'POST /api/administrations/:id/extend': { access: 'staff', ok: 200, refusals: runs, request: scheduled('/extend', { closesAt: '2099-12-31T23:59' }) },
  'POST /api/administrations/:id/close': { access: 'staff', ok: 200, refusals: runs, request: scheduled('/close') },
  'POST /api/administrations/:id/schools/:schoolId/codes': {
    access: 'staff',
    ok: 201,
    refusals: runs,
    request: async (c) => ({ url: `/api/administrations/${(await c.scheduled()).id}/schools/${c.schoolId}/codes` }),
  },
  'POST /api/administrations/:id/schools/:schoolId/codes/:code/revoke': {
    access: 'staff',
    ok: 204,
    refusals: runs,
    request: async (c) => {
      const fresh = await c.scheduled()
      return { url: `/api/administrations/${fresh.id}/schools/${c.schoolId}/codes/${fresh.code}/revoke` }
    },
  },
  'PUT /api/administrations/:id/schools/:schoolId/instruments/:role': {
    access: 'staff',
    ok: 200,
    refusals: runs,
    request: async (c) => ({ url: `/api/administrations/${(await c.scheduled()).id}/schools/${c.schoolId}/instruments/family`, payload: { slug: 'mini-ana', version: 1 } }),
  },
  'DELETE /api/administrations/:id/schools/:schoolId/instruments/:role': {
    access: 'staff',
    ok: 200,
    refusals: runs,
    request: async (c) => ({ url: `/api/administrations/${(await c.scheduled()).id}/schools/${c.schoolId}/instruments/family` }),
  },
  'GET /api/designer/versions': { access: 'staff', ok: 200, request: get('/api/designer/versions') },
  'GET /api/designer/bank': { access: 'staff', ok: 200, request: get('/api/designer/bank?q=food') },

  // A school's own team, and district staff
  'GET /api/district/crosstab': { access: 'district', ok: 200, request: get((c) => `/api/district/crosstab?administration=${c.administrationId}&kind=grade-band&measure=need`) },
  'GET /api/schools/:id/crosstab': { access: 'school', ok: 200, request: get((c) => `/api/schools/${c.schoolId}/crosstab?administration=${c.administrationId}&kind=grade-band&measure=need`) },
  'GET /api/schools/:id/profile': { access: 'school', ok: 200, request: get((c) => `/api/schools/${c.schoolId}/profile?administration=${c.administrationId}`) },
  // The designer: a school's drafts (":id" is the school), or the district's templates (":id" is "district")
  'GET /api/designer/:id/drafts': { access: 'school', ok: 200, request: get((c) => `/api/designer/${c.schoolId}/drafts`) },
  'POST /api/designer/:id/drafts': { access: 'school', ok: 201, request: (c) => ({ url: `/api/designer/${c.schoolId}/drafts`, payload: { slug: 'mini-ana', version: 1 } }) },
  'POST /api/designer/:id/imports': { access: 'school', ok: 201, request: (c) => ({ url: `/api/designer/${c.schoolId}/imports`, payload: { file: miniAna() } }) },
  'POST /api/designer/:id/imports/xlsform': {
    access: 'school',
    ok: 201,
    request: async (c) => ({ url: `/api/designer/${c.schoolId}/imports/xlsform`, payload: { file: (await toXlsForm(miniAna())).toString('base64') } }),
  },
  'GET /api/designer/versions/:slug/:version/xlsform': { access: 'staff', ok: 200, request: get('/api/designer/versions/mini-ana/1/xlsform') },
  'GET /api/designer/:id/drafts/:draftId': { access: 'school', ok: 200, request: get((c) => `/api/designer/${c.schoolId}/drafts/${c.draftId}`) },
  // Saving the stored content again changes nothing, so every allowed caller gets 200 from the same revision.
  'PUT /api/designer/:id/drafts/:draftId': {
    access: 'school',
    ok: 200,
    request: (c) => ({ url: `/api/designer/${c.schoolId}/drafts/${c.draftId}`, payload: { revision: 1, definition: miniAnaDraft(), translationHashes: null } }),
  },
  'POST /api/designer/:id/drafts/:draftId/publish': {
    access: 'school',
    ok: 201,
    request: (c) => ({ url: `/api/designer/${c.schoolId}/drafts/${c.draftId}/publish`, payload: { revision: 1 } }),
  },
  'GET /api/exports/schools/:id/profile': { access: 'school', ok: 200, request: get((c) => `/api/exports/schools/${c.schoolId}/profile?administration=${c.administrationId}&format=csv`) },

  // District analysts and admins
  'GET /api/district/compare': { access: 'district', ok: 200, request: get((c) => `/api/district/compare?administration=${c.administrationId}`) },
  'GET /api/exports/district-comparison': { access: 'district', ok: 200, request: get((c) => `/api/exports/district-comparison?administration=${c.administrationId}&format=csv`) },
  'GET /api/administrations/:id/releases': { access: 'district', ok: 200, request: get((c) => `/api/administrations/${c.administrationId}/releases`) },
  'GET /api/exports/responses': { access: 'district', ok: 200, request: get((c) => `/api/exports/responses?administration=${c.administrationId}&format=csv`) },
  'GET /api/exports/codebook': { access: 'district', ok: 200, request: get((c) => `/api/exports/codebook?administration=${c.administrationId}&format=csv`) },
  'GET /api/administrations/:id/codebook': { access: 'district', ok: 200, request: get((c) => `/api/administrations/${c.administrationId}/codebook`) },
  'GET /api/exports/r-script': { access: 'district', ok: 200, request: get((c) => `/api/exports/r-script?administration=${c.administrationId}`) },
  'GET /api/exports/spss-syntax': { access: 'district', ok: 200, request: get((c) => `/api/exports/spss-syntax?administration=${c.administrationId}`) },
  'GET /api/exports/stata-do': { access: 'district', ok: 200, request: get((c) => `/api/exports/stata-do?administration=${c.administrationId}`) },

  // District admins
  'GET /api/users': { access: 'admin', ok: 200, request: get('/api/users') },
  'POST /api/users': {
    access: 'admin',
    ok: 201,
    request: () => ({ url: '/api/users', payload: { email: `new-${randomUUID()}@test.example`, password: 'twelve chars or more', role: 'district-analyst' } }),
  },
  'PATCH /api/users/:id': { access: 'admin', ok: 204, request: (c) => ({ url: `/api/users/${c.targetUserId}`, payload: { disabled: false } }) },
  'POST /api/users/:id/end-sessions': { access: 'admin', ok: 200, request: (c) => ({ url: `/api/users/${c.targetUserId}/end-sessions` }) },
  'POST /api/sessions/end-all': { access: 'admin', ok: 200, request: () => ({ url: '/api/sessions/end-all' }) },
  'POST /api/users/:id/password-link': { access: 'admin', ok: 201, request: (c) => ({ url: `/api/users/${c.targetUserId}/password-link` }) },
  'GET /api/sign-in-settings': { access: 'admin', ok: 200, request: get('/api/sign-in-settings') },
  'PUT /api/sign-in-settings': { access: 'admin', ok: 200, request: () => ({ url: '/api/sign-in-settings', payload: { passwords: true, openDomains: [] } }) },
  'GET /api/audit': { access: 'admin', ok: 200, request: get('/api/audit') },
  // A cut of an administration not yet open takes nothing in: 200 with no release
  'POST /api/administrations/:id/releases': { access: 'admin', ok: 200, request: scheduled('/releases') },
  // Review holds: deciding an unknown one is a 404 past the access check (tests/server/analytics/review-holds.test.ts decides real ones)
  'GET /api/holds': { access: 'admin', ok: 200, request: get('/api/holds?status=held') },
  'POST /api/holds/:holdId/approve': { access: 'admin', ok: 404, request: () => ({ url: '/api/holds/999999/approve' }) },
  'POST /api/holds/:holdId/set-aside': { access: 'admin', ok: 404, request: () => ({ url: '/api/holds/999999/set-aside' }) },

  // Asset map: the partner inventory and the gaps (service ids that do not exist answer 404 once access is granted)
  'GET /api/partners': { access: 'staff', ok: 200, request: get('/api/partners') },
  'GET /api/partners/template': { access: 'staff', ok: 200, request: get('/api/partners/template') },
  'GET /api/exports/partners': { access: 'staff', ok: 200, request: get('/api/exports/partners') },
  'POST /api/partners/import': {
    access: 'admin',
    ok: 200,
    request: () => ({
      url: '/api/partners/import',
      payload: { csv: `organization,organization_type,service,domains,schools,delivery,hours,languages,capacity,active_from,active_until\nOrg ${randomUUID()},clinic,Dental van,dental-vision,,mobile-visit,,,,,\n` },
    }),
  },
  // The schools directory (district admins change it)
  'POST /api/schools': { access: 'admin', ok: 201, request: () => ({ url: '/api/schools', payload: { code: `S-${randomUUID().slice(0, 8)}`, name: 'Allow-table Elementary', grades: 'K-5' } }) },
  'PATCH /api/schools/:id': { access: 'admin', ok: 404, request: () => ({ url: '/api/schools/999999', payload: { region: 'North' } }) },
  'POST /api/schools/:id/archive': { access: 'admin', ok: 404, request: () => ({ url: '/api/schools/999999/archive' }) },
  'POST /api/schools/:id/restore': { access: 'admin', ok: 404, request: () => ({ url: '/api/schools/999999/restore' }) },
  'DELETE /api/schools/:id': { access: 'admin', ok: 404, request: () => ({ url: '/api/schools/999999' }) },
  'POST /api/schools/import': {
    access: 'admin',
    ok: 200,
    request: () => ({ url: '/api/schools/import?preview=true', payload: { file: Buffer.from(`code,name,grades\nS-${randomUUID().slice(0, 8)},Preview Elementary,K-5\n`).toString('base64') } }),
  },
  'POST /api/partners/organizations': { access: 'admin', ok: 201, request: () => ({ url: '/api/partners/organizations', payload: { name: `Org ${randomUUID()}`, type: 'nonprofit' } }) },
  'PATCH /api/partners/organizations/:organizationId': { access: 'admin', ok: 404, request: () => ({ url: '/api/partners/organizations/999999', payload: { type: 'clinic' } }) },
  'DELETE /api/partners/organizations/:organizationId': { access: 'admin', ok: 404, request: () => ({ url: '/api/partners/organizations/999999' }) },
  'DELETE /api/partners/services/:serviceId': { access: 'admin', ok: 404, request: () => ({ url: '/api/partners/services/999999' }) },
  'POST /api/schools/:id/services': {
    access: 'school',
    ok: 201,
    request: (c) => ({
      url: `/api/schools/${c.schoolId}/services`,
      payload: { organization: { name: `Org ${randomUUID()}`, type: 'clinic' }, name: 'Dental van', domains: ['dental-vision'], delivery: 'mobile-visit' },
    }),
  },
  'PATCH /api/schools/:id/services/:serviceId': { access: 'school', ok: 404, request: (c) => ({ url: `/api/schools/${c.schoolId}/services/999999`, payload: { hours: 'Mondays' } }) },
  'PUT /api/schools/:id/services/:serviceId': { access: 'school', ok: 404, request: (c) => ({ url: `/api/schools/${c.schoolId}/services/999999` }) },
  'DELETE /api/schools/:id/services/:serviceId': { access: 'school', ok: 404, request: (c) => ({ url: `/api/schools/${c.schoolId}/services/999999` }) },
  'GET /api/schools/:id/gaps': { access: 'school', ok: 200, request: get((c) => `/api/schools/${c.schoolId}/gaps?administration=${c.administrationId}`) },
  'GET /api/district/gaps': { access: 'district', ok: 200, request: get((c) => `/api/district/gaps?administration=${c.administrationId}`) },
  'GET /api/exports/gaps': { access: 'district', ok: 200, request: get((c) => `/api/exports/gaps?administration=${c.administrationId}`) },
}
