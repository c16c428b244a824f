import { expect, test } from '@playwright/test'
import { demoAccessCodes } from '../../server/demo/demo-district'
import { UI } from './helpers'

const code = demoAccessCodes()[5].code
const en = UI.en.runner

test.use({ viewport: { width: 360, height: 740 }, locale: 'en-US', hasTouch: true, isMobile: true })

async function begin(page: import('@playwright/test').Page) {
  await page.getByRole('button', { name: 'English' }).click()
  await page.getByRole('button', { name: en.roles.family }).click()
  await page.getByRole('button', { name: en.consent.start }).click()
  await expect(page.locator('.sd-question').first()).toBeVisible()
}

test('changing language mid-survey keeps every answer', async ({ page }) => {
  await page.goto(`/s/${code}`)
  await begin(page)
  const first = page.locator('.sd-question').first()
  await first.locator('input[type=radio]').nth(1).check({ force: true })
  await page.getByLabel(en.language).selectOption('ar')
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl')
  await expect(first.locator('input[type=radio]').nth(1)).toBeChecked()
  await page.getByLabel(UI.ar.runner.language).selectOption('ko')
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr')
  await expect(first.locator('input[type=radio]').nth(1)).toBeChecked()
})

test('a phone keeps an unfinished survey to resume, and a second tab does not take the same draft', async ({ page, context }) => {
  await page.goto(`/s/${code}`)
  await begin(page)
  await page.locator('.sd-question').first().locator('input[type=radio]').first().check({ force: true })

  // A second tab on the same phone: told the survey is open elsewhere, offered a fresh response.
  const other = await context.newPage()
  await other.goto(`/s/${code}`)
  await other.getByRole('button', { name: en.resume.continue }).click()
  await expect(other.getByRole('alert')).toHaveText(new RegExp(en.otherTab.body.slice(0, 40)))
  await other.getByRole('button', { name: en.otherTab.startNew }).click()
  await expect(other.locator('.sd-question input[type=radio]:checked')).toHaveCount(0)
  await other.close()

  // The first tab closes; later the person comes back and continues where they left off.
  await page.close()
  const later = await context.newPage()
  await later.goto(`/s/${code}`)
  await expect(later.getByRole('heading', { name: en.resume.title })).toBeVisible()
  await later.getByRole('button', { name: en.resume.continue }).click()
  await expect(later.locator('.sd-question input[type=radio]:checked')).toHaveCount(1)
})

test('drafts older than 72 hours are erased', async ({ page }) => {
  await page.goto(`/s/${code}`)
  await page.evaluate((c) => {
    localStorage.setItem(
      `ana.draft.${c}`,
      JSON.stringify({ id: crypto.randomUUID(), slug: 'family-ana', version: 1, locale: 'en', answers: {}, pageNo: 0, startedAt: '2020-01-01T00:00:00Z', savedAt: new Date(Date.now() - 73 * 3_600_000).toISOString() }),
    )
  }, code)
  await page.reload()
  await expect(page.getByRole('heading', { name: en.chooseLanguage })).toBeVisible()
  expect(await page.evaluate((c) => localStorage.getItem(`ana.draft.${c}`), code)).toBeNull()
})

test('read aloud: hidden without a voice for the language, and speaks the question and its choices when there is one', async ({ page, browser }) => {
  await page.goto(`/s/${code}`)
  await begin(page)
  // Headless Chromium has no voices: no button.
  await expect(page.getByRole('button', { name: en.readAloud })).toHaveCount(0)

  // Another phone, whose browser has a Spanish voice (the speech engine is the browser's; we listen to what it is given).
  const other = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })
  const withVoice = await other.newPage()
  await withVoice.addInitScript(() => {
    const spoken: string[] = []
    ;(window as unknown as { spoken: string[] }).spoken = spoken
    const voice = { lang: 'es-MX', name: 'Test voice', default: true, localService: true, voiceURI: 'test' }
    speechSynthesis.getVoices = () => [voice as SpeechSynthesisVoice]
    speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => void spoken.push(`${utterance.lang}: ${utterance.text}`)
  })
  await withVoice.goto(`/s/${code}?lang=es`)
  await withVoice.getByRole('button', { name: UI.es.runner.roles.family }).click()
  await withVoice.getByRole('button', { name: UI.es.runner.consent.start }).click()
  const first = withVoice.locator('.sd-question').first()
  await first.getByRole('button', { name: UI.es.runner.readAloud }).click()
  const spoken = await withVoice.evaluate(() => (window as unknown as { spoken: string[] }).spoken)
  const title = (await first.locator('.sd-question__title').innerText()).trim()
  expect(spoken).toHaveLength(1)
  expect(spoken[0]).toContain('es-MX: ')
  expect(spoken[0]).toContain(title.replace(/\s*\*$/, '').split('\n')[0])
  expect(spoken[0]).toContain('No')
  await other.close()
})
