import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import jsQR from 'jsqr'
import pg from 'pg'
import { PNG } from 'pngjs'
import { CHROMIUM, CHROMIUM_ARGS } from '../../playwright.config'
import signInText from '../../client/i18n/admin/sign-in.en.json' with { type: 'json' }
import { databaseUrlFor } from '../helpers/database-urls'
import { startTestProvider, TEST_CLIENT, type TestProvider } from '../helpers/oidc-provider'
import { TEST_IDP_NAME } from '../helpers/oidc-test-client'
import { UI } from './helpers'

// A district going live from a fresh clone, as the README's "Going live" walks it: a server of its own with
// DEMO=false on an empty database, the public address the district's people use (PUBLIC_URL), and its identity
// provider. Chromium resolves that address to this machine, so the posters' links are followed as a phone would.
const port = Number(process.env.E2E_PORT ?? 3107) + 3
const idpPort = port + 1
const HOST = 'ana.district.test'
const PUBLIC_URL = `http://${HOST}:${port}`
const ADMIN = { email: 'it-admin@district.test', password: 'correct horse battery staple' }
const FILE = fs.readFileSync(new URL('../fixtures/schools/district-60-with-3-bad-rows.csv', import.meta.url), 'utf8')
const FIXED = FILE.replace(',TK-15,', ',TK-5,').replace(',about 400,', ',410,').replace(',1964733,', ',19647336101628,')

