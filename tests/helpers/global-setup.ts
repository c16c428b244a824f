import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { migrateToLatest } from '../../server/db/migrate'
import { databaseUrlFor } from './database-urls'

/**
 * With DATABASE_URL, migrates one template database per run; each test file then gets its own database created
 * from it in milliseconds. Without DATABASE_URL, each test file starts its own in-memory embedded database.
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) return
  const template = `ana_template_${process.pid}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`drop database if exists ${template}`)
  await admin.query(`create database ${template}`)
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrlFor(serverUrl, template), max: 1 }) }) })
  await migrateToLatest(db)
  await db.destroy()
  project.provide('templateDatabase', template)
  return async () => {
    await admin.query(`drop database if exists ${template}`)
    await admin.end()
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string
  }
}
