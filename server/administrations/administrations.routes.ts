import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import QRCode from 'qrcode'
import { errorResponses, IdSchema, RoleSchema, StringEnum } from '../schemas'
import {
  AdministrationChangeSchema,
  AdministrationDetailSchema,
  AdministrationInputSchema,
  AdministrationListSchema,
  AdministrationParamsSchema,
  AdministrationSchoolParamsSchema,
  ExtendSchema,
  NewCodeSchema,
  OfferSchema,
} from './administrations.schemas'
import { Forbidden, NotFound } from '../errors'
import {
  administrationDetail,
  changeAdministration,
  chooseSchoolVersion,
  closeNow,
  createAdministration,
  extend,
  listForUser,
  openNow,
  replaceCode,
  revokeCode,
  type AdministrationDetail,
} from './administrations.service'
import { administrationCodes } from './administrations.repository'
import { isLocalUrl } from '../public-url'

/** Codes open the survey: analysts read results and never need them, nor their QR codes. */
const ANALYSTS_NEED_NO_CODES = 'District analysts read results; access codes and their QR codes are for those who run administrations.'

export const administrationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tz = app.config.timeZone
  const withLinks = (detail: AdministrationDetail) => ({
    ...detail,
    schools: detail.schools.map((s) => ({ ...s, links: s.code ? { phone: surveyUrl(app.config.publicUrl, 'phone', s.code), kiosk: surveyUrl(app.config.publicUrl, 'kiosk', s.code) } : null })),
    localLinks: isLocalUrl(app.config.publicUrl),
  })

  app.get(
    '/api/administrations',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['administrations'],
        summary: 'Administrations, newest first (a school team sees those its schools take part in)',
        response: { 200: AdministrationListSchema, ...errorResponses(401) },
      },
    },
    async (request) => ({ timeZone: tz, administrations: (await listForUser(app.db, request.user!)).map((a) => ({ ...a, schools: a.schools ?? 0 })) }),
  )

  app.post(
    '/api/administrations',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['administrations'],
        summary: "Create an administration: window (wall time in the district's time zone), versions offered, schools (each gets an access code), modes",
        body: AdministrationInputSchema,
        response: { 201: AdministrationDetailSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(withLinks(await createAdministration(app.db, request.user!, request.body, tz))),
  )

  app.get(
    '/api/administrations/:id',
    {
      config: { access: 'staff' },
      schema: { tags: ['administrations'], summary: 'One administration with its versions and schools (a team sees its own schools)', params: AdministrationParamsSchema, response: { 200: AdministrationDetailSchema, ...errorResponses(400, 401, 404) } },
    },
    async (request) => withLinks(await administrationDetail(app.db, request.user!, request.params.id)),
  )

  app.patch(
    '/api/administrations/:id',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['administrations'],
        summary: 'Edit: anything before it opens; name, mode and schools joining while open; versions only until the first response',
        params: AdministrationParamsSchema,
        body: AdministrationChangeSchema,
        response: { 200: AdministrationDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => withLinks(await changeAdministration(app.db, request.user!, request.params.id, request.body)),
  )

  const lifecycle = { tags: ['administrations'], params: AdministrationParamsSchema, response: { 200: AdministrationDetailSchema, ...errorResponses(400, 401, 403, 404, 409) } }
  app.post('/api/administrations/:id/open', { config: { access: 'staff' }, schema: { ...lifecycle, summary: 'Open now, before the planned start' } }, async (request) =>
    withLinks(await openNow(app.db, request.user!, request.params.id)),
  )
  app.post(
    '/api/administrations/:id/extend',
    { config: { access: 'staff' }, schema: { ...lifecycle, summary: 'Move the close later', body: ExtendSchema } },
    async (request) => withLinks(await extend(app.db, request.user!, request.params.id, request.body.closesAt)),
  )
  app.post('/api/administrations/:id/close', { config: { access: 'staff' }, schema: { ...lifecycle, summary: 'Close now' } }, async (request) =>
    withLinks(await closeNow(app.db, request.user!, request.params.id)),
  )

  app.post(
    '/api/administrations/:id/schools/:schoolId/codes',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['administrations'],
        summary: "A new access code for a school; its code in use is revoked in the same step",
        params: AdministrationSchoolParamsSchema,
        response: { 201: NewCodeSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => reply.code(201).send(await replaceCode(app.db, request.user!, request.params.id, request.params.schoolId)),
  )

  app.post(
    '/api/administrations/:id/schools/:schoolId/codes/:code/revoke',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['administrations'],
        summary: "Revoke a school's code: the runner tells whoever uses it that it is no longer in use",
        params: Type.Object({ id: IdSchema, schoolId: IdSchema, code: Type.String({ minLength: 1, maxLength: 32 }) }),
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await revokeCode(app.db, request.user!, request.params.id, request.params.schoolId, request.params.code)
      return reply.code(204).send(null)
    },
  )

  const versionSchema = {
    tags: ['administrations'],
    params: Type.Object({ id: IdSchema, schoolId: IdSchema, role: RoleSchema }),
    response: { 200: AdministrationDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
  }
  app.put(
    '/api/administrations/:id/schools/:schoolId/instruments/:role',
    {
      config: { access: 'staff' },
      schema: { ...versionSchema, summary: "The version a school answers for a role (its own, from the designer), in place of the administration's", body: OfferSchema },
    },
    async (request) => withLinks(await chooseSchoolVersion(app.db, request.user!, request.params.id, request.params.schoolId, request.params.role, request.body)),
  )
  app.delete(
    '/api/administrations/:id/schools/:schoolId/instruments/:role',
    { config: { access: 'staff' }, schema: { ...versionSchema, summary: "Back to the administration's version for that role" } },
    async (request) => withLinks(await chooseSchoolVersion(app.db, request.user!, request.params.id, request.params.schoolId, request.params.role, null)),
  )

  app.get(
    '/api/administrations/:id/schools/:schoolId/qr',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['administrations'],
        summary: "The QR code of a school's survey link (phone: /s/:code, kiosk: /k/:code), made here with no outside service",
        params: AdministrationSchoolParamsSchema,
        querystring: Type.Object({ for: Type.Optional(StringEnum(['phone', 'kiosk'] as const)), format: Type.Optional(StringEnum(['svg', 'png'] as const)) }, { additionalProperties: false }),
        response: { ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const user = request.user!
      if (user.role === 'district-analyst') throw new Forbidden(ANALYSTS_NEED_NO_CODES)
      const { id, schoolId } = request.params
      const codes = await administrationCodes(app.db, id)
      if (!codes.some((c) => c.school_id === schoolId)) throw new NotFound(`School ${schoolId} does not take part in administration ${id}.`)
      if (user.role === 'school-team' && !user.schoolIds.includes(schoolId)) throw new Forbidden('Your account can see only its own schools.')
      const live = codes.find((c) => c.school_id === schoolId && c.revoked_at === null)
      if (!live) throw new NotFound('This school has no code in use; make a new one first.')
      const url = surveyUrl(app.config.publicUrl, request.query.for ?? 'phone', live.code)
      // Quartile error correction: a poster survives a fold, a staple or a smudge.
      const options = { errorCorrectionLevel: 'Q' as const, margin: 4 }
      reply.header('cache-control', 'private, no-store')
      if (request.query.format === 'png') return reply.type('image/png').send(await QRCode.toBuffer(url, { ...options, width: 600 }))
      return reply.type('image/svg+xml').send(await QRCode.toString(url, { ...options, type: 'svg' }))
    },
  )
}

/** The link a poster or kiosk card opens. */
export function surveyUrl(publicUrl: string, target: 'phone' | 'kiosk', code: string): string {
  return new URL(`/${target === 'kiosk' ? 'k' : 's'}/${code}`, publicUrl).toString()
}
