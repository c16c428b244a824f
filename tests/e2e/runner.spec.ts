import { expect, test } from '@playwright/test'
import { LANGUAGES } from '../../client/i18n/languages'
import { demoAccessCodes } from '../../server/demo/demo-district'
import { answerAndSend, DEMO_PASSWORD, profileOf, storedFamilyResponses, UI } from './helpers'

const [alder] = demoAccessCodes()

test.use({ viewport: { width: 360, height: 740 }, locale: 'en-US', hasTouch: true, isMobile: true })

const nameOf = (lng: string) => LANGUAGES.find((l) => l.code === lng)!.name

for (const lng of ['en', 'es', 'ar']) {
  test(`a family member answers the survey in ${lng} on a phone: stored once, and no staff figure moves until a release takes it in`, async ({ page, context, request, playwright, baseURL }) => {
    test.setTimeout(180_000)
    const ui = UI[lng].runner
    const access = await (await request.get(`/api/access/${alder.code}`)).json()
    const schoolId: number = access.school.id
    const before = await storedFamilyResponses(schoolId)
    const profile = await profileOf(request, schoolId)

    await page.goto(`/s/${alder.code}`)
    await expect(page.getByRole('heading', { name: UI.en.runner.chooseLanguage })).toBeVisible()
    await page.getByRole('button', { name: nameOf(lng) }).click()
    await expect(page.locator('html')).toHaveAttribute('lang', lng)
    await expect(page.locator('html')).toHaveAttribute('dir', lng === 'ar' ? 'rtl' : 'ltr')

    await page.getByRole('button', { name: ui.roles.family }).click()
    await expect(page.getByRole('heading', { name: ui.consent.title })).toBeVisible()
    // Back on each step before the survey: consent to role to language, and forward again.
    const back = page.getByRole('button', { name: UI[lng].survey.pagePrevText, exact: true })
    await back.click()
    await expect(page.getByRole('heading', { name: ui.chooseRole })).toBeVisible()
    await back.click()
    await expect(page.getByRole('heading', { name: UI[lng].runner.chooseLanguage })).toBeVisible()
    await page.getByRole('button', { name: nameOf(lng) }).click()
    await page.getByRole('button', { name: ui.roles.family }).click()
    await expect(page.getByRole('heading', { name: ui.consent.title })).toBeVisible()
    await page.screenshot({ path: `test-results/screenshots/runner-consent-${lng}.png` })
    await page.getByRole('button', { name: ui.consent.start }).click()

    // Where they are, in words and a bar, on a 360 px phone: page 1 of the pages their answers show.
    const pageOf = (n: number) => new RegExp(`^${UI[lng].survey.progressText.replace('{0}', String(n)).replace('{1}', '(\\d+)')}$`)
    const progress = page.getByTestId('survey-progress')
    await expect(progress.locator('span')).toHaveText(pageOf(1))
    const total = Number(pageOf(1).exec((await progress.locator('span').textContent())!)![1])
    expect(total).toBeGreaterThan(3)
    await expect(progress.locator('progress')).toHaveAttribute('max', String(total))
    // The survey's description only on its first page.
    await expect(page.locator('.sd-title .sd-description, .sd-header__text .sd-description').first()).toBeVisible()
    await page.getByRole('button', { name: UI[lng].survey.pageNextText }).click()
    await expect(progress.locator('span')).toHaveText(pageOf(2))
    await expect(page.locator('.sd-title .sd-description, .sd-header__text .sd-description')).toHaveCount(0)
    await page.getByRole('button', { name: UI[lng].survey.pagePrevText }).click()
    await expect(progress.locator('span')).toHaveText(pageOf(1))

    // A whole answer row is a tap target, at least 48 px tall: tapping its far end (the left, right to left) answers.
    const row = page.locator('.sd-question[data-name]:visible .sd-item').filter({ has: page.locator('input[type=radio], input[type=checkbox]') }).first()
    const box = (await row.boundingBox())!
    expect(box.height).toBeGreaterThanOrEqual(48)
    await page.touchscreen.tap(lng === 'ar' ? box.x + 4 : box.x + box.width - 4, box.y + box.height / 2)
    await expect(row.locator('input')).toBeChecked()

    // The connection drops before the last page is sent: the thank-you says, once, that the answers wait on this
    // phone, never that they were received; when the connection is back they are sent, and it says so.
    await context.setOffline(true)
    await answerAndSend(page, lng, `test-results/screenshots/runner-question-${lng}.png`)
    await expect(page.getByRole('heading', { name: ui.thanks.title })).toBeVisible()
    await expect(page.getByTestId('delivery')).toHaveText(ui.thanks.saved)
    await expect(page.getByText(ui.thanks.received)).toHaveCount(0)
    await expect(page.getByText(ui.outbox.offline)).toHaveCount(0)
    const receipt = (await page.getByTestId('receipt').locator('.receipt__id').textContent())!
    expect(receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
    await page.screenshot({ path: `test-results/screenshots/runner-thanks-offline-${lng}.png` })
    await context.setOffline(false)
    await expect(page.getByTestId('delivery')).toHaveText(ui.thanks.received, { timeout: 30_000 })
    await expect(page.getByTestId('receipt').locator('.receipt__id')).toHaveText(receipt)
    // The survey's own closing words in this language, with where to get help now: its paragraphs, as text.
    const family = access.instruments.find((i: { role: string }) => i.role === 'family')
    const definition = await (await request.get(`/api/instruments/${family.slug}/versions/${family.version}`)).json()
    const closing = [...((definition.completedHtml[lng] ?? definition.completedHtml.default) as string).matchAll(/<p>(.*?)<\/p>/g)].map((m) => m[1])
    expect(closing.length).toBeGreaterThan(0)
    await expect(page.getByTestId('closing-words').locator('p')).toHaveText(closing)
    await expect.poll(() => storedFamilyResponses(schoolId)).toBe(before + 1)
    // The district's administrator finds the response by the receipt the family quotes (as typed: lower case, a
    // space), with when and where it arrived.
    const admin = await playwright.request.newContext({ baseURL })
    expect((await admin.post('/api/auth/login', { data: { email: 'admin@example.org', password: DEMO_PASSWORD } })).status()).toBe(200)
    const found = await admin.get(`/api/receipts/${encodeURIComponent(receipt.toLowerCase().replace('-', ' '))}`)
    expect(found.status()).toBe(200)
    expect(await found.json()).toMatchObject({ receipt, responses: [{ school: { id: schoolId }, role: 'family' }] })
    await admin.dispose()
    // Staff read releases: the profile is what it was, byte for byte, so reading before and after gives nothing away.
    expect(await profileOf(request, schoolId)).toEqual(profile)
  })
}

test("the browser's Back on the first step leaves the runner, as on any page", async ({ page }) => {
  await page.goto('/s')
  await expect(page.getByRole('heading', { name: UI.en.runner.enterCode.title })).toBeVisible()
  await page.goto(`/s/${alder.code}`)
  await page.getByRole('button', { name: 'English', exact: true }).click()
  await expect(page.getByRole('heading', { name: UI.en.runner.chooseRole })).toBeVisible()
  await page.goBack()
  await expect(page.getByRole('heading', { name: UI.en.runner.chooseLanguage })).toBeVisible()
  await page.goBack()
  await expect(page).toHaveURL(/\/s$/)
  await expect(page.getByRole('heading', { name: UI.en.runner.enterCode.title })).toBeVisible()
})

test('an unknown access code gets a clear message', async ({ page }) => {
  await page.goto('/s/NOPE2345')
  await expect(page.getByRole('alert')).toHaveText(UI.en.runner.errors.notFound)
})

test('the start page takes a code typed as people type it, says in their language when it is unknown, and opens the survey', async ({ page }) => {
  await page.goto('/s')
  await expect(page.getByRole('heading', { name: UI.en.runner.enterCode.title })).toBeVisible()
  // Spanish from the switch: the page, and the survey after it.
  await page.getByLabel(UI.en.runner.language).selectOption('es')
  const es = UI.es.runner
  await expect(page.getByRole('heading', { name: es.enterCode.title })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'es')
  await page.getByLabel(es.enterCode.label, { exact: true }).fill('nope-2345')
  await page.getByRole('button', { name: es.enterCode.submit }).click()
  await expect(page.getByRole('alert')).toHaveText(es.errors.notFound)
  await expect(page.getByLabel(es.enterCode.label, { exact: true })).toHaveAttribute('aria-invalid', 'true')
  // Lower case, a hyphen and spaces, as a parent copies it off a poster.
  const typed = ` ${alder.code.slice(0, 4).toLowerCase()}-${alder.code.slice(4)} `
  await page.getByLabel(es.enterCode.label, { exact: true }).fill(typed)
  await page.getByRole('button', { name: es.enterCode.submit }).click()
  await expect(page).toHaveURL(`/s/${alder.code}?lang=es`)
  await expect(page.getByRole('heading', { name: es.chooseRole })).toBeVisible()

  // /s/ with nothing after it is the same page; a link may name the language: right to left in Arabic.
  await page.goto('/s/?lang=ar')
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await expect(page.getByRole('heading', { name: UI.ar.runner.enterCode.title })).toBeVisible()
})

