import { generateKeyPairSync } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider'
import { TEST_CLIENT } from './oidc-test-client'

export { TEST_CLIENT }

/**
 * A real OpenID provider (panva's oidc-provider, the certified one) in the test's own process, for sign-in with the
 * district's accounts: its login page signs in whichever configured test user's email is typed, with no password.
 */
export interface TestIdpUser {
  email: string
  emailVerified: boolean
}


export interface TestProvider {
  issuer: string
  port: number
  close(): Promise<void>
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function loginPage(uid: string, problem: string | null): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider</title></head><body>
<h1>Test identity provider</h1>${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login"><label>Account email <input name="email" type="email" required autofocus></label>
<button type="submit">Continue to the district</button></form></body></html>`
}

async function formBody(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = ''
  for await (const chunk of req) body += chunk
  return new URLSearchParams(body)
}

/** Starts the provider on a port (0: any free one); its users sign in by email alone. */
export async function startTestProvider(options: { users: TestIdpUser[]; redirectUris: string[]; port?: number }): Promise<TestProvider> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const issuer = `http://127.0.0.1:${port}`
  const users = new Map(options.users.map((u) => [u.email.toLowerCase(), u]))
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })

  const configuration: Configuration = {
    clients: [
      {
        client_id: TEST_CLIENT.clientId,
        client_secret: TEST_CLIENT.clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...(privateKey.export({ format: 'jwk' }) as object), kid: 'test-key', alg: 'RS256', use: 'sig' }] as never },
    cookies: { keys: ['a-test-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    // Google and Microsoft put the email in the ID token; so does this provider.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const user = users.get(id.toLowerCase())
      return user ? { accountId: id, claims: () => ({ sub: id, email: user.email, email_verified: user.emailVerified }) } : undefined
    },
    // The district's own app: no consent screen (Workspace and Entra admins grant consent for the whole district).
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId)
      if (grantId) return ctx.oidc.provider.Grant.find(grantId)
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId })
      grant.addOIDCScope('openid email profile')
      await grant.save()
      return grant
    },
  }
  const provider = new Provider(issuer, configuration)
  const callback = provider.callback()

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(req.url ?? '')
    if (!interaction) return callback(req, res)
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res)
        if (req.method === 'POST' && interaction[2]) {
          const email = (await formBody(req)).get('email')?.trim().toLowerCase() ?? ''
          if (!users.has(email)) {
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid, `No test user ${email}.`))
            return
          }
          await provider.interactionFinished(req, res, { login: { accountId: email } }, { mergeWithLastSubmission: false })
          return
        }
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid, null))
      } catch (error) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error))
      }
    })()
  })

  return {
    issuer,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The provider's cookies, kept as a browser would (by name; the provider reads them by name). */
class CookieJar {
  private readonly cookies = new Map<string, string>()
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }
  header(): string {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ')
  }
}

/**
 * Follows the identity provider's redirects by hand, as a browser would, from the authorization URL the app sent
 * the browser to, typing the email into its login page, until the provider sends the browser back to the app.
 * Returns that URL (the app's callback with code, state and iss).
 */
export async function signInAtProvider(authorizationUrl: string, email: string, redirectUri: string): Promise<URL> {
  const jar = new CookieJar()
  let url = new URL(authorizationUrl)
  let init: RequestInit = {}
  for (let step = 0; step < 10; step++) {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as object), cookie: jar.header() } })
    jar.take(response)
    const location = response.headers.get('location')
    if (location) {
      const next = new URL(location, url)
      if (next.href.startsWith(redirectUri)) return next
      url = next
      init = {}
      continue
    }
    const page = await response.text()
    const action = /<form method="post" action="([^"]+)"/.exec(page)
    if (!action) throw new Error(`The provider answered ${response.status} without a login form: ${page.slice(0, 300)}`)
    url = new URL(action[1].replace(/&#(\d+);/g, (_m, c) => String.fromCharCode(Number(c))), url)
    init = { method: 'POST', body: new URLSearchParams({ email }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }
  }
  throw new Error('The provider did not send the browser back within 10 steps')
}
