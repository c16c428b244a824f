import { isIP } from 'node:net'
import path from 'node:path'
import v8 from 'node:v8'
import { isLoopbackHost } from './public-url'
import { isTimeZone } from './time-zone'

export type DatabaseMode = 'embedded' | 'server'

export interface Config {
  readonly port: number
  readonly host: string
  /** A PostgreSQL connection string; absent means the embedded database under dataDir. */
  readonly databaseUrl: string | null
  readonly dataDir: string
  readonly surveysDir: string
  readonly clientDir: string
  /** The minimum cell size: no figure describing fewer respondents is shown. */
  readonly minCellSize: number
  /** A respondent's domain score at or above this counts as high need. */
  readonly highNeedThreshold: number
  readonly demo: boolean
  readonly demoPassword: string
  readonly logLevel: string
  readonly publicUrl: string
  /**
   * Responses a minute through one access code from one address: a class of 30 phones on the school's Wi-Fi (one
   * address) fits twice over; a flood from one client is refused whatever headers it sends.
   */
  readonly rateLimitPerMinute: number
  /** Responses a minute through one access code from all addresses together: a flood from many addresses. */
  readonly codeRateLimitPerMinute: number
  /**
   * Requests a minute from one address to open a survey, per route (looking up an access code; downloading an
   * instrument version): a school's classes opening the survey together behind one address fit (a phone looks its
   * code up once and downloads a version once, then revalidates it with its ETag).
   */
  readonly openRateLimitPerMinute: number
  /**
   * How long (ms) a request is held before it is refused, once its address has been refused more than a few times
   * on that route and is still within the wait it was told (server/plugins/slow-refusals.ts); 0: refused at once.
   */
  readonly refusalHoldMs: number
  /** The bearer token a monitoring system reads /metrics with (at least 32 characters); null: district admins only. */
  readonly metricsToken: string | null
  /**
   * The reverse proxies whose X-Forwarded-For names the client (proxy-addr's list: addresses, CIDR ranges, or
   * `loopback`, `linklocal`, `uniquelocal`); false: none, the peer is the client.
   */
  readonly trustProxy: string[] | false
  /** A staff session ends after this many minutes without a request... */
  readonly sessionIdleMinutes: number
  /** ...and this many hours after sign-in, whatever happens. */
  readonly sessionMaxHours: number
  /** Served over TLS (PUBLIC_URL is https): Secure cookies and HSTS. */
  readonly tls: boolean
  /** Asset map: a domain's need index (all voices) at or above this is high... */
  readonly gapNeedAtLeast: number
  /** ...and its asset index at or below this is low; both with no active service make a gap. */
  readonly gapAssetAtMost: number
  /** A service-grid "didn't know it existed" share (%) at or above this is an awareness problem. */
  readonly awarenessGapAtLeast: number
  /** The district's IANA time zone: survey windows are entered and shown in it, and response trends count its days. */
  readonly timeZone: string
  /** The district's short name, which begins every export's file name (DISTRICT_NAME). */
  readonly districtName: string
  /** How often the server looks for administrations whose window has ended, to cut their final release; 0: never. */
  readonly releaseCheckSeconds: number
  /** A cut holds for review this many responses to one school and role received in a run without a longer gap than... */
  readonly reviewBurst: number
  /** ...this many minutes between two of them (server/disclosure/review-rule.ts). */
  readonly reviewBurstMinutes: number
  /** Sign-in with the district's identity provider (OpenID Connect); null when OIDC_ISSUER is unset. */
  readonly oidc: OidcConfig | null
  /** Overloaded when the event loop runs this late on average (ms) for seconds on end; 0: never on this account... */
  readonly overloadEventLoopDelayMs: number
  /** ...or when the JavaScript heap holds more than this (bytes); 0: never on this account. */
  readonly overloadHeapBytes: number
}

