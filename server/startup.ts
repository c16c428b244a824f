import type { FastifyInstance } from 'fastify'
import { ConfigError, type Config } from './config'
import { migrateToLatest } from './db/migrate'
import { createDemoAccounts } from './demo/demo-accounts'
import { cutRelease } from './analytics/releases.service'
import { isDatabaseEmpty, loadDemoDistrict, type DemoSummary } from './demo/demo-district'
import { loadDemoPartners } from './demo/demo-partners'
import { syncSurveyLibrary } from './instruments/instruments.service'
import { readCheckedLibrary } from './instruments/library'

export interface Prepared {
  migrations: string[]
  surveys: { added: number; unchanged: number }
  demo: DemoSummary | null
}

/** Brings a database up to date: migrations, the instrument library, and the demo district when asked and empty. */
export async function prepareDatabase(app: FastifyInstance, options: { demo: boolean }): Promise<Prepared> {
  const migrations = await migrateToLatest(app.db)
  const surveys = await syncSurveyLibrary(app.db, readCheckedLibrary(app.config.surveysDir).files)
  const demo = options.demo && (await isDatabaseEmpty(app.db)) ? await loadDemoDistrict(app.db) : null
  // The demo's first release takes in every response it loaded: staff read releases, and a district's figures
  // appear with its first one. Responses sent afterwards (at the demo kiosk, say) wait for a later release. The
  // server made these responses itself, all at once: no review holds for them (later ones get them).
  if (demo) await cutRelease(app.db, demo.administrationId, { minCellSize: app.config.minCellSize, review: null, cutBy: null })
  if (demo) await createDemoAccounts(app.db, app.config.demoPassword, demo.firstSchoolId)
  if (demo) await loadDemoPartners(app.db)
  return { migrations, surveys, demo }
}

/** Turns a start-up failure into one line naming the cause and the fix. */
export function explainStartupError(error: unknown, config: Config | null): string {
  const e = error as NodeJS.ErrnoException & { address?: string; port?: number }
  const where = config?.databaseUrl ? new URL(config.databaseUrl).host : 'the embedded database'
  if (error instanceof ConfigError) return error.message
  switch (e.code) {
    case 'EADDRINUSE':
      return `Port ${config?.port} is already in use: stop the other process, or start on another port with PORT=3001 npm start.`
    case 'EACCES':
      return `Not allowed to listen on port ${config?.port}: use a port above 1023 (PORT=3000).`
    case 'ECONNREFUSED':
      return `Cannot reach PostgreSQL at ${where} (connection refused): start the server, or unset DATABASE_URL to use the embedded database.`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot find the database host in DATABASE_URL (${where}): check the host name.`
    case '3D000':
      return `The database named in DATABASE_URL does not exist: create it (createdb) or fix the URL.`
    case '28P01':
    case '28000':
      return `PostgreSQL refused the user in DATABASE_URL (${e.message}): fix the user or password.`
  }
  if (e.name === 'SurveyFileError' || e.name === 'VersionConflictError') return `Survey library: ${e.message}`
  return `Could not start: ${e.message ?? String(error)}`
}

