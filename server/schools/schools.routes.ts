import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
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
      schema: {
        tags: ['profiles'],
        summary: 'The schools of the district',
        response: { 200: Type.Object({ schools: Type.Array(SchoolSchema) }) },
      },
    },
    async () => ({ schools: await listSchools(app.db) }),
  )
}
