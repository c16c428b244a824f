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

/**
 * Other specs share this server and read the demo district's defaults (the newest administration, a school's latest
 * one, the demo schools' codes). So this administration opened two months ago, before the demo one, at a school no
 * other spec uses: it changes none of them.
 */
const SCHOOL = 'Olympic Primary Center'

test('a district admin creates an administration, prints a Korean poster, and a family answers through its QR code', async ({ page, browser }) => {
  test.setTimeout(240_000)
  fs.mkdirSync(SHOTS, { recursive: true })
  const name = `Spring check-in ${Date.now()}`

  // Create: a window from two months ago for three months, one school, the latest instrument versions.
  await signInPage(page, 'admin@example.org', '/admin/administrations')
  await expect(page.getByRole('heading', { name: 'Administrations', level: 1 })).toBeVisible()
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Opens').fill(laWallTime(-60, 8))
  await page.getByLabel('Closes').fill(laWallTime(30, 17))
  await page.locator('.school-grid label', { hasText: SCHOOL }).getByRole('checkbox').check()
  await page.screenshot({ path: `${SHOTS}/administration-new.png`, fullPage: true })
  await page.getByRole('button', { name: 'Create administration' }).click()

  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Open')
  const row = page.locator('table tbody tr', { hasText: SCHOOL }).first()
  const code = (await row.locator('code.access-code').textContent())!.trim()
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)

  // The rates start empty: nothing released ('<10' for everyone, a district admin included) and nothing live (0–9).
  const rates = page.locator('table.rates tbody tr', { hasText: SCHOOL })
  await expect(rates.locator('[data-figure=responses] [aria-hidden=true]')).toHaveText('<10')
  await expect(rates.locator('[data-figure=live]')).toHaveText('0–9')

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
  const respondent = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
  const phone = await respondent.newPage()
  await phone.goto(url)
  await phone.getByRole('button', { name: '한국어' }).click()
  await phone.getByRole('button', { name: UI.ko.runner.roles.family }).click()
  await phone.getByRole('button', { name: UI.ko.runner.consent.start }).click()
  await answerAndSend(phone, 'ko')
  await expect(phone.getByRole('heading', { name: UI.ko.runner.thanks.title })).toBeVisible()

  // One family response, in Korean: live progress stays in its band and no count shows it, Korean included.
  const administrationUrl = page.url().replace(/\/print\/.*$/, '')
  await page.goto(administrationUrl)
  await expect(rates.locator('[data-figure=live]')).toHaveText('0–9')
  await expect(rates.locator('[data-figure=family] [aria-hidden=true]')).toHaveText('<10')
  await expect(rates.locator('[data-locale=ko] [aria-hidden=true]')).toHaveText('<10')

  // Staff read releases: none yet. Releasing now takes the school's first response in (a first release takes everything).
  const releases = page.getByRole('region', { name: 'Releases' })
  await expect(releases).toContainText('No releases yet.')
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toContain('a release cannot be undone')
    void dialog.accept()
  })
  await releases.getByRole('button', { name: 'Release figures now' }).click()
  await expect(releases.locator('.release-now').getByRole('status')).toHaveText('Release 1 cut: the new responses of 1 school taken in.')
  await expect(releases.locator('table.release-list tbody tr')).toHaveCount(1)
  await expect(releases.getByRole('row', { name: /^1 / })).toContainText('No')
  // The school's profile for this administration says where its figures come from.
  const administrationId = Number(/\/admin\/administrations\/(\d+)/.exec(administrationUrl)![1])
  const { schools } = (await (await page.request.get('/api/schools')).json()) as { schools: { id: number; name: string }[] }
  const schoolId = schools.find((s) => s.name === SCHOOL)!.id
  await page.goto(`/admin/schools/${schoolId}?administration=${administrationId}`)
  await expect(page.locator('.release-line')).toContainText(/^Figures as of release 1, cut .+\. The next release is cut when the survey closes on .+\./)

  // A second family answers: one more person is under k, so the next release waits for more.
  await phone.goto(url)
  await phone.getByRole('button', { name: '한국어' }).click()
  await phone.getByRole('button', { name: UI.ko.runner.roles.family }).click()
  await phone.getByRole('button', { name: UI.ko.runner.consent.start }).click()
  // The thanks page may come before the outbox has sent the response: cut only once the server has it.
  const sent = phone.waitForResponse((r) => new URL(r.url()).pathname === '/api/responses' && r.request().method() === 'POST')
  await answerAndSend(phone, 'ko')
  await expect(phone.getByRole('heading', { name: UI.ko.runner.thanks.title })).toBeVisible()
  expect((await sent).ok()).toBe(true)
  await page.goto(administrationUrl)
  page.once('dialog', (dialog) => void dialog.accept())
  await releases.getByRole('button', { name: 'Release figures now' }).click()
  await expect(releases.locator('.release-now').getByRole('status')).toHaveText('No release cut: no new responses could join yet. 1 school still waiting for enough new responses.')
  await expect(releases.locator('table.release-list tbody tr')).toHaveCount(1)

  // In Spanish on a 360 px phone, the releases read and fit.
  await page.evaluate(() => localStorage.setItem('ana.admin.language', 'es'))
  await page.setViewportSize({ width: 360, height: 800 })
  await page.reload()
  const publicaciones = page.getByRole('region', { name: 'Publicaciones de cifras' })
  await expect(publicaciones.getByRole('button', { name: 'Publicar las cifras ahora' })).toBeVisible()
  await expect(publicaciones.getByRole('row', { name: /^1 / })).toContainText('No')
  expect(await publicaciones.evaluate((s) => s.scrollWidth <= s.clientWidth && s.getBoundingClientRect().right <= window.innerWidth)).toBe(true)
  await publicaciones.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/screenshots/administration-releases-es-360.png' })
  await page.evaluate(() => localStorage.removeItem('ana.admin.language'))
  await page.setViewportSize({ width: 1280, height: 720 })
  await page.reload()

  // A new code: the old one now gets the runner's "no longer in use", in the respondent's language.
  page.once('dialog', (dialog) => void dialog.accept())
  await row.getByRole('button', { name: 'New code' }).click()
  await expect(row.locator('code.access-code')).not.toHaveText(code)
  await expect(row).toContainText(`Revoked: ${code}`)
  await phone.goto(`/s/${code}?lang=es`)
  await expect(phone.getByRole('alert')).toHaveText(UI.es.runner.errors.revoked)
  await respondent.close()

  // A district analyst reads the same rates with the one response as '<10', and sees no codes.
  const analyst = await browser.newContext()
  const analystPage = await analyst.newPage()
  await signInPage(analystPage, 'analyst@example.org', administrationUrl.replace(/^https?:\/\/[^/]+/, ''))
  await expect(analystPage.getByText(/^Everyone, district admins included, sees a count under 10 as <10/)).toBeVisible()
  await expect(analystPage.locator('table.rates tbody tr', { hasText: SCHOOL }).locator('[data-figure=responses] [aria-hidden=true]')).toHaveText('<10')
  await expect(analystPage.locator('code.access-code')).toHaveCount(0)
  await analyst.close()
})

