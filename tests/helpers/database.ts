import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { DatabaseMode } from '../../server/config'
import { startEmbeddedDatabase } from '../../server/db/embedded'
import { databaseUrlFor } from './database-urls'

export interface TestDatabase {
  url: string
  mode: DatabaseMode
  /** True when the schema is already migrated (a copy of the template). */
  migrated: boolean
  drop(): Promise<void>
}

/**
 * A database of its own for one test file: on a server, a copy of the migrated template vitest's global setup made
 * (or an empty one with `template: null`, for the browser tests, which run outside vitest); else a new embedded one.
 */
export async function freshDatabase(options: { template?: string | null } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    const embedded = await startEmbeddedDatabase(null)
    return { url: embedded.url, mode: 'embedded', migrated: false, drop: () => embedded.close() }
  }
  const template = options.template === undefined ? (await import('vitest')).inject('templateDatabase') : options.template
  const name = `ana_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`)
  await admin.end()
  return {
    url: databaseUrlFor(serverUrl, name),
    mode: 'server',
    migrated: template !== null,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}
