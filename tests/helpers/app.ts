import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { cutRelease } from '../../server/analytics/releases.service'
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
    RELEASE_CHECK_SECONDS: '0',
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

/**
 * Cuts a release of an administration, as its window's end or a district admin would: staff read releases, so a
 * test that stores responses and then reads figures cuts one in between. Without review holds: such a test sends
 * its respondents in one burst, which a real cut would hold for review (tests/server/analytics/review-holds.test.ts
 * tests that, through POST /api/administrations/:id/releases).
 */
export async function releaseNow(t: TestApp, administrationId: number) {
  return cutRelease(t.app.db, administrationId, { minCellSize: t.config.minCellSize, review: null, cutBy: null })
}