test("the demo administration's response rates, lowest coverage first", async ({ page }) => {
  await signInPage(page, 'admin@example.org', '/admin/administrations')
  await page.getByRole('link', { name: '2026-27 Fall Needs and Assets Assessment' }).click()
  await expect(page.getByRole('heading', { name: /2026-27 Fall/, level: 1 })).toBeVisible()
  const rows = page.locator('table.rates tbody tr')
  await expect(rows.first()).toBeVisible()
  // Lowest coverage first among those whose coverage is known (or known to be at most a share); unknown coverage
  // after them, never first as 0 %; nothing to measure last.
  const coverage = await page.locator('table.rates [data-figure=coverage]').evaluateAll((tds) => tds.map((td) => [td.getAttribute('data-coverage'), td.getAttribute('data-share')]))
  const rank = { known: 0, partial: 0, unknown: 1, 'no-target': 2 } as Record<string, number>
  const keys = coverage.map(([status, share]) => [rank[status!], share ? Number(share) : 0])
  expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]))
  expect(coverage.some(([status]) => status === 'known')).toBe(true)
  expect(await page.locator('table.rates [data-figure=coverage]').allTextContents()).not.toContain('0%')

  // The administration's downloads, on its own page: the gaps file named like every export.
  const downloads = page.getByRole('region', { name: 'Downloads' })
  const [gaps] = await Promise.all([page.waitForEvent('download'), downloads.getByRole('listitem').filter({ hasText: 'gaps' }).getByRole('link', { name: 'CSV' }).click()])
  expect(gaps.suggestedFilename()).toMatch(/^district_2026-27-fall-needs-and-assets-assessment_gaps_\d{4}-\d{2}-\d{2}\.csv$/)
  expect(fs.readFileSync((await gaps.path())!, 'utf8')).toMatch(/^\uFEFFschool,region,domain,need index/)
  // One instrument's extract, with its own SPSS syntax: only that instrument's columns.
  const family = downloads.getByRole('listitem').filter({ hasText: '(family-ana)' })
  const [extract] = await Promise.all([page.waitForEvent('download'), family.getByRole('link', { name: 'CSV' }).first().click()])
  expect(extract.suggestedFilename()).toMatch(/^district_2026-27-fall-needs-and-assets-assessment_responses-family-ana_\d{4}-\d{2}-\d{2}\.csv$/)
  const header = fs.readFileSync((await extract.path())!, 'utf8').split('\n')[0]
  expect(header).toContain('family-ana.')
  expect(header).not.toContain('staff-ana.')
  const [sps] = await Promise.all([page.waitForEvent('download'), family.getByRole('link', { name: 'SPSS syntax' }).click()])
  expect(sps.suggestedFilename()).toMatch(/_responses-family-ana_\d{4}-\d{2}-\d{2}\.sps$/)

  // '<10' stays '<10' beside a right-to-left language name: each name and count is isolated, so in this left-to-right
  // page the name comes first and the count reads '<' then '10' (unisolated, Chromium drew '10>' after العربية).
  for (const locale of ['ar', 'fa']) {
    const entry = page.locator(`table.rates [data-locale=${locale}]`).filter({ has: page.locator('.withheld-count') }).first()
    await expect(entry.locator('[aria-hidden=true]')).toHaveText('<10')
    const order = await entry.evaluate((li) => {
      const name = li.querySelector('bdi[lang]')!.getBoundingClientRect()
      const text = li.querySelector('.count [aria-hidden=true]')!.firstChild!
      const at = (i: number) => {
        const range = document.createRange()
        range.setStart(text, i)
        range.setEnd(text, i + 1)
        return range.getBoundingClientRect().left
      }
      return { nameBeforeCount: name.right <= at(0), lessThanFirst: at(0) < at(1) && at(1) < at(2) }
    })
    expect(order, locale).toEqual({ nameBeforeCount: true, lessThanFirst: true })
  }
  await page.locator('table.rates [data-locale=ar]').filter({ has: page.locator('.withheld-count') }).first().locator('xpath=..').screenshot({ path: 'test-results/screenshots/rates-rtl-language-names.png' })
  // The rates alone: this server's PUBLIC_URL is local, so the page above them warns that phones cannot open its links
  // (going-live.spec.ts prints posters from a server with a public address).
  await page.locator('section', { has: page.locator('table.rates') }).last().screenshot({ path: `${SHOTS}/administration.png` })
})
