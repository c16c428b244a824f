import { expect, test } from '@playwright/test'
import { DEMO_PASSWORD, signInPage } from './helpers'

test('staff pages ask for sign-in; a wrong password gets one generic message', async ({ page }) => {
  await page.goto('/admin/district')
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await page.getByLabel('Email').fill('admin@example.org')
  await page.getByLabel('Password').fill('not the password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText('The email or password is not right.')
  await page.getByLabel('Email').fill('nobody@example.org')
  await page.getByLabel('Password').fill('not the password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toHaveText('The email or password is not right.')
  await page.getByLabel('Email').fill('admin@example.org')
  await page.getByLabel('Password').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('heading', { name: /District comparison/ })).toBeVisible()
  const cookies = await page.context().cookies()
  const session = cookies.find((c) => c.name === '__Host-ana_session')
  expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' })
  expect(session!.value).toMatch(/^[A-Za-z0-9_-]{22}$/)
})

test("a school team sees its own school only; another school's profile is refused", async ({ page, request }) => {
  await signInPage(page, 'team@example.org')
  const rows = page.getByRole('table').getByRole('row')
  await expect(rows).toHaveCount(2) // the header and one school
  await expect(page.getByRole('link', { name: 'District comparison' })).toHaveCount(0)
  await expect(page.getByRole('link', { name: 'Accounts' })).toHaveCount(0)
  const own = await page.getByRole('table').getByRole('link').getAttribute('href')
  const ownId = Number(own!.split('/').pop())
  await page.goto(`/admin/schools/${ownId + 1}`)
  await expect(page.getByRole('alert')).toHaveText('Your account can see only its own schools.')
  await page.goto(own!)
  await expect(page.getByRole('heading', { name: 'What stands out' })).toBeVisible()
  // The API agrees, for a context signed in as the same team member.
  await request.post('/api/auth/login', { data: { email: 'team@example.org', password: DEMO_PASSWORD } })
  expect((await request.get(`/api/schools/${ownId + 1}/profile`)).status()).toBe(403)
  expect((await request.get('/api/district/compare?administration=1')).status()).toBe(403)
})

test('an admin creates an account, sees it sign in in the audit log, and ends its sessions', async ({ page, browser }) => {
  const email = `coordinator-${Date.now()}@example.org`
  await signInPage(page, 'admin@example.org', '/admin/accounts')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel(/First password/).fill('a long enough password')
  await page.getByLabel('Role').selectOption('school-team')
  await page.getByLabel('Schools').selectOption({ index: 1 })
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.locator('.notice')).toHaveText(`Account for ${email} created.`)
  await expect(page.getByRole('row').filter({ hasText: email })).toContainText('School team')

  const other = await browser.newContext()
  const theirs = await other.newPage()
  await theirs.goto('/admin')
  await theirs.getByLabel('Email').fill(email)
  await theirs.getByLabel('Password').fill('a long enough password')
  await theirs.getByRole('button', { name: 'Sign in' }).click()
  await expect(theirs.getByRole('button', { name: 'Sign out' })).toBeVisible()

  await page.reload()
  const row = page.getByRole('row').filter({ hasText: email })
  await expect(row.getByRole('cell').nth(3)).toHaveText('1')
  await row.getByRole('button', { name: 'End sessions' }).click()
  await expect(page.locator('.notice')).toHaveText(`Sessions of ${email} ended.`)

  // Their next request finds the session gone and the page asks them to sign in again.
  await theirs.reload()
  await expect(theirs.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  await other.close()

  await page.getByRole('link', { name: 'Audit log' }).click()
  await expect(page.getByRole('row').filter({ hasText: 'user.create' }).first()).toContainText(email)
  await expect(page.getByRole('row').filter({ hasText: 'sessions.end' }).first()).toContainText('admin@example.org')
  await expect(page.getByRole('row').filter({ hasText: 'auth.login' }).filter({ hasText: 'Failed' }).first()).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/admin-audit-log.png', fullPage: true })
})

test('signing out ends the session on the server', async ({ page }) => {
  await signInPage(page, 'analyst@example.org')
  const session = (await page.context().cookies()).find((c) => c.name === '__Host-ana_session')!
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  // The old token, replayed by hand, no longer works.
  const replay = await page.request.get('/api/auth/me', { headers: { cookie: `__Host-ana_session=${session.value}` } })
  expect(replay.status()).toBe(401)
})

test('an analyst makes an API token, a BI tool reads the district comparison with it, and after revoking it gets 401', async ({ page, playwright, baseURL }) => {
  await signInPage(page, 'analyst@example.org', '/admin/tokens')
  await expect(page.getByRole('heading', { name: 'API tokens' })).toBeVisible()
  await page.getByLabel('Name').fill('Power BI, district dashboard')
  await page.getByLabel('Expires after').selectOption('30')
  await page.getByRole('button', { name: 'Make a token' }).click()
  await expect(page.getByRole('status')).toContainText('it is shown only this once')
  const token = (await page.getByTestId('new-token').textContent())!
  expect(token).toMatch(/^ana_[A-Za-z0-9_-]{43}$/)
  await expect(page.getByRole('row', { name: /Power BI, district dashboard/ })).toContainText('Never')

  // A BI tool: no cookies, only the header.
  const bi = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } })
  const compare = await bi.get('/api/district/compare?administration=1')
  expect(compare.status()).toBe(200)
  expect((await compare.json()).administration.id).toBe(1)
  const csv = await bi.get('/api/exports/district-comparison?administration=1&format=csv')
  expect(csv.status()).toBe(200)
  expect(csv.headers()['content-type']).toMatch(/^text\/csv/)
  // The feed addresses the page lists are the ones a BI tool refreshes from, with the token alone.
  const feeds = page.getByRole('region', { name: 'Feeds for Power BI, Excel and R' })
  const feedOf = async (what: string) => (await feeds.getByRole('row').filter({ has: page.getByRole('rowheader', { name: what, exact: true }) }).locator('code').textContent())!
  const responsesFeed = await feedOf('Response-level data')
  expect(responsesFeed).toBe(`${new URL(baseURL!).origin}/api/exports/responses?administration=1&format=csv`)
  const responses = await bi.get(responsesFeed)
  expect(responses.status()).toBe(200)
  expect((await responses.text()).replace(/^\uFEFF/, '')).toMatch(/^row,/)
  const comparisonFeed = await bi.get(await feedOf('District comparison (every school and domain)'))
  expect((await comparisonFeed.text()).replace(/^\uFEFF/, '')).toMatch(/^school,region,/)

  page.once('dialog', (dialog) => void dialog.accept())
  await page.getByRole('row', { name: /Power BI, district dashboard/ }).getByRole('button', { name: 'Revoke' }).click()
  await expect(page.getByRole('status')).toHaveText('“Power BI, district dashboard” is revoked.')
  await expect(page.getByRole('row', { name: /Power BI, district dashboard/ })).toContainText('Revoked')
  const refused = await bi.get('/api/district/compare?administration=1')
  expect(refused.status()).toBe(401)
  expect(await refused.json()).toEqual({ error: 'unauthorized', message: 'The API token is unknown, expired or revoked: make a new one on your account page.' })
  await bi.dispose()
})
