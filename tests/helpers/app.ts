import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app'
import { loadConfig, type Config } from '../../server/config'
import { prepareDatabase, type Prepared } from '../../server/startup'
import { freshDatabase } from './database'

export const FIXTURE_SURVEYS = path.resolve(import.meta.dirname, '../fixtures/surveys')

export interface TestApp {
  app: FastifyInstance
  prepared: Prepared
  config: Config
  close(): Promise<void>
}

/**
 * The real app on a database of its own: migrated, the instrument library loaded, and the demo district when
 * asked. Tests drive it with app.inject.
 */
export async function startTestApp(
  options: { demo?: boolean; surveysDir?: string; env?: Record<string, string>; template?: string | null } = {},
): Promise<TestApp> {
  const database = await freshDatabase({ template: options.template })
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    SURVEYS_DIR: options.surveysDir ?? path.resolve(import.meta.dirname, '../../surveys'),
    CLIENT_DIR: path.resolve(import.meta.dirname, '../../dist/does-not-exist'),
    ...options.env,
  })
  const app = await buildApp({ config, databaseUrl: database.url, databaseMode: database.mode })
  await app.ready()
  const prepared = await prepareDatabase(app, { demo: options.demo ?? false })
  return {
    app,
    prepared,
    config,
    async close() {
      await app.close()
      await database.drop()
    },
  }
}
