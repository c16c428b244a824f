import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test'
import signInText from '../../client/i18n/admin/sign-in.en.json' with { type: 'json' }
import { startTestProvider, type TestProvider } from '../helpers/oidc-provider'
import { TEST_IDP_NAME } from '../helpers/oidc-test-client'
import { DEMO_PASSWORD } from './helpers'

// Sign-in with the district's accounts in Chromium, through a real OpenID provider run by this test (the e2e server's
// OIDC_ISSUER points at it: playwright.config.ts).
const port = Number(process.env.E2E_PORT ?? 3107)
const REFUSED = signInText.refused
let idp: TestProvider

test.beforeAll(async ({ request }) => {
  idp = await startTestProvider({
    port: Number(process.env.E2E_OIDC_PORT),
    redirectUris: [`http://127.0.0.1:${port}/api/auth/oidc/callback`],
    users: [
      { email: 'analyst@example.org', emailVerified: true },
      { email: 'stranger@example.org', emailVerified: true },
      { email: 'unverified@example.org', emailVerified: false },
      { email: 'disabled-staff@example.org', emailVerified: true },
      { email: 'newcomer@newcomers.example.org', emailVerified: true },
    ],
  })
  // An account the district disabled.
  const admin = await adminApi(request)
  const created = await admin.post('/api/users', { email: 'disabled-staff@example.org', role: 'district-analyst' })
  expect([201, 409]).toContain(created.status())
  const account = ((await (await request.get('/api/users')).json()).users as { id: number; email: string }[]).find((u) => u.email === 'disabled-staff@example.org')!
  expect((await admin.patch(`/api/users/${account.id}`, { disabled: true })).status()).toBe(204)
})
test.afterAll(() => idp?.close())

/** An API context signed in as the demo admin, sending its CSRF token with every change. */
async function adminApi(request: APIRequestContext) {
  const login = await request.post('/api/auth/login', { data: { email: 'admin@example.org', password: DEMO_PASSWORD } })
  expect(login.status()).toBe(200)
  const headers = { 'x-csrf-token': (await login.json()).csrfToken }
  return {
    post: (url: string, data: unknown) => request.post(url, { data, headers }),
    patch: (url: string, data: unknown) => request.patch(url, { data, headers }),
    put: (url: string, data: unknown) => request.put(url, { data, headers }),
  }
}

/** From the staff sign-in page through the provider's login page; each in a fresh browser, as the provider keeps a session. */
async function signInThroughProvider(browser: Browser, email: string): Promise<{ page: Page; callbacks: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  const callbacks: string[] = []
  page.on('request', (r) => {
    if (r.url().includes('/api/auth/oidc/callback')) callbacks.push(r.url())
  })
  await page.goto('/admin')
  await page.getByRole('link', { name: `Sign in with ${TEST_IDP_NAME}` }).click()
  await expect(page.getByRole('heading', { name: 'Test identity provider' })).toBeVisible()
  await page.getByLabel('Account email').fill(email)
  await page.getByRole('button', { name: 'Continue to the district' }).click()
  return { page, callbacks, close: () => context.close() }
}

test('a staff member signs in with the district’s accounts and lands on the staff pages; a replayed sign-in is refused', async ({ browser }) => {
  const { page, callbacks, close } = await signInThroughProvider(browser, 'analyst@example.org')
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
  await expect(page.getByText('analyst@example.org')).toBeVisible()
  expect(new URL(page.url()).pathname).toBe('/admin')
  const session = (await page.context().cookies()).find((c) => c.name === '__Host-ana_session')
  expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax' })
  await page.screenshot({ path: 'test-results/screenshots/oidc-signed-in.png' })

  // The provider's answer, sent again (a copied URL, the back button): the state worked once.
  expect(callbacks).toHaveLength(1)
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.goto(callbacks[0])
  await expect(page.getByRole('alert')).toHaveText(REFUSED.replayed)
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await close()
})

for (const [email, reason] of [
  ['stranger@example.org', 'unknown_email'],
  ['unverified@example.org', 'unverified_email'],
  ['disabled-staff@example.org', 'disabled'],
] as const) {
  test(`refuses ${email} with the message for ${reason}`, async ({ browser }) => {
    const { page, close } = await signInThroughProvider(browser, email)
    await expect(page.getByRole('alert')).toHaveText(REFUSED[reason])
    expect(new URL(page.url()).searchParams.get('signin')).toBe(reason)
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0)
    if (reason === 'unknown_email') await page.screenshot({ path: 'test-results/screenshots/oidc-refused.png' })
    await close()
  })
}

// An answer naming another issuer (a mix-up attack) is refused too: tests/server/auth/oidc.test.ts sends one by hand
// (Chromium does not let a test rewrite a redirect it follows).

test('someone from an allowed domain gets an account with no access at first sign-in, until an admin gives it a role', async ({ browser, request }) => {
  const admin = await adminApi(request)
  const settings = await admin.put('/api/sign-in-settings', { passwords: true, openDomains: ['newcomers.example.org'] })
  expect(settings.status()).toBe(200)
  try {
    const { page, close } = await signInThroughProvider(browser, 'newcomer@newcomers.example.org')
    await expect(page.getByRole('heading', { name: signInText.pending.title })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Schools' })).toHaveCount(0)
    await close()
  } finally {
    expect((await admin.put('/api/sign-in-settings', { passwords: true, openDomains: [] })).status()).toBe(200)
  }
})
