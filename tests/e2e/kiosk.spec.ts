import { expect, test, type Page } from '@playwright/test'
import { demoAccessCodes } from '../../server/demo/demo-district'
import { answerAndSend, storedFamilyResponses, UI } from './helpers'
import { outboxCount } from './runner-outbox'

const codes = demoAccessCodes()
const en = UI.en.runner
const es = UI.es.runner

test.use({ viewport: { width: 800, height: 1100 }, locale: 'en-US', hasTouch: true })

async function beginFamilySurvey(page: Page, lng: 'en' | 'es' = 'es') {
  await page.getByRole('button', { name: lng === 'es' ? 'Español' : 'English' }).click()
  await page.getByRole('button', { name: UI[lng].runner.roles.family }).click()
  await page.getByRole('button', { name: UI[lng].runner.consent.start }).click()
  await expect(page.locator('.sd-question').first()).toBeVisible()
}

test('kiosk: two respondents in a row, and the second sees no trace of the first, even after Back', async ({ page }) => {
  test.setTimeout(180_000)
  await page.goto(`/k/${codes[2].code}?restart=1`)
  await beginFamilySurvey(page)
  const firstQuestion = page.locator('.sd-question').first()
  await firstQuestion.locator('input[type=radio]').first().check({ force: true })
  await page.getByRole('button', { name: UI.es.survey.pageNextText }).click()
  await page.getByRole('button', { name: UI.es.survey.pagePrevText }).click()
  await expect(firstQuestion.locator('input[type=radio]').first()).toBeChecked()
  await answerAndSend(page, 'es')
  await expect(page.getByRole('heading', { name: es.thanks.title })).toBeVisible()
  // A receipt to quote, and "received" once the server has it (it leaves the outbox then).
  const thanks = await page.evaluate(() => ({ receipt: document.querySelector('.receipt__id')?.textContent, delivery: document.querySelector('[data-testid=delivery]')?.textContent }))
  expect(thanks.receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
  expect([es.thanks.received, UI.es.runner.sending]).toContain(thanks.delivery)

  // After the thank-you, a fresh start on its own.
  await expect(page.getByRole('heading', { name: en.chooseLanguage })).toBeVisible({ timeout: 10_000 })
  await page.goBack().catch(() => {})
  await page.goto(`/k/${codes[2].code}`)
  await beginFamilySurvey(page)
  await expect(page.locator('.sd-question input[type=radio]:checked')).toHaveCount(0)
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ana.draft')))).toEqual([])
  // The finished response left the device once the server had it.
  await expect.poll(() => outboxCount(page)).toBe(0)
})

test('kiosk: after a while without input, "Still there?" and then a reset that clears the answers', async ({ page }) => {
  await page.goto(`/k/${codes[2].code}?idle=2&prompt=2`)
  await beginFamilySurvey(page, 'en')
  await page.locator('.sd-question').first().locator('input[type=radio]').first().check({ force: true })
  await expect(page.getByRole('alertdialog', { name: en.kiosk.stillThere })).toBeVisible({ timeout: 10_000 })
  // The prompt hides the answers behind it: what shows where the answer was is the prompt's opaque backdrop.
  const shown = await page.locator('.sd-question input[type=radio]:checked').evaluate((input) => {
    const box = input.closest('.sd-item')!.getBoundingClientRect()
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2)
    return { covered: top?.closest('.still-there') !== null, backdrop: getComputedStyle(document.querySelector('.still-there')!).backgroundColor }
  })
  expect(shown.covered).toBe(true)
  expect(shown.backdrop).toMatch(/^rgb\(\d+, \d+, \d+\)$/)
  // Answering "I'm still here" keeps the answers...
  await page.getByRole('button', { name: en.kiosk.imHere }).click()
  await expect(page.locator('.sd-question input[type=radio]:checked')).toHaveCount(1)
  // ...and silence starts over, with nothing kept.
  await expect(page.getByRole('alertdialog')).toBeVisible({ timeout: 10_000 })
  await expect(page.getByRole('heading', { name: en.chooseLanguage })).toBeVisible({ timeout: 10_000 })
  await beginFamilySurvey(page, 'en')
  await expect(page.locator('.sd-question input[type=radio]:checked')).toHaveCount(0)
})

for (const reload of [false, true]) {
  test(`kiosk offline: three people answer, the counter shows 3, and exactly three arrive once back online${reload ? ' (reloaded while offline)' : ''}`, async ({ page, context, request }) => {
    test.setTimeout(180_000)
    const code = codes[reload ? 4 : 3].code
    const schoolId = (await (await request.get(`/api/access/${code}`)).json()).school.id
    const before = await storedFamilyResponses(schoolId)
    await page.goto(`/k/${code}?restart=1`)
    await expect(page.getByRole('heading', { name: en.chooseLanguage })).toBeVisible()
    // The service worker controls the page and the instrument versions are cached.
    await page.waitForFunction(async () => (await navigator.serviceWorker.ready) && navigator.serviceWorker.controller !== null)
    await page.waitForFunction(async () => (await caches.match('/api/instruments/family-ana/versions/1')) !== undefined)

    await context.setOffline(true)
    for (let person = 0; person < 3; person++) {
      await expect(page.getByRole('heading', { name: en.chooseLanguage })).toBeVisible({ timeout: 15_000 })
      await beginFamilySurvey(page, 'es')
      await answerAndSend(page, 'es')
      await expect(page.getByRole('heading', { name: es.thanks.title })).toBeVisible()
      // One honest sentence: kept on this device until the connection is back; never "received" as well.
      const thanks = await page.evaluate(() => ({
        text: document.body.innerText,
        delivery: document.querySelector('[data-testid=delivery]')?.textContent,
        receipt: document.querySelector('.receipt__id')?.textContent,
      }))
      expect(thanks.delivery).toBe(es.thanks.saved)
      expect(thanks.text).not.toContain(es.thanks.received)
      expect(thanks.text).not.toContain(es.thanks.body)
      expect(thanks.text).not.toContain(UI.es.runner.outbox.offline)
      expect(thanks.receipt).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
    }
    await expect(page.getByTestId('waiting')).toHaveText(UI.en.runner.outbox.waiting.replace('{{count}}', '3'), { timeout: 15_000 })
    expect(await storedFamilyResponses(schoolId)).toBe(before)

    if (reload) {
      await page.reload()
      await expect(page.getByTestId('waiting')).toHaveText(UI.en.runner.outbox.waiting.replace('{{count}}', '3'))
    }
    await context.setOffline(false)
    await expect.poll(() => storedFamilyResponses(schoolId), { timeout: 30_000 }).toBe(before + 3)
    await expect(page.getByTestId('waiting')).toHaveCount(0)
    // Nothing arrives twice, however the outbox retried.
    await page.waitForTimeout(2000)
    expect(await storedFamilyResponses(schoolId)).toBe(before + 3)
  })
}
