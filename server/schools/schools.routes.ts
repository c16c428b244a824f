import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { isDistrictStaff } from '../auth/access'
import { listSchools } from './schools.repository'

const SchoolSchema = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  region: Type.String(),
  cohort: Type.Union([Type.String(), Type.Null()]),
  grades: Type.String(),
})

export const schoolsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/schools',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['profiles'],
        summary: 'The schools you can see: every school for district staff, your own for a school team',
        response: { 200: Type.Object({ schools: Type.Array(SchoolSchema) }) },
      },
    },
    async (request) => {
      const user = request.user!
      return { schools: await listSchools(app.db, isDistrictStaff(user) ? undefined : user.schoolIds) }
    },
  )
}
