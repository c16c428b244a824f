import type { FastifyInstance } from 'fastify'
import { firstLiveCode } from './administrations/access.repository'
import { buildApp } from './app'
import { usersWithEmails } from './auth/auth.repository'
import { setupStatus } from './auth/setup.service'
import { loadConfig, type Config } from './config'
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded'
import { DEMO_ACCOUNTS } from './demo/demo-accounts'
import { publicUrlWarning } from './public-url'
import { explainStartupError, prepareDatabase } from './startup'

async function main(): Promise<void> {
  let config: Config | null = null
  let embedded: EmbeddedDatabase | null = null
  let app: FastifyInstance | null = null
  const shutdown = async (signal: string) => {
    app?.log.info(`${signal}: closing`)
    await app?.close()
    await embedded?.close()
    process.exit(0)
  }
  try {
    config = loadConfig(process.env, process.argv.slice(2))
    if (config.databaseUrl === null) embedded = await startEmbeddedDatabase(config.dataDir)
    app = await buildApp({
      config,
      databaseUrl: config.databaseUrl ?? embedded!.url,
      databaseMode: embedded ? 'embedded' : 'server',
    })
    process.once('SIGTERM', () => void shutdown('SIGTERM'))
    process.once('SIGINT', () => void shutdown('SIGINT'))
    await app.ready()
    const prepared = await prepareDatabase(app, { demo: config.demo })
    app.log.info(
      { migrations: prepared.migrations.length, surveysAdded: prepared.surveys.added },
      `database ready (${embedded ? `embedded, ${config.dataDir}` : 'server'})`,
    )
    if (prepared.demo) app.log.info(`demo district loaded: ${prepared.demo.schools} schools, ${prepared.demo.responses} responses`)
    await app.listen({ port: config.port, host: config.host })
    await announce(app, config)
  } catch (error) {
    // One line: the cause and the fix. Nothing half-written: migrations and loading run in transactions.
    console.error(`\nana-engine: ${explainStartupError(error, config)}\n`)
    await app?.close().catch(() => {})
    await embedded?.close().catch(() => {})
    process.exit(1)
  }
}

async function announce(app: FastifyInstance, config: Config): Promise<void> {
  const base = config.publicUrl
  const code = await firstLiveCode(app.db)
  const demoAccounts = await usersWithEmails(app.db, DEMO_ACCOUNTS.map((a) => a.email))
  const password = process.env.DEMO_PASSWORD ? 'the DEMO_PASSWORD you set' : `"${config.demoPassword}"`
  // While no admin exists, the first-run page works from this machine, or from elsewhere with this one-time token.
  const setupToken = (await setupStatus(app.db, false)).needed ? app.firstRun.issue() : null
  const lines = [
    '',
    `  ANA engine is running at ${base}`,
    code ? `  Runner (phone) for ${code.name}:  ${base}/s/${code.code}` : '  No access codes yet: create an administration.',
    code ? `  Runner (kiosk):                    ${base}/k/${code.code}` : '',
    `  Staff sign-in:                     ${base}/admin`,
    ...(demoAccounts.length > 0
      ? [`  Demo accounts (password ${password}):`, ...demoAccounts.map((a) => `    ${a.email.padEnd(22)} ${a.role}`)]
      : []),
    ...(setupToken
      ? [
          `  No admin yet: create the first one at ${base}/admin/setup`,
          `    on this machine, or from another one with the setup token ${setupToken}`,
          '    (or on the command line: npm run user:create -- --email you@district.org --role district-admin)',
        ]
      : []),
    `  API docs:                          ${base}/docs`,
    // Last, so it is what stays on the screen: a poster printed now would open nothing on a phone.
    publicUrlWarning(base) ?? '',
    '',
  ].filter((l) => l !== '')
  console.log(lines.join('\n') + '\n')
}

void main()
