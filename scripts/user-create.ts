// npm run user:create -- --email you@district.org --role district-admin [--school 3 --school DEMO-002]
// Creates a staff account in the database (DATABASE_URL, or the embedded one under DATA_DIR; stop `npm start`
// first, the embedded database has one user at a time). The password comes from USER_PASSWORD, or is asked for.
import { parseArgs } from 'node:util'
import readline from 'node:readline/promises'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { createAccount } from '../server/auth/auth.service'
import { STAFF_ROLES } from '../server/vocabulary/roles'
import { loadConfig, type Config } from '../server/config'
import { startEmbeddedDatabase } from '../server/db/embedded'
import { migrateToLatest } from '../server/db/migrate'
import type { Database, StaffRole } from '../server/db/schema'
import { HttpError } from '../server/errors'
import { explainStartupError } from '../server/startup'

const USAGE = `Usage: npm run user:create -- --email you@district.org --role ${STAFF_ROLES.join('|')} [--school <id or code> ...]`

async function askPassword(): Promise<string> {
  if (process.env.USER_PASSWORD) return process.env.USER_PASSWORD
  if (!process.stdin.isTTY) {
    // Piped: the first line of standard input.
    const rl = readline.createInterface({ input: process.stdin })
    for await (const line of rl) return line
    return ''
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true })
  // Hide what is typed.
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })
  const original = write._writeToOutput.bind(rl)
  let asking = true
  write._writeToOutput = (s: string) => (asking && !s.includes('Password') ? undefined : original(s))
  const password = await rl.question('Password (at least 12 characters): ')
  asking = false
  rl.close()
  process.stdout.write('\n')
  return password
}

let config: Config | null = null
try {
  const { values } = parseArgs({ options: { email: { type: 'string' }, role: { type: 'string' }, school: { type: 'string', multiple: true } } })
  if (!values.email || !values.role) {
    console.error(USAGE)
    process.exit(2)
  }
  if (!STAFF_ROLES.includes(values.role as StaffRole)) {
    console.error(`user:create: --role must be one of ${STAFF_ROLES.join(', ')}\n${USAGE}`)
    process.exit(2)
  }
  config = loadConfig()
  const password = await askPassword()
  const embedded = config.databaseUrl ? null : await startEmbeddedDatabase(config.dataDir)
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: config.databaseUrl ?? embedded!.url, max: 1 }) }) })
  try {
    await migrateToLatest(db)
    const schoolIds: number[] = []
    for (const school of values.school ?? []) {
      const row = await db
        .selectFrom('schools')
        .select('id')
        .where((eb) => (/^\d+$/.test(school) ? eb('id', '=', Number(school)) : eb('code', '=', school)))
        .executeTakeFirst()
      if (!row) throw new HttpError(400, 'bad_request', `No school with id or code "${school}".`)
      schoolIds.push(row.id)
    }
    const created = await createAccount(db, { email: values.email, password, role: values.role as StaffRole, schoolIds }, null)
    console.log(`Created ${created.role} ${created.email} (id ${created.id})${schoolIds.length ? ` for school(s) ${schoolIds.join(', ')}` : ''}. Sign in at ${config.publicUrl}/admin`)
  } finally {
    await db.destroy()
    await embedded?.close()
  }
} catch (error) {
  console.error(`user:create: ${error instanceof HttpError ? error.message : explainStartupError(error, config)}`)
  process.exitCode = 1
}
