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

/** The demo district's staff sign-ins (the e2e server runs with the demo district and the default password). */
export const DEMO_PASSWORD = 'demo-password'

/** Signs an API context in (its cookie jar keeps the session) unless it already is. */
export async function signInRequest(request: APIRequestContext, email = 'analyst@example.org'): Promise<void> {
  if ((await request.get('/api/auth/me')).ok()) return
  const res = await request.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } })
  expect(res.status()).toBe(200)
}

/** Signs in through the staff sign-in page. */
export async function signInPage(page: Page, email = 'admin@example.org', path = '/admin'): Promise<void> {
  await page.goto(path)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible()
}

export async function familyCount(request: APIRequestContext, schoolId: number): Promise<number> {
  await signInRequest(request)
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
