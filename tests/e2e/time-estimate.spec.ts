import { expect, test } from '@playwright/test'
import { ADULT, countWords, minutesAt, type Workload } from '../../client/runner/time-estimate'
import { demoAccessCodes } from '../../server/demo/demo-district'
import { e2eLanguages, UI } from './helpers'

// The consent screen's "about L to H minutes" against a walk through the survey as the respondent sees it: every page
// of the family survey on the typical path (nothing answered, so no follow-up opens), the words on the screen counted
// as a reader meets them and the answers asked for counted as they are shown, then timed at the two paces the
// estimate claims (a fluent adult reader and a slow one, client/runner/time-estimate.ts). The range said must be the
// walk's, within a minute either way (the slow end is rounded up to 5 past 10 minutes).
const code = demoAccessCodes()[11].code

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true, locale: 'en-US' })

for (const lng of e2eLanguages(['en', 'es', 'ar'] as const)) {
  test(`${lng}: the time said on the consent screen is the time a walk through the family survey takes, fluent and slow`, async ({ page }) => {
    test.setTimeout(120_000)
    const ui = UI[lng]
    await page.goto(`/k/${code}?lang=${lng}`)
    await page.getByRole('button', { name: ui.runner.roles.family }).click()
    const said = page.getByTestId('time-estimate')
    const pattern = new RegExp(`^${ui.runner.consent.estimate.replace(/[.?*+()[\]\\]/g, '\\$&').replace('{{low}}', '(\\d+)').replace('{{high}}', '(\\d+)')}$`)
    await expect(said).toHaveText(pattern)
    const [, low, high] = pattern.exec((await said.textContent())!)!.map(Number)
    await page.getByRole('button', { name: ui.runner.consent.start }).click()

    const walked: Workload = { words: 0, answers: 0, checklists: 0 }
    for (let n = 1; n <= 20; n++) {
      await expect(page.locator('.sd-question').first()).toBeVisible()
      // What is on the screen to read (the page as drawn: hidden text is not read) and to answer.
      const screen = await page.evaluate(() => {
        // The page, and the survey's own heading above it (its title and, on the first page, its description).
        const heading = [...document.querySelectorAll<HTMLElement>('.sd-title')].filter((el) => !el.closest('.sd-page') && !el.parentElement?.closest('.sd-title'))
        const text = [...heading, ...document.querySelectorAll<HTMLElement>('.sd-page')].map((el) => el.innerText).join('\n')
        const questions = [...document.querySelectorAll<HTMLElement>('.sd-question[data-name]')].filter((q) => q.offsetParent !== null)
        let answers = 0
        let checklists = 0
        for (const q of questions) {
          if (q.querySelector('.sd-question[data-name]')) continue // a panel: its questions are counted themselves
          const rows = q.querySelectorAll('tbody tr.sd-table__row').length
          if (rows > 0) answers += rows
          else if (q.querySelector('input[type=checkbox]')) checklists += 1
          else if (q.querySelector('input[type=radio], select')) answers += 1
        }
        return { text, answers, checklists }
      })
      walked.words += countWords(screen.text, lng)
      walked.answers += screen.answers
      walked.checklists += screen.checklists
      const complete = page.getByRole('button', { name: ui.survey.completeText })
      if (await complete.isVisible()) break
      await page.getByRole('button', { name: ui.survey.pageNextText }).click()
    }
    const [fluent, slow] = ADULT.map((pace) => minutesAt(walked, pace))
    console.log(`time estimate (${lng}): said ${low}–${high} min; walked ${walked.words} words, ${walked.answers} answers, ${walked.checklists} checklists = ${fluent.toFixed(1)}–${slow.toFixed(1)} min`)
    expect(walked.answers, 'the walk met questions to answer').toBeGreaterThan(20)
    expect(low, `fluent: ${fluent.toFixed(1)} minutes walked`).toBeGreaterThanOrEqual(Math.floor(fluent) - 1)
    expect(low, `fluent: ${fluent.toFixed(1)} minutes walked`).toBeLessThanOrEqual(Math.ceil(fluent) + 1)
    expect(high, `slow: ${slow.toFixed(1)} minutes walked`).toBeGreaterThanOrEqual(Math.floor(slow) - 1)
    expect(high, `slow: ${slow.toFixed(1)} minutes walked`).toBeLessThanOrEqual((slow > 10 ? Math.ceil(slow / 5) * 5 : Math.ceil(slow)) + 1)
  })
}
