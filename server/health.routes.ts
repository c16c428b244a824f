import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { migrationState } from './db/migrate'
import { databaseAnswers } from './health.queries'

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Database mode, reachability and migration state (never the database\'s version: nothing for a scanner to match)',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            database: Type.Object({ mode: Type.Union([Type.Literal('embedded'), Type.Literal('server')]), reachable: Type.Literal(true) }),
            migrations: Type.Object({ applied: Type.Integer(), pending: Type.Integer(), latest: Type.Union([Type.String(), Type.Null()]) }),
          }),
        },
      },
    },
    async () => {
      await databaseAnswers(app.db)
      return { status: 'ok' as const, database: { mode: app.databaseMode, reachable: true as const }, migrations: await migrationState(app.db) }
    },
  )
}
