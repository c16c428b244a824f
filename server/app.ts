import { constants as zlibConstants } from 'node:zlib'
import Fastify, { type FastifyInstance } from 'fastify'
import compress from '@fastify/compress'
import cookie from '@fastify/cookie'
import rateLimit from '@fastify/rate-limit'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import type { Config, DatabaseMode } from './config'
import { EMBEDDED_POOL_SIZE } from './db/embedded'
import { accessRoutes } from './administrations/access.routes'
import { administrationsRoutes } from './administrations/administrations.routes'
import accessPlugin from './plugins/access'
import auditReadsPlugin from './audit/audit-reads'
import { authRoutes } from './auth/auth.routes'
import { designerRoutes } from './designer/designer.routes'
import { usersRoutes } from './auth/users.routes'
import { apiTokensRoutes } from './auth/api-tokens.routes'
import { oidcClientOf, type OidcClient } from './auth/oidc.service'
import { oidcRoutes } from './auth/oidc.routes'
import { passwordLinksRoutes } from './auth/password-links.routes'
import { housekeeping, HOUSEKEEPING_EVERY_MS, type Housekeeping } from './auth/housekeeping'
import { FirstRunGate } from './auth/setup.service'
import { setupRoutes } from './auth/setup.routes'
import { signInSettingsRoutes } from './auth/sign-in-settings.routes'
import { healthRoutes } from './health.routes'
import { readDomains, type Domain } from './instruments/domains'
import { readStandards, type Standards } from './instruments/standards'
import { instrumentsRoutes } from './instruments/instruments.routes'
import { intakeRoutes } from './intake/intake.routes'
import { createIntake, type Intake } from './intake/intake.service'
import { partnersRoutes } from './partners/partners.routes'
import clientPlugin from './plugins/client'
import databasePlugin from './plugins/database'
import docsPlugin from './plugins/docs'
import errorsPlugin from './plugins/errors'
import jsonBodyPlugin from './plugins/json-body'
import pressurePlugin from './plugins/pressure'
import slowRefusalsPlugin from './plugins/slow-refusals'
import metricsPlugin from './plugins/metrics'
import securityPlugin from './plugins/security'
import { profilesRoutes } from './profiles/profiles.routes'
import { ratesRoutes } from './profiles/rates.routes'
import releaseViewsPlugin from './profiles/release-views.job'
import { releasesRoutes } from './analytics/releases.routes'
import { releaseSchedule, reviewRuleOf, type ReleaseSchedule } from './analytics/releases.service'
import { reviewHoldsRoutes } from './analytics/review-holds.routes'
import { schoolsRoutes } from './schools/schools.routes'
import { ErrorSchema } from './schemas'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    databaseMode: DatabaseMode
    domains: Domain[]
    /** surveys/standards.json: what versions from 2 on, and a draft's new items, are held to. */
    standards: Standards | null
    /** Cuts a release of every administration whose window has ended (staff read releases, never live rows). */
    releases: ReleaseSchedule
    /** Stores responses exactly once, many to a statement at busy moments. */
    intake: Intake
    /** Sign-in with the district's identity provider; null when OIDC_ISSUER is unset. */
    oidc: OidcClient | null
    /** The setup token for the first admin, while there is none (server/main.ts prints it). */
    firstRun: FirstRunGate
    /** Deletes expired sessions, old sign-in throttle rows and dead password links and sign-ins, now and then. */
    housekeeping: Housekeeping
  }
}

export interface AppOptions {
  config: Config
  /** Where the database is: the server's URL, or the embedded database's private socket. */
  databaseUrl: string
  databaseMode: DatabaseMode
  /** Where logs go (standard output by default); tests pass a stream to read them. */
  logStream?: NodeJS.WritableStream
}


