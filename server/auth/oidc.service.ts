import type { Kysely } from 'kysely'
import * as client from 'openid-client'
import { audit } from '../audit/audit.repository'
import type { Config, OidcConfig } from '../config'
import type { Database } from '../db/schema'
import { HttpError, NotFound } from '../errors'
import { findUserByEmail } from './auth.repository'
import { normalizeEmail, startSession, type LoginResult } from './auth.service'
import { insertOidcSignIn, insertPendingUser, takeOidcSignIn } from './oidc.repository'
import { tokenHash } from './sessions'
import { signInSettings } from './sign-in-settings.repository'
import { isLoopbackHost } from '../public-url'

/** Why a sign-in with the district's accounts was refused; the sign-in page shows a sentence for each. */
export const OIDC_REFUSALS = [
  'unknown_email',
  'unverified_email',
  'no_email',
  'disabled',
  'wrong_issuer',
  'replayed',
  'other_browser',
  'cancelled',
  'provider_error',
] as const
export type OidcRefusalReason = (typeof OIDC_REFUSALS)[number]

export class OidcRefusal extends Error {
  constructor(
    readonly reason: OidcRefusalReason,
    readonly email: string | null = null,
    /** What the provider's answer failed, for the audit log (never shown to the person). */
    readonly problem: string | null = null,
  ) {
    super(`Sign-in with the district's accounts refused: ${reason}`)
    this.name = 'OidcRefusal'
  }
}

const SCOPE = 'openid email profile'

/**
 * The relying party: the identity provider's metadata is read at the first sign-in (not at start-up, so the server
 * starts while the provider is unreachable) and kept; a failed read is tried again at the next sign-in.
 */
export class OidcClient {
  private discovered: Promise<client.Configuration> | null = null
  readonly redirectUri: string

  constructor(
    readonly settings: OidcConfig,
    publicUrl: string,
  ) {
    this.redirectUri = `${publicUrl.replace(/\/+$/, '')}/api/auth/oidc/callback`
  }

  configuration(): Promise<client.Configuration> {
    if (this.discovered === null) {
      const issuer = new URL(this.settings.issuer)
      // Plain http only for an identity provider on this machine (tests); config.ts refuses it anywhere else.
      const insecure = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname)
      this.discovered = client
        .discovery(issuer, this.settings.clientId, undefined, client.ClientSecretBasic(this.settings.clientSecret), insecure ? { execute: [client.allowInsecureRequests] } : undefined)
        .catch((error: unknown) => {
          this.discovered = null
          throw new HttpError(502, 'idp_unreachable', `The district’s sign-in service (${this.settings.issuer}) cannot be reached: ${(error as Error).message}. Try again in a minute.`)
        })
    }
    return this.discovered
  }
}

export function oidcClientOf(config: Pick<Config, 'oidc' | 'publicUrl'>): OidcClient | null {
  return config.oidc ? new OidcClient(config.oidc, config.publicUrl) : null
}

function requireClient(oidc: OidcClient | null): OidcClient {
  if (oidc === null) throw new NotFound('Sign-in with the district’s accounts is not set up on this server (OIDC_ISSUER).')
  return oidc
}

/** Starts a sign-in: where to send the browser, and the state the browser keeps in a short-lived cookie. */
export async function startOidcSignIn(db: Kysely<Database>, oidc: OidcClient | null): Promise<{ url: string; state: string }> {
  const rp = requireClient(oidc)
  const configuration = await rp.configuration()
  const state = client.randomState()
  const nonce = client.randomNonce()
  const codeVerifier = client.randomPKCECodeVerifier()
  await insertOidcSignIn(db, { stateHash: tokenHash(state), nonce, codeVerifier })
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: rp.redirectUri,
    scope: SCOPE,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  })
  return { url: url.href, state }
}

