import { expect, test, type Locator, type Page } from '@playwright/test'
import { formatNumber, LANGUAGES } from '../../client/i18n/languages'
import { demoAccessCodes } from '../../server/demo/demo-district'
import { e2eLanguages, UI } from './helpers'

// Every language at a phone's width and at a kiosk's: where the respondent is (page X of N), and whole answer rows
// as tap targets of every choice type the instruments use (radio, checkbox, grid; no instrument has a rating or a
// yes/no switch). One page load per language and size: role, consent, then the first three pages of the family
// survey (radio questions, then a grid, then a grid and a checklist). English, Spanish and Arabic start at the
// language picker and walk the browser's Back through every step.
const code = demoAccessCodes()[10].code

// E2E_LANGUAGES=en,ar runs those only: CI's second database run (.ci/run), after the first ran all ten.
const chosen = e2eLanguages(LANGUAGES.map((l) => l.code))
const languages = LANGUAGES.filter((l) => chosen.includes(l.code))

const SIZES = [
  { name: 'phone', path: 's', use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } },
  { name: 'kiosk', path: 'k', use: { viewport: { width: 1080, height: 1920 }, isMobile: false, hasTouch: true } },
] as const

/**
 * Text squeezed into a column too narrow for it: fewer than two characters a line on average (a header label that
 * wraps one character per line). Returns each such text, with its width, for the message.
 */
async function squeezedTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent ?? '').replace(/\s+/g, '')
      if (text.length < 2) continue
      const parent = node.parentElement!
      if (parent.closest('[hidden], [aria-hidden="true"]') || getComputedStyle(parent).visibility === 'hidden') continue
      const range = document.createRange()
      range.selectNodeContents(node)
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))
      if (lines.size > 1 && text.length / lines.size < 2) found.push(`${text} (${lines.size} lines, ${Math.round(parent.getBoundingClientRect().width)} px wide)`)
    }
    return found
  })
}

/** Taps the far end of a row or cell (its inline end: the left, right to left), and checks it is a 48 px target. */
async function tapFarEnd(page: Page, target: Locator, rtl: boolean) {
  await target.scrollIntoViewIfNeeded()
  const box = (await target.boundingBox())!
  expect(box.height, 'a tap target at least 48 px tall').toBeGreaterThanOrEqual(48)
  await page.touchscreen.tap(rtl ? box.x + 3 : box.x + box.width - 3, box.y + box.height / 2)
}

