import { expect, test } from '@playwright/test'
import { CHROMIUM, CHROMIUM_ARGS } from '../../playwright.config'
import { LANGUAGES } from '../../client/i18n/languages'
import { demoAccessCodes } from '../../server/demo/demo-district'
import { e2eLanguages, UI } from './helpers'
import { outboxCount } from './runner-outbox'

const code = demoAccessCodes()[2].code
const en = UI.en.runner

// Playwright turns Chromium's back-forward cache off by default; a kiosk's browser has it on, and it could bring the
// last person's page back whole.
test.use({ viewport: { width: 1080, height: 1920 }, locale: 'en-US', hasTouch: true, launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--disable-back-forward-cache'] } })

for (const lng of e2eLanguages(['en', 'es', 'ar'] as const)) {
  test(`kiosk (${lng}): after the idle reset nothing of the last person is left: not in the page, storage, the outbox, history or the back-forward cache`, async ({ page }) => {
    const ui = UI[lng].runner
    const restored: string[] = []
    page.on('console', (message) => {
      if (message.text().startsWith('pageshow persisted')) restored.push(message.text())
    })
    await page.addInitScript(() => addEventListener('pageshow', (e) => e.persisted && console.log(`pageshow persisted ${document.querySelectorAll('input:checked').length}`)))
    await page.goto(`/k/${code}?idle=2&prompt=2`)
    await page.getByRole('button', { name: LANGUAGES.find((l) => l.code === lng)!.name, exact: true }).click()
    await page.getByRole('button', { name: ui.roles.family }).click()
    await page.getByRole('button', { name: ui.consent.start }).click()
    const first = page.locator('.sd-question[data-name]').first()
    const title = (await first.locator('.sd-question__title .sv-string-viewer').first().innerText()).trim()
    await first.locator('input[type=radio]').nth(1).check({ force: true })
    await page.getByRole('button', { name: UI[lng].survey.pageNextText }).click()
    const second = page.locator('.sd-question[data-name]').first()
    const secondTitle = (await second.locator('.sd-question__title .sv-string-viewer').first().innerText()).trim()
    await second.locator('input[type=radio]').first().check({ force: true })

    await expect(page.getByRole('alertdialog')).toBeVisible({ timeout: 10_000 })
    await expect(page.getByRole('heading', { name: en.chooseLanguage })).toBeVisible({ timeout: 10_000 })
    const noTrace = async () => {
      const left = await page.evaluate(() => ({
        text: document.documentElement.outerHTML,
        questions: document.querySelectorAll('.sd-question').length,
        checked: document.querySelectorAll('input:checked').length,
        drafts: Object.keys(localStorage).filter((k) => k.startsWith('ana.draft')),
        session: sessionStorage.length,
        state: JSON.stringify(history.state),
      }))
      expect(left.questions).toBe(0)
      expect(left.checked).toBe(0)
      expect(left.text).not.toContain(title)
      expect(left.text).not.toContain(secondTitle)
      expect(left.drafts).toEqual([])
      expect(left.session).toBe(0)
      expect(left.state).not.toContain(title)
      expect(await outboxCount(page)).toBe(0)
    }
    await noTrace()
    // Back, as far as the browser goes: never the last person's page (a page the cache restores comes back empty
    // and starts afresh).
    await page.goBack()
    await expect(page.getByRole('heading', { name: en.chooseLanguage })).toBeVisible()
    await noTrace()
    expect(restored.filter((r) => r !== 'pageshow persisted 0')).toEqual([])

    // The next person leaves the survey for another address half-way, and Back comes back to the kiosk: the cache
    // brings the page back (it did, the restore is seen) but without their answers, and it starts afresh.
    await page.getByRole('button', { name: LANGUAGES.find((l) => l.code === lng)!.name, exact: true }).click()
    await page.getByRole('button', { name: ui.roles.family }).click()
    await page.getByRole('button', { name: ui.consent.start }).click()
    await page.locator('.sd-question[data-name]').first().locator('input[type=radio]').nth(1).check({ force: true })
    await page.goto('/s')
    await page.goBack()
    await expect(page.locator('input:checked')).toHaveCount(0)
    await expect(page.getByRole('heading', { name: en.chooseLanguage })).toBeVisible()
    await noTrace()
    expect(restored).toEqual(['pageshow persisted 0'])
  })
}
