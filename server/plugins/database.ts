import fastifyPostgres from '@fastify/postgres'
import fp from 'fastify-plugin'
import { Kysely, PostgresDialect } from 'kysely'
import type { Database } from '../db/schema'

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>
  }
}

export interface DatabaseOptions {
  connectionString: string
  /** Connections in the pool. */
  max: number
}

/** One pg Pool (@fastify/postgres) and Kysely on that same pool. */
export default fp<DatabaseOptions>(
  async (app, options) => {
    await app.register(fastifyPostgres, {
      connectionString: options.connectionString,
      max: options.max,
      connectionTimeoutMillis: 10_000,
      application_name: 'ana-engine',
    })
    // The pool emits errors for idle clients whose server went away; log them rather than crash the process.
    app.pg.pool.on('error', (error) => app.log.warn({ err: error }, 'idle database connection lost'))
    app.decorate('db', new Kysely<Database>({ dialect: new PostgresDialect({ pool: app.pg.pool }) }))
  },
  { name: 'database' },
)
