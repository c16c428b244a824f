import { expect, type APIRequestContext, type Page } from '@playwright/test'
import ar from '../../client/i18n/locales/ar.json' with { type: 'json' }
import en from '../../client/i18n/locales/en.json' with { type: 'json' }
import es from '../../client/i18n/locales/es.json' with { type: 'json' }
import fa from '../../client/i18n/locales/fa.json' with { type: 'json' }
import hy from '../../client/i18n/locales/hy.json' with { type: 'json' }
import ko from '../../client/i18n/locales/ko.json' with { type: 'json' }
import ru from '../../client/i18n/locales/ru.json' with { type: 'json' }
import tl from '../../client/i18n/locales/tl.json' with { type: 'json' }
import vi from '../../client/i18n/locales/vi.json' with { type: 'json' }
import zhHant from '../../client/i18n/locales/zh-Hant.json' with { type: 'json' }

/** The runner's interface text per language, as the tests expect to read it. */
export const UI: Record<string, typeof en> = { en, es, hy, ko, 'zh-Hant': zhHant, vi, tl, ru, fa, ar }

export async function familyCount(request: APIRequestContext, schoolId: number): Promise<number> {
  const profile = await (await request.get(`/api/schools/${schoolId}/profile`)).json()
  const family = profile.responses.find((r: { role: string }) => r.role === 'family')
  expect(family.count.shown).toBe(true)
  return family.count.n
}

/** Answers the first choice of every single-choice question and matrix row on each page, then sends. */
export async function answerAndSend(page: Page, lng: string, screenshot?: string): Promise<void> {
  const ui = UI[lng].survey
  for (let pageIndex = 0; pageIndex < 40; pageIndex++) {
    await expect(page.locator('.sd-question').first()).toBeVisible()
    if (pageIndex === 0 && screenshot) await page.screenshot({ path: screenshot })
    const questions = page.locator('.sd-question[data-name]:visible').filter({ has: page.locator('input[type=radio]') })
    for (const question of await questions.all()) {
      const rows = question.locator('tr.sd-table__row')
      if ((await rows.count()) > 0) {
        for (const row of await rows.all()) await row.locator('input[type=radio]').first().check({ force: true })
      } else {
        await question.locator('input[type=radio]').first().check({ force: true })
      }
    }
    const complete = page.getByRole('button', { name: ui.completeText })
    if (await complete.isVisible()) {
      await complete.click()
      return
    }
    await page.getByRole('button', { name: ui.pageNextText }).click()
  }
  throw new Error('The survey did not end within 40 pages')
}
