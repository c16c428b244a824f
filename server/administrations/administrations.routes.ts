import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { isDistrictStaff } from '../auth/access'
import { errorResponses } from '../schemas'
import { listAdministrations } from './administrations.repository'

const AdministrationSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time' }),
  closed: Type.Boolean(),
})

export const administrationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/administrations',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['administrations'],
        summary: 'Administrations, newest first (a school team sees those its schools take part in)',
        response: { 200: Type.Object({ administrations: Type.Array(AdministrationSchema) }), ...errorResponses(401) },
      },
    },
    async (request) => {
      const user = request.user!
      const rows = await listAdministrations(app.db, isDistrictStaff(user) ? undefined : user.schoolIds)
      const now = Date.now()
      return {
        administrations: rows.map((a) => ({
          id: a.id,
          name: a.name,
          opensAt: a.opens_at.toISOString(),
          closesAt: a.closes_at.toISOString(),
          closed: a.closed_at !== null || a.closes_at.getTime() <= now,
        })),
      }
    },
  )
}