test.use({
  baseURL: PUBLIC_URL,
  launchOptions: { executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${HOST} 127.0.0.1`] },
})

let server: ChildProcess | null = null
let idp: TestProvider | null = null
let database: { admin: string; name: string } | null = null
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-going-live-'))
let serverLog = ''

async function onServerDatabase(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: database!.admin })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

test.beforeAll(async () => {
  test.setTimeout(180_000)
  idp = await startTestProvider({
    port: idpPort,
    redirectUris: [`${PUBLIC_URL}/api/auth/oidc/callback`],
    users: [{ email: 'coordinator@district.test', emailVerified: true }],
  })
  let databaseUrl = ''
  if (process.env.E2E_DATABASE_URL) {
    // The PostgreSQL server: an empty database of its own, as a district's would be.
    database = { admin: process.env.E2E_DATABASE_URL, name: `ana_going_live_${process.pid}` }
    await onServerDatabase(`create database ${database.name}`)
    databaseUrl = databaseUrlFor(database.admin, database.name)
  }
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DEMO: 'false',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      PUBLIC_URL,
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: TEST_CLIENT.clientId,
      OIDC_CLIENT_SECRET: TEST_CLIENT.clientSecret,
      OIDC_DISPLAY_NAME: TEST_IDP_NAME,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout!.on('data', (chunk) => (serverLog += chunk))
  server.stderr!.on('data', (chunk) => (serverLog += chunk))
  const deadline = Date.now() + 150_000
  for (;;) {
    if (server.exitCode !== null) throw new Error(`The server stopped (${server.exitCode}):\n${serverLog}`)
    const up = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)
    if (up) break
    if (Date.now() > deadline) throw new Error(`The server did not start:\n${serverLog}`)
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
})

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const stopped = new Promise((resolve) => server!.once('exit', resolve))
    server.kill('SIGTERM')
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 10_000))])
    if (server.exitCode === null) server.kill('SIGKILL')
  }
  await idp?.close()
  if (database) await onServerDatabase(`drop database if exists ${database.name} with (force)`)
  fs.rmSync(dataDir, { recursive: true, force: true })
})

/** Reads a QR code from a PNG, as a phone camera would read it off the printed poster. */
function decodeQr(png: Buffer): string {
  const image = PNG.sync.read(png)
  const found = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)
  if (!found) throw new Error('No QR code found in the image')
  return found.data
}

/** A wall time in the district's zone (Los Angeles unless DISTRICT_TIME_ZONE says otherwise), as datetime-local takes it. */
function wallTime(daysFromNow: number, hour: number): string {
  const date = new Date(Date.now() + daysFromNow * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' })
  return `${date}T${String(hour).padStart(2, '0')}:00`
}

async function importSchools(page: Page, text: string) {
  await page.getByLabel('File to import').setInputFiles({ name: 'our-schools.csv', mimeType: 'text/csv', buffer: Buffer.from(text) })
  await page.getByRole('button', { name: 'Check the file' }).click()
}

test('a district goes live from a fresh clone: first admin, its 60 schools, staff through its identity provider, a high school offered only the secondary survey, posters with its public address', async ({ page, browser }) => {
  test.setTimeout(240_000)

  // An empty district: sign-in points to the first-run page, which needs no token on the server itself.
  await page.goto('/admin')
  await page.getByRole('link', { name: signInText.setupLink }).click()
  await expect(page.getByRole('heading', { name: signInText.setup.title, level: 1 })).toBeVisible()
  await expect(page.getByText(signInText.setup.local)).toBeVisible()
  await page.getByLabel(signInText.setup.email).fill(ADMIN.email)
  await page.getByLabel(signInText.setup.password).fill(ADMIN.password)
  await page.getByRole('button', { name: signInText.setup.submit }).click()
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
  await expect(page.locator('.who')).toContainText(ADMIN.email)
  expect(new URL(page.url()).pathname).toBe('/admin/accounts')

  // Its schools from the district's own file: three bad rows named by line and column, fixed, imported.
  await page.goto('/admin/schools')
  await page.getByRole('navigation').getByRole('link', { name: 'School directory' }).click()
  await importSchools(page, FILE)
  const problems = page.getByRole('alert')
  await expect(problems).toContainText('3 problems; the first is on line 12, column grades')
  await expect(problems.getByRole('row')).toHaveCount(4)
  await expect(problems.getByRole('row').nth(2)).toHaveText(/^27\s*enrollment_students/)
  await expect(problems.getByRole('row').nth(3)).toHaveText(/^45\s*cds_code/)
  await importSchools(page, FIXED)
  await page.getByRole('button', { name: 'Import: 60 new, 0 changed' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Imported: 60 new, 0 changed, 0 unchanged.' })).toBeVisible()

  // A coordinator's account with no password: they sign in with the district's accounts.
  await page.goto('/admin/accounts')
  await page.getByLabel('Email').fill('coordinator@district.test')
  await page.getByLabel('Role').selectOption('district-analyst')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.locator('.notice')).toHaveText('Account for coordinator@district.test created.')
  const theirs = await browser.newContext()
  const coordinator = await theirs.newPage()
  await coordinator.goto('/admin')
  await coordinator.getByRole('link', { name: `Sign in with ${TEST_IDP_NAME}` }).click()
  await coordinator.getByLabel('Account email').fill('coordinator@district.test')
  await coordinator.getByRole('button', { name: 'Continue to the district' }).click()
  await expect(coordinator.getByRole('button', { name: 'Sign out' })).toBeVisible()
  await expect(coordinator.locator('.who')).toContainText('coordinator@district.test')
  expect(new URL(coordinator.url()).origin).toBe(PUBLIC_URL)
  await theirs.close()

  // An administration at a high school and an elementary school: each is offered the student survey its grades answer.
  await page.goto('/admin/administrations')
  await page.getByLabel('Name').fill('Spring 2027 needs and assets')
  await page.getByLabel('Opens').fill(wallTime(-1, 8))
  await page.getByLabel('Closes').fill(wallTime(30, 17))
  await page.locator('.school-grid label', { hasText: 'King High' }).getByRole('checkbox').check()
  await page.locator('.school-grid label', { hasText: 'Alder Elementary' }).getByRole('checkbox').check()
  await page.getByRole('button', { name: 'Create administration' }).click()
  await expect(page.getByRole('heading', { name: 'Spring 2027 needs and assets', level: 1 })).toBeVisible()
  await expect(page.locator('.links-warning')).toHaveCount(0)
  const high = page.locator('table tbody tr', { hasText: 'King High' }).first()
  await expect(high.locator('th small')).toHaveText('Offered: Families, grades 9–12, Staff, Students, grades 9–12')
  await expect(page.locator('table tbody tr', { hasText: 'Alder Elementary' }).first().locator('th small')).toHaveText(
    'Offered: Families, grades TK–5, Staff, Students, grades 3–5',
  )
  const code = (await high.locator('code.access-code').textContent())!.trim()

  // The high school's poster carries the public address, in words and in its QR code.
  await high.getByRole('link', { name: 'Poster' }).click()
  const sheet = page.getByTestId('print-sheet')
  await expect(sheet).toContainText(code)
  await expect(sheet).toContainText(`${HOST}:${port}/s/${code}`)
  await expect(page.getByRole('alert')).toHaveCount(0)
  const qr = sheet.locator('img.qr')
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
  const link = decodeQr(await qr.screenshot())
  expect(link).toBe(`${PUBLIC_URL}/s/${code}`)

  // Followed on a phone: families, staff and the secondary student survey; the grades 3-5 one is not offered.
  const phoneContext = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' })
  const phone = await phoneContext.newPage()
  await phone.goto(`${link}?lang=en`)
  await expect(phone.getByRole('heading', { name: UI.en.runner.chooseRole })).toBeVisible()
  expect(await phone.locator('.choice--role > span:not(.choice__icon)').allInnerTexts()).toEqual([
    UI.en.runner.roles.family,
    UI.en.runner.roles.staff,
    UI.en.runner.roles.student,
  ])
  const offer = await phone.evaluate(async (c) => (await fetch(`/api/access/${c}`)).json(), code)
  expect(offer.instruments.map((i: { slug: string }) => i.slug).sort()).toEqual(['family-ana', 'staff-ana', 'student-ana'])
  await phoneContext.close()
})