/** The messages of an error and its causes: openid-client wraps the check that failed ('unexpected "iss" ...'). */
function messagesOf(error: unknown): string {
  const messages: string[] = []
  for (let e = error; e instanceof Error && messages.length < 4; e = e.cause) messages.push(e.message)
  return messages.join(': ')
}

/** An issuer that is not the configured one, in the response's `iss` or the ID token's. */
function isIssuerMismatch(error: unknown): boolean {
  return /"iss" \(issuer\)/.test(messagesOf(error))
}

/**
 * Finishes a sign-in when the identity provider sends the person back: the state is taken (it works once) and must
 * be the one this browser started with; the code is exchanged with the PKCE verifier, the ID token's issuer,
 * audience and nonce are checked, and the verified email names the account. Refusals are audited and thrown as
 * OidcRefusal.
 */
export async function finishOidcSignIn(
  db: Kysely<Database>,
  oidc: OidcClient | null,
  input: { query: string; state: string | null; browserState: string | null },
): Promise<LoginResult> {
  const rp = requireClient(oidc)
  try {
    return await finish(db, rp, input)
  } catch (error) {
    if (!(error instanceof OidcRefusal)) throw error
    const account = error.email === null ? undefined : await findUserByEmail(db, error.email)
    await audit(db, {
      actor: account ? { id: account.id, email: account.email } : null,
      action: 'auth.login',
      outcome: 'refused',
      ...(error.email === null ? {} : { target: `email:${error.email.slice(0, 254)}` }),
      detail: { method: 'oidc', reason: error.reason, ...(error.problem === null ? {} : { problem: error.problem.slice(0, 300) }) },
    })
    throw error
  }
}

async function finish(db: Kysely<Database>, rp: OidcClient, input: { query: string; state: string | null; browserState: string | null }): Promise<LoginResult> {
  const params = new URLSearchParams(input.query)
  if (input.state === null) throw new OidcRefusal(params.get('error') === 'access_denied' ? 'cancelled' : 'replayed')
  const flow = await takeOidcSignIn(db, tokenHash(input.state))
  if (!flow || !flow.fresh) throw new OidcRefusal('replayed')
  // A sign-in finished in another browser than it started in (someone's link, a login CSRF) is refused.
  if (input.browserState !== input.state) throw new OidcRefusal('other_browser')
  if (params.get('error') === 'access_denied') throw new OidcRefusal('cancelled')

  const configuration = await rp.configuration()
  let claims: client.IDToken | undefined
  try {
    const tokens = await client.authorizationCodeGrant(configuration, new URL(`${rp.redirectUri}?${input.query}`), {
      pkceCodeVerifier: flow.code_verifier,
      expectedState: input.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    })
    claims = tokens.claims()
  } catch (error) {
    throw new OidcRefusal(isIssuerMismatch(error) ? 'wrong_issuer' : 'provider_error', null, messagesOf(error))
  }
  if (!claims || typeof claims.email !== 'string' || claims.email === '') throw new OidcRefusal('no_email')
  const email = normalizeEmail(claims.email)
  // Google and most providers say email_verified; Microsoft Entra ID says xms_edov (the domain's owner verified it).
  if (claims.email_verified !== true && claims.xms_edov !== true) throw new OidcRefusal('unverified_email', email)

  let account = await findUserByEmail(db, email)
  if (!account) {
    const domain = email.slice(email.lastIndexOf('@') + 1)
    const { open_domains: openDomains } = await signInSettings(db)
    if (!openDomains.includes(domain)) throw new OidcRefusal('unknown_email', email)
    const created = await insertPendingUser(db, email)
    if (created) await audit(db, { actor: null, action: 'user.create', outcome: 'success', target: `user:${created.id}`, detail: { email, role: 'pending', via: 'oidc' } })
    account = await findUserByEmail(db, email)
    if (!account) throw new OidcRefusal('unknown_email', email)
  }
  if (account.disabled_at !== null) throw new OidcRefusal('disabled', email)
  return startSession(db, account, 'oidc')
}
