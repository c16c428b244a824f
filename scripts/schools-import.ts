// npm run schools:import -- FILE [--district NAME] [--dry-run]
// Imports a schools file into the database (DATABASE_URL, or the embedded one under DATA_DIR; stop `npm start`
// first, the embedded database has one user at a time): the district's CSV or XLSX (the template's columns), or the
// state's public schools file (pubschls.txt) for the district named. The same checks as the staff page: any problem
// is listed by line and column and nothing is imported; --dry-run only says what would change.
import fs from 'node:fs'
import { parseArgs } from 'node:util'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { loadConfig, type Config } from '../server/config'
import { startEmbeddedDatabase } from '../server/db/embedded'
import { migrateToLatest } from '../server/db/migrate'
import type { Database } from '../server/db/schema'
import { HttpError } from '../server/errors'
import type { TableProblem } from '../server/imports/read-table'
import { importSchools } from '../server/schools/schools.service'
import { explainStartupError } from '../server/startup'

const USAGE = 'Usage: npm run schools:import -- FILE [--district NAME] [--dry-run]'

let config: Config | null = null
try {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { district: { type: 'string' }, 'dry-run': { type: 'boolean' } } })
  if (positionals.length !== 1) {
    console.error(USAGE)
    process.exit(2)
  }
  const [file] = positionals
  let bytes: Buffer
  try {
    bytes = fs.readFileSync(file)
  } catch {
    console.error(`schools:import: cannot read ${file}\n${USAGE}`)
    process.exit(2)
  }
  config = loadConfig()
  const embedded = config.databaseUrl ? null : await startEmbeddedDatabase(config.dataDir)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.databaseUrl ?? embedded!.url, max: 1 }) }) })
  try {
    await migrateToLatest(db)
    const dryRun = values['dry-run'] === true
    const result = await importSchools(db, null, bytes, { preview: dryRun, district: values.district })
    if (result.state) {
      const o = result.state.leftOut
      console.log(`The state's file: ${result.state.district} (${result.state.county} County); left out ${o.notOpen} not open, ${o.districtOffice} district office, ${o.noGrades} without grades K-12.`)
    }
    for (const row of result.rows) {
      if (row.action === 'unchanged') continue
      const changes = row.changes.map((c) => `${c.column} "${c.from}" → "${c.to}"`).join(', ')
      console.log(`line ${row.line}: ${row.action === 'create' ? 'new' : 'changed'} ${row.code} ${row.name}${changes ? `: ${changes}` : ''}`)
    }
    const s = result.summary
    console.log(`${dryRun ? 'Dry run, nothing written: would import' : 'Imported'} ${s.created} new, ${s.updated} changed, ${s.unchanged} unchanged.`)
  } finally {
    await db.destroy()
    await embedded?.close()
  }
} catch (error) {
  if (error instanceof HttpError) {
    console.error(`schools:import: ${error.message}`)
    for (const p of (error.details as TableProblem[] | undefined) ?? []) console.error(`  line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}`)
  } else console.error(`schools:import: ${explainStartupError(error, config)}`)
  process.exitCode = 1
}
