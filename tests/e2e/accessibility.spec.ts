import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { demoAccessCodes } from '../../server/demo/demo-district'
import { UI } from './helpers'

const code = demoAccessCodes()[6].code

test.use({ viewport: { width: 360, height: 740 }, locale: 'en-US' })

/** No serious or critical WCAG 2.1 A/AA violation on what the person sees now. */
async function expectAccessible(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`),
    where,
  ).toEqual([])
}

for (const lng of ['en', 'ar'] as const) {
  test(`the runner has no serious or critical axe violation, in ${lng}, from the start page and the language picker to the thank-you`, async ({ page }) => {
    test.setTimeout(180_000)
    const ui = UI[lng]
    // The start page, where the code on a poster is typed (/s with no code).
    await page.goto(`/s?lang=${lng}`)
    await expect(page.getByRole('heading', { name: ui.runner.enterCode.title })).toBeVisible()
    await expectAccessible(page, 'start page')
    await page.goto(`/s/${code}`)
    await expectAccessible(page, 'language picker')
    await page.getByRole('button', { name: lng === 'en' ? 'English' : 'العربية' }).click()
    await expectAccessible(page, 'role picker')
    await page.getByRole('button', { name: ui.runner.roles.family }).click()
    await expectAccessible(page, 'consent')
    await page.getByRole('button', { name: ui.runner.consent.start }).click()
    // Every page of the family survey: single choice, matrix, service grid, checkboxes, comment boxes.
    for (let n = 0; n < 20; n++) {
      await expect(page.locator('.sd-question').first()).toBeVisible()
      await expectAccessible(page, `survey page ${n + 1}`)
      const complete = page.getByRole('button', { name: ui.survey.completeText })
      if (await complete.isVisible()) {
        await complete.click()
        break
      }
      await page.getByRole('button', { name: ui.survey.pageNextText }).click()
    }
    await expect(page.getByRole('heading', { name: ui.runner.thanks.title })).toBeVisible()
    await expectAccessible(page, 'thank-you')
  })
}

/** Presses Tab until the element has focus, as a keyboard user would. */
async function tabTo(page: Page, target: import('@playwright/test').Locator) {
  for (let i = 0; i < 200; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return
    await page.keyboard.press('Tab')
  }
  throw new Error('could not reach the element with Tab')
}

test('the whole survey can be completed with the keyboard alone', async ({ page }) => {
  test.setTimeout(180_000)
  await page.goto(`/s/${code}`)
  // The preselected language has focus: Enter chooses it.
  await expect(page.getByRole('button', { name: 'English' })).toBeFocused()
  await page.keyboard.press('Enter')
  await tabTo(page, page.getByRole('button', { name: UI.en.runner.roles.family }))
  await page.keyboard.press('Enter')
  await expect(page.getByRole('button', { name: UI.en.runner.consent.start })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.locator('.sd-question').first()).toBeVisible()
  // Answer the first question with the keyboard: Tab to its first choice, Space to pick it.
  const firstChoice = page.locator('.sd-question').first().locator('input[type=radio]').first()
  await tabTo(page, firstChoice)
  await page.keyboard.press('Space')
  await expect(firstChoice).toBeChecked()
  for (let n = 0; n < 20; n++) {
    const complete = page.getByRole('button', { name: UI.en.survey.completeText })
    const done = await complete.isVisible()
    await tabTo(page, done ? complete : page.getByRole('button', { name: UI.en.survey.pageNextText }))
    await page.keyboard.press('Enter')
    if (done) break
  }
  await expect(page.getByRole('heading', { name: UI.en.runner.thanks.title })).toBeVisible()
})