export interface OidcConfig {
  /** The issuer identifier, e.g. https://accounts.google.com; its /.well-known/openid-configuration is read. */
  readonly issuer: string
  readonly clientId: string
  readonly clientSecret: string
  /** What the sign-in button names, e.g. "Google Workspace"; null: "your district account". */
  readonly displayName: string | null
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

/**
 * Reads the environment (and the few command-line flags `npm start` takes) once into a frozen config.
 * Every bad variable is reported together, so a person fixes them in one go.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = []): Config {
  const problems: string[] = []

  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name}=${raw} must be a whole number from ${min} to ${max}`)
      return fallback
    }
    return value
  }

  const port = int('PORT', 3000, 0, 65535)
  const minCellSize = int('MIN_CELL_SIZE', 10, 5, 1000)
  const highNeedThreshold = int('HIGH_NEED_THRESHOLD', 67, 1, 100)
  const rateLimitPerMinute = int('RATE_LIMIT_PER_MINUTE', 60, 1, 1_000_000)
  const codeRateLimitPerMinute = int('CODE_RATE_LIMIT_PER_MINUTE', 600, 1, 10_000_000)
  const openRateLimitPerMinute = int('OPEN_RATE_LIMIT_PER_MINUTE', 600, 1, 10_000_000)
  const refusalHoldMs = int('REFUSAL_HOLD_MS', 1000, 0, 10_000)
  const metricsToken = env.METRICS_TOKEN?.trim() || null
  if (metricsToken !== null && metricsToken.length < 32) problems.push('METRICS_TOKEN must be at least 32 characters (for example: openssl rand -hex 24)')
  const trustProxy = readTrustProxy(env.TRUST_PROXY, problems)
  const sessionIdleMinutes = int('SESSION_IDLE_MINUTES', 30, 1, 24 * 60)
  const sessionMaxHours = int('SESSION_MAX_HOURS', 12, 1, 24 * 30)
  const gapNeedAtLeast = int('GAP_NEED_AT_LEAST', 60, 0, 100)
  const gapAssetAtMost = int('GAP_ASSET_AT_MOST', 40, 0, 100)
  const awarenessGapAtLeast = int('AWARENESS_GAP_AT_LEAST', 30, 0, 100)
  const releaseCheckSeconds = int('RELEASE_CHECK_SECONDS', 60, 0, 86_400)
  // At most k − 1: padding a group of one up to k takes k − 1 responses, and a larger burst would let them through.
  const reviewBurst = int('REVIEW_BURST', minCellSize - 1, 2, minCellSize - 1)
  const reviewBurstMinutes = int('REVIEW_BURST_MINUTES', 15, 1, 24 * 60)
  // Generous on purpose: half a second of lateness, three seconds in a row (server/plugins/pressure.ts), means every
  // request already waits that long. The heap's default is 90% of what V8 allows this process, short of the crash.
  const overloadEventLoopDelayMs = int('OVERLOAD_EVENT_LOOP_DELAY_MS', 500, 0, 60_000)
  const heapLimitMb = Math.floor(v8.getHeapStatistics().heap_size_limit / 2 ** 20)
  const overloadHeapMb = int('OVERLOAD_HEAP_MB', Math.floor(heapLimitMb * 0.9), 0, heapLimitMb)

  let databaseUrl: string | null = env.DATABASE_URL?.trim() || null
  if (databaseUrl !== null) {
    try {
      const url = new URL(databaseUrl)
      if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
        problems.push(`DATABASE_URL must start with postgres:// or postgresql:// (got ${url.protocol}//)`)
      }
    } catch {
      problems.push('DATABASE_URL is not a valid URL; expected postgres://user@host:5432/database, or unset it to use the embedded database')
      databaseUrl = null
    }
  }

  const logLevel = env.LOG_LEVEL?.trim() || 'info'
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL=${logLevel} must be one of ${LOG_LEVELS.join(', ')}`)

  const demoEnv = env.DEMO?.trim().toLowerCase()
  if (demoEnv !== undefined && demoEnv !== '' && !['0', '1', 'true', 'false'].includes(demoEnv)) {
    problems.push(`DEMO=${env.DEMO} must be true or false`)
  }
  const demo = !argv.includes('--no-demo') && demoEnv !== '0' && demoEnv !== 'false'

  const host = env.HOST?.trim() || '127.0.0.1'

  const publicUrl = env.PUBLIC_URL?.trim() || `http://localhost:${port}`
  let tls = false
  try {
    tls = new URL(publicUrl).protocol === 'https:'
  } catch {
    problems.push(`PUBLIC_URL=${publicUrl} is not a URL; expected e.g. https://ana.example.org`)
  }

  const timeZone = env.DISTRICT_TIME_ZONE?.trim() || 'America/Los_Angeles'
  if (!isTimeZone(timeZone)) problems.push(`DISTRICT_TIME_ZONE=${timeZone} is not a time zone; expected an IANA name such as America/Los_Angeles`)

  const oidc = readOidc(env, problems)

  if (problems.length > 0) throw new ConfigError(problems)

  const root = process.cwd()
  return Object.freeze({
    port,
    host,
    databaseUrl,
    dataDir: path.resolve(root, env.DATA_DIR?.trim() || 'data'),
    surveysDir: path.resolve(root, env.SURVEYS_DIR?.trim() || 'surveys'),
    clientDir: path.resolve(root, env.CLIENT_DIR?.trim() || 'dist/client'),
    minCellSize,
    highNeedThreshold,
    demo,
    demoPassword: env.DEMO_PASSWORD || 'demo-password',
    logLevel,
    publicUrl,
    rateLimitPerMinute,
    codeRateLimitPerMinute,
    openRateLimitPerMinute,
    refusalHoldMs,
    metricsToken,
    trustProxy,
    sessionIdleMinutes,
    sessionMaxHours,
    tls,
    gapNeedAtLeast,
    gapAssetAtMost,
    awarenessGapAtLeast,
    releaseCheckSeconds,
    reviewBurst,
    reviewBurstMinutes,
    timeZone,
    districtName: env.DISTRICT_NAME?.trim() || 'district',
    oidc,
    overloadEventLoopDelayMs,
    overloadHeapBytes: overloadHeapMb * 2 ** 20,
  })
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal']

/**
 * TRUST_PROXY: the reverse proxies in front of the server, so limits and sign-in throttles key on each family's or
 * staff member's address rather than the proxy's (which every request would share). Never "trust everyone": a
 * client could then name any address it likes in X-Forwarded-For and slip every per-address limit.
 */
function readTrustProxy(value: string | undefined, problems: string[]): string[] | false {
  const entries = (value ?? '').split(',').map((e) => e.trim()).filter(Boolean)
  if (entries.length === 0) return false
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/')
    const version = isIP(address)
    const validBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (version === 6 ? 128 : 32))
    if (!PROXY_NAMES.includes(entry) && (version === 0 || !validBits || extra !== undefined)) {
      problems.push(`TRUST_PROXY entry "${entry}" is not an address, a CIDR range or one of ${PROXY_NAMES.join(', ')} (e.g. TRUST_PROXY=loopback)`)
    }
  }
  return entries
}

/** OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET come together; the issuer is https (plain http only on this machine, for tests). */
function readOidc(env: NodeJS.ProcessEnv, problems: string[]): OidcConfig | null {
  const issuer = env.OIDC_ISSUER?.trim() || null
  const clientId = env.OIDC_CLIENT_ID?.trim() || null
  const clientSecret = env.OIDC_CLIENT_SECRET?.trim() || null
  const displayName = env.OIDC_DISPLAY_NAME?.trim() || null
  if (issuer === null) {
    if (clientId !== null || clientSecret !== null) problems.push('OIDC_CLIENT_ID and OIDC_CLIENT_SECRET need OIDC_ISSUER too (e.g. https://accounts.google.com)')
    return null
  }
  try {
    const url = new URL(issuer)
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
      problems.push(`OIDC_ISSUER=${issuer} must start with https:// (e.g. https://accounts.google.com)`)
    }
  } catch {
    problems.push(`OIDC_ISSUER=${issuer} is not a URL; expected e.g. https://accounts.google.com or https://login.microsoftonline.com/<tenant id>/v2.0`)
  }
  if (clientId === null) problems.push('OIDC_CLIENT_ID is missing: the client ID the identity provider gave when the app was registered')
  if (clientSecret === null) problems.push('OIDC_CLIENT_SECRET is missing: the client secret the identity provider gave when the app was registered')
  if (displayName !== null && displayName.length > 60) problems.push('OIDC_DISPLAY_NAME can have at most 60 characters')
  return clientId && clientSecret ? { issuer, clientId, clientSecret, displayName } : null
}
