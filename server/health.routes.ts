import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'kysely'
import { migrationState } from './db/migrate'

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Database mode, reachability and migration state',
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            database: Type.Object({ mode: Type.Union([Type.Literal('embedded'), Type.Literal('server')]), version: Type.String() }),
            migrations: Type.Object({ applied: Type.Integer(), pending: Type.Integer(), latest: Type.Union([Type.String(), Type.Null()]) }),
          }),
        },
      },
    },
    async () => {
      const { rows } = await sql<{ version: string }>`select current_setting('server_version') as version`.execute(app.db)
      return { status: 'ok' as const, database: { mode: app.databaseMode, version: rows[0].version }, migrations: await migrationState(app.db) }
    },
  )
}