/** Request logs name the method, route and status; never bodies, answers, IP addresses or user agents. */
const requestSerializers = {
  req: (req: { method: string; routeOptions?: { url?: string }; url: string }) => ({ method: req.method, route: req.routeOptions?.url ?? req.url.split('?')[0] }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
}

function newAjv(options: { coerceTypes: boolean | 'array'; allErrors: boolean }): Ajv {
  const ajv = new Ajv({ ...options, removeAdditional: false, useDefaults: false, strict: false })
  addFormats.default(ajv)
  return ajv
}

/** Builds the whole app without listening, so tests drive it with app.inject. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options
  const app = Fastify({
    logger: { level: config.logLevel, serializers: requestSerializers, ...(options.logStream ? { stream: options.logStream } : {}) },
    bodyLimit: 64 * 1024,
    trustProxy: config.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>()

  // Bodies are validated strictly: no type coercion ("3" is not 3), no silent stripping of unknown properties.
  // Params and query strings arrive as text, so they alone are coerced.
  const strict = newAjv({ coerceTypes: false, allErrors: true })
  const fromText = newAjv({ coerceTypes: 'array', allErrors: false })
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : fromText).compile(schema) as never)

  // A JSON API: anything but application/json is 415, not parsed as text.
  app.removeContentTypeParser('text/plain')
  app.decorate('config', config)
  app.decorate('databaseMode', options.databaseMode)
  app.decorate('domains', readDomains(config.surveysDir))
  app.decorate('standards', readStandards(config.surveysDir))
  app.decorate('oidc', oidcClientOf(config))
  app.decorate('firstRun', new FirstRunGate())
  app.addSchema(ErrorSchema)

  await app.register(errorsPlugin)
  // Every JSON body is checked for depth and text PostgreSQL refuses before any route or schema reads it.
  await app.register(jsonBodyPlugin)
  await app.register(securityPlugin, { tls: config.tls })
  // Right after the security headers: an overloaded server refuses anonymous API calls before doing any work for them.
  await app.register(pressurePlugin, { maxEventLoopDelayMs: config.overloadEventLoopDelayMs, maxHeapBytes: config.overloadHeapBytes })
  // Then a client that keeps going after it was refused is held and refused again, before any other work for it.
  await app.register(slowRefusalsPlugin, { holdMs: config.refusalHoldMs })
  // API answers are compressed on the fly (an instrument definition is ~300 KB of JSON, ~35 KB gzip); built
  // client files are already precompressed on disk and served as they are.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } } })
  await app.register(rateLimit, { global: false })
  await app.register(databasePlugin, { connectionString: options.databaseUrl, max: options.databaseMode === 'embedded' ? EMBEDDED_POOL_SIZE : 20 })
  await app.register(cookie)
  app.decorate('releases', releaseSchedule(app.db, app.log, { minCellSize: config.minCellSize, review: reviewRuleOf(config), everyMs: config.releaseCheckSeconds * 1000 }))
  app.addHook('onClose', () => app.releases.close())
  await app.register(releaseViewsPlugin)
  app.decorate('housekeeping', housekeeping(app.db, app.log, { sessions: { idleMinutes: config.sessionIdleMinutes, maxHours: config.sessionMaxHours }, everyMs: HOUSEKEEPING_EVERY_MS }))
  app.addHook('onClose', () => app.housekeeping.close())
  app.decorate('intake', createIntake(app.db))
  app.addHook('onClose', () => app.intake.settled())
  // Before any route: every route must declare who may call it, and the check runs before the body is read.
  await app.register(accessPlugin)
  // Also before any route: reads of figures and exports are recorded, and an export without a record stops the start.
  await app.register(auditReadsPlugin)
  // Request counts and durations by route pattern, for /metrics (a monitoring system's token, or a district admin).
  await app.register(metricsPlugin)
  await app.register(docsPlugin)
  await app.register(healthRoutes)
  await app.register(accessRoutes)
  await app.register(instrumentsRoutes)
  await app.register(intakeRoutes)
  await app.register(schoolsRoutes)
  await app.register(profilesRoutes)
  await app.register(ratesRoutes)
  await app.register(administrationsRoutes)
  await app.register(releasesRoutes)
  await app.register(reviewHoldsRoutes)
  await app.register(authRoutes)
  await app.register(usersRoutes)
  await app.register(apiTokensRoutes)
  await app.register(oidcRoutes)
  await app.register(signInSettingsRoutes)
  await app.register(passwordLinksRoutes)
  await app.register(setupRoutes)
  await app.register(partnersRoutes)
  await app.register(designerRoutes)
  await app.register(clientPlugin, { root: config.clientDir })
  return app
}
