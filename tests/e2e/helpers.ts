import fs from 'node:fs'
import path from 'node:path'
import { expect, type APIRequestContext, type Page } from '@playwright/test'
import pg from 'pg'
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

/**
 * How many family responses of a school the server has stored, read from its database: no staff page says (staff
 * read releases, and live counts only in bands), so a test that checks a response arrived looks where it is kept.
 * The embedded database is reached through the socket the server writes into its data directory.
 */
export async function storedFamilyResponses(schoolId: number): Promise<number> {
  const url = process.env.E2E_DATABASE_URL || fs.readFileSync(path.join(process.env.E2E_DATA_DIR!, 'embedded.url'), 'utf8')
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    // The simple query protocol (no parameters): the embedded socket serves other connections' queries meanwhile.
    const { rows } = await client.query(`select count(*)::int as n from responses where role = 'family' and school_id = ${Number(schoolId)}`)
    return rows[0].n
  } finally {
    await client.end()
  }
}

/** The school's profile as an analyst reads it (from the current release). */
export async function profileOf(request: APIRequestContext, schoolId: number): Promise<unknown> {
  await signInRequest(request)
  const res = await request.get(`/api/schools/${schoolId}/profile`)
  expect(res.status()).toBe(200)
  return res.json()
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

/**
 * The languages a language-by-language browser test walks: all it names, or those of E2E_LANGUAGES among them
 * (CI's second database run, .ci/run, after the first ran every one).
 */
export function e2eLanguages<T extends string>(all: readonly T[]): T[] {
  const only = process.env.E2E_LANGUAGES?.split(',').map((l) => l.trim()).filter(Boolean)
  return only?.length ? all.filter((l) => only.includes(l)) : [...all]
}