for (const size of SIZES) {
  test.describe(`${size.name} (${size.use.viewport.width}x${size.use.viewport.height})`, () => {
    test.use({ ...size.use, locale: 'en-US' })

    for (const { code: lng, name, dir } of languages) {
      test(`${lng}: page X of N on every page, whole rows tapped at their far end for radio, grid and checklist, no text one character per line`, async ({ page }) => {
        const ui = UI[lng]
        const rtl = dir === 'rtl'
        const walkBack = ['en', 'es', 'ar'].includes(lng)
        const progress = page.getByTestId('survey-progress').locator('span')
        // Numbers in the language's own digits: Persian digits in Farsi (as its instrument writes them), Western elsewhere.
        const number = lng === 'fa' ? '[۰-۹]+' : '[0-9]+'
        const pageOf = (n: number) => new RegExp(`^${ui.survey.progressText.replace('{0}', formatNumber(n, lng)).replace('{1}', `(${number})`)}$`)
        const languageHeading = page.getByRole('heading', { name: ui.runner.chooseLanguage })
        const roleHeading = page.getByRole('heading', { name: ui.runner.chooseRole })
        const consentHeading = page.getByRole('heading', { name: ui.runner.consent.title })

        if (walkBack) {
          await page.goto(`/${size.path}/${code}`)
          // Each language named in its own script.
          await expect(page.getByRole('button', { name, exact: true })).toHaveAttribute('lang', lng)
          await page.getByRole('button', { name, exact: true }).click()
        } else {
          await page.goto(`/${size.path}/${code}?lang=${lng}`)
        }
        await expect(page.locator('html')).toHaveAttribute('dir', dir)
        await expect(roleHeading).toBeVisible()
        expect(await squeezedTexts(page)).toEqual([])
        await page.getByRole('button', { name: ui.runner.roles.family }).click()
        await expect(consentHeading).toBeVisible()
        // How long, computed from the instrument, in this language: a range of whole minutes.
        const estimate = page.getByTestId('time-estimate')
        await expect(estimate).toHaveText(new RegExp(`^${ui.runner.consent.estimate.replace(/[.?*+()[\]\\]/g, '\\$&').replace('{{low}}', number).replace('{{high}}', number)}$`))
        await page.getByRole('button', { name: ui.runner.consent.start }).click()
        await expect(progress).toHaveText(pageOf(1))
        const total = Number(pageOf(1).exec((await progress.textContent())!)![1].replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x6f0)))
        expect(total).toBeGreaterThan(3)

        if (walkBack) {
          // The browser's Back (Android's Back button) goes one step back, never out of the survey: page 2 to page 1
          // to consent to role to language; and forward again, the answers kept.
          await page.locator('.sd-question[data-name]:visible').first().locator('input[type=radio]').first().check({ force: true })
          await page.getByRole('button', { name: ui.survey.pageNextText }).click()
          await expect(progress).toHaveText(pageOf(2))
          await page.goBack()
          await expect(progress).toHaveText(pageOf(1))
          await page.goBack()
          await expect(consentHeading).toBeVisible()
          await page.goBack()
          await expect(roleHeading).toBeVisible()
          await page.goBack()
          await expect(languageHeading).toBeVisible()
          expect(new URL(page.url()).pathname).toBe(`/${size.path}/${code}`)
          await page.getByRole('button', { name, exact: true }).click()
          await page.getByRole('button', { name: ui.runner.roles.family }).click()
          await page.getByRole('button', { name: ui.runner.consent.start }).click()
          await expect(progress).toHaveText(pageOf(1))
          await expect(page.locator('.sd-question[data-name]:visible').first().locator('input[type=radio]').first()).toBeChecked()
        }

        // Page 1: single-choice questions. The first unanswered row, tapped at its far end.
        const question = page.locator('.sd-question[data-name]:visible').filter({ has: page.locator('input[type=radio]:not(:checked)') }).nth(1)
        const row = question.locator('.sd-item').first()
        await tapFarEnd(page, row, rtl)
        await expect(row.locator('input')).toBeChecked()
        expect(await squeezedTexts(page)).toEqual([])
        await page.screenshot({ path: `test-results/screenshots/languages-${size.name}-${lng}-radio.png` })

        // Page 2: a grid. Each answer cell is the whole target, on a phone (rows stacked) as on a kiosk (a table).
        await page.getByRole('button', { name: ui.survey.pageNextText }).click()
        await expect(progress).toHaveText(pageOf(2))
        const grid = page.locator('.sd-question[data-name="basic_needs"]')
        await expect(grid).toBeVisible()
        const cell = grid.locator('.sd-table__cell:has(input[type=radio])').nth(1)
        await tapFarEnd(page, cell, rtl)
        await expect(cell.locator('input')).toBeChecked()
        if (size.name === 'phone') {
          // Stacked on a phone, each answer's column name sits beside its circle with a gap, on the side the language
          // reads from (right to left as well: survey-core's gap was on the far side in Arabic and Farsi).
          const gap = await cell.evaluate((td, isRtl) => {
            const circle = td.querySelector('.sd-item__decorator')!.getBoundingClientRect()
            const text = td.querySelector('.sd-matrix__responsive-title .sv-string-viewer')!.getBoundingClientRect()
            return isRtl ? circle.left - text.right : text.left - circle.right
          }, rtl)
          expect(gap).toBeGreaterThanOrEqual(8)
        }
        expect(await squeezedTexts(page)).toEqual([])
        await grid.screenshot({ path: `test-results/screenshots/languages-${size.name}-${lng}-grid.png` })

        // Page 3: a checklist.
        await page.getByRole('button', { name: ui.survey.pageNextText }).click()
        await expect(progress).toHaveText(pageOf(3))
        const checklist = page.locator('.sd-question[data-name="services_barriers"]')
        const option = checklist.locator('.sd-item').first()
        await tapFarEnd(page, option, rtl)
        await expect(option.locator('input')).toBeChecked()
        expect(await squeezedTexts(page)).toEqual([])

        // And the progress bar says the same as the words.
        await expect(page.getByTestId('survey-progress').locator('progress')).toHaveAttribute('max', String(total))
        await expect(page.getByTestId('survey-progress').locator('progress')).toHaveAttribute('value', '3')
      })
    }
  })
}
