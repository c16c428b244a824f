import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { answerAndSend, signInPage, UI } from './helpers'

const SHOTS = 'docs/screenshots'

/** A wall time in Los Angeles (the demo district's zone), days from now, as a datetime-local input takes it. */
function laWallTime(daysFromNow: number, hour: number): string {
  const date = new Date(Date.now() + daysFromNow * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' })
  return `${date}T${String(hour).padStart(2, '0')}:00`
}

/** Reads a QR code from a PNG, as a phone camera would read it off the printed poster. */
function decodeQr(png: Buffer): string {
  const image = PNG.sync.read(png)
  const found = jsQR(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height)
  if (!found) throw new Error('No QR code found in the image')
  return found.data
}

test('a district admin creates an administration, prints a Korean poster, and a family answers through its QR code', async ({ page, browser }) => {
  test.setTimeout(240_000)
  fs.mkdirSync(SHOTS, { recursive: true })
  const name = `Spring check-in ${Date.now()}`

  // Create: a window from tomorrow for a month, one school, the latest instrument versions.
  await signInPage(page, 'admin@example.org', '/admin/administrations')
  await expect(page.getByRole('heading', { name: 'Administrations', level: 1 })).toBeVisible()
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Opens').fill(laWallTime(1, 8))
  await page.getByLabel('Closes').fill(laWallTime(31, 17))
  const school = page.locator('.school-grid label').first()
  const schoolName = (await school.textContent())!.trim()
  await school.getByRole('checkbox').check()
  await page.screenshot({ path: `${SHOTS}/administration-new.png`, fullPage: true })
  await page.getByRole('button', { name: 'Create administration' }).click()

  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Scheduled')
  const row = page.locator('table tbody tr', { hasText: schoolName }).first()
  const code = (await row.locator('code.access-code').textContent())!.trim()
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)

  // Not open yet: the runner says so.
  const respondent = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  const phone = await respondent.newPage()
  await phone.goto(`/s/${code}`)
  await expect(phone.getByRole('alert')).toHaveText(UI.en.runner.errors.notYetOpen)

  // Open it early; the rates start at zero for the school (a district admin sees exact counts).
  await page.getByRole('button', { name: 'Open now' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Open')
  const rates = page.locator('table.rates tbody tr', { hasText: schoolName })
  await expect(rates.locator('[data-figure=responses]')).toHaveText('0')

  // The Korean poster, printed to PDF on A4.
  const printOptions = page.locator('.print-options')
  await printOptions.locator('label', { hasText: 'Language' }).locator('select').selectOption('ko')
  await printOptions.locator('label', { hasText: 'Paper' }).locator('select').selectOption('a4')
  await row.getByRole('link', { name: 'Poster' }).click()
  const sheet = page.getByTestId('print-sheet')
  await expect(sheet).toHaveAttribute('lang', 'ko')
  await expect(sheet.getByRole('heading', { level: 1 })).toHaveText('여러분의 목소리가 우리 학교를 돕습니다')
  await expect(sheet).toContainText('익명입니다')
  await expect(sheet).toContainText(code)
  const qr = sheet.locator('img.qr')
  await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
  await page.emulateMedia({ media: 'print' })
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true })
  fs.writeFileSync('test-results/poster-ko.pdf', pdf)
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
  // One A4 sheet: 210 × 297 mm is 595 × 842 points.
  const boxes = [...pdf.toString('latin1').matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Number(m[1]), Number(m[2])])
  expect(boxes).toHaveLength(1)
  expect(Math.abs(boxes[0][0] - 595.3)).toBeLessThan(2)
  expect(Math.abs(boxes[0][1] - 841.9)).toBeLessThan(2)
  await page.screenshot({ path: `${SHOTS}/poster-ko.png`, fullPage: true })
  await page.emulateMedia({ media: 'screen' })

  // Scan the QR code off the poster as printed, and follow it on a phone.
  const url = decodeQr(await qr.screenshot())
  expect(url).toMatch(new RegExp(`/s/${code}$`))
  await phone.goto(url)
  await phone.getByRole('button', { name: '한국어' }).click()
  await phone.getByRole('button', { name: UI.ko.runner.roles.family }).click()
  await phone.getByRole('button', { name: UI.ko.runner.consent.start }).click()
  await answerAndSend(phone, 'ko')
  await expect(phone.getByRole('heading', { name: UI.ko.runner.thanks.title })).toBeVisible()
  await respondent.close()

  // The response rate moves: one family response, in Korean.
  await page.goto(page.url().replace(/\/print\/.*$/, ''))
  await expect(rates.locator('[data-figure=responses]')).toHaveText('1')
  await expect(rates.locator('[data-figure=family]')).toContainText('1 of')
  await expect(rates).toContainText('한국어 1')
})

test('a revoked code gets the closed message in the respondent language, and a district analyst sees small counts as <k', async ({ page, browser }) => {
  await signInPage(page, 'admin@example.org', '/admin/administrations')
  await page.getByRole('link', { name: '2026-27 Fall Needs and Assets Assessment' }).click()
  await expect(page.getByRole('heading', { name: /2026-27 Fall/, level: 1 })).toBeVisible()
  await expect(page.locator('table.rates tbody tr').first()).toBeVisible()
  await page.screenshot({ path: `${SHOTS}/administration.png`, fullPage: true })
  const row = page.locator('table tbody tr').filter({ has: page.locator('code.access-code') }).first()
  const code = (await row.locator('code.access-code').textContent())!.trim()
  page.once('dialog', (dialog) => void dialog.accept())
  await row.getByRole('button', { name: 'New code' }).click()
  await expect(row.locator('code.access-code')).not.toHaveText(code)
  await expect(row).toContainText(`Revoked: ${code}`)

  const respondent = await browser.newContext()
  const phone = await respondent.newPage()
  await phone.goto(`/s/${code}?lang=es`)
  await expect(phone.getByRole('alert')).toHaveText(UI.es.runner.errors.revoked)
  await respondent.close()

  // Analysts read the rates with counts under k hidden, and never see codes.
  const analyst = await browser.newContext()
  const analystPage = await analyst.newPage()
  await signInPage(analystPage, 'analyst@example.org', page.url().replace(/^https?:\/\/[^/]+/, ''))
  await expect(analystPage.getByText(/^Counts under 10 show as <10 to protect small groups/)).toBeVisible()
  await expect(analystPage.locator('code.access-code')).toHaveCount(0)
  await analyst.close()
})
