import { expect, test } from '@playwright/test'
import { demoAccessCodes } from '../../server/demo/demo-district'
import { UI } from './helpers'

const LANGUAGES = ['en', 'es', 'hy', 'ko', 'zh-Hant', 'vi', 'tl', 'ru', 'fa', 'ar']
const RTL = ['fa', 'ar']
// A TK-5 school offers the grades 3-5 survey, a 6-8 school the secondary one (administrations/grade-offer.ts):
// between them, every instrument.
const [alder, boyle] = demoAccessCodes()

type Localized = string | Record<string, string>
const text = (value: Localized | undefined, lng: string): string | undefined =>
  value === undefined ? undefined : typeof value === 'string' ? value : value[lng === 'en' ? 'default' : lng]

// Forty page loads in a row, about text, not offline use (kiosk.spec.ts and phone.spec.ts cover the service worker):
// once in many runs a navigation answered through the service worker never committed, and the test timed out.
test.use({ viewport: { width: 360, height: 740 }, serviceWorkers: 'block' })

test('every instrument opens in every language with its own text and the right direction', async ({ page, request }) => {
  test.setTimeout(300_000)
  type Offered = { slug: string; version: number }
  const offers: { code: string; index: number; instrument: Offered }[] = []
  for (const school of [boyle, alder]) {
    const access = await (await request.get(`/api/access/${school.code}`)).json()
    for (const [index, instrument] of (access.instruments as Offered[]).entries()) {
      if (!offers.some((o) => o.instrument.slug === instrument.slug)) offers.push({ code: school.code, index, instrument })
    }
  }
  expect(offers.map((o) => o.instrument.slug).sort()).toEqual(['family-ana', 'staff-ana', 'student-ana', 'student-ana-elementary'])
  for (const { code, index, instrument } of offers) {
    const definition = await (await request.get(`/api/instruments/${instrument.slug}/versions/${instrument.version}`)).json()
    const firstPage = definition.pages[0]
    const titled = firstPage.elements.filter((e: { title?: Localized; type: string }) => e.title !== undefined && e.type !== 'html')
    for (const lng of LANGUAGES) {
      await page.goto(`/s/${code}?lang=${lng}`)
      await expect(page.locator('html')).toHaveAttribute('dir', RTL.includes(lng) ? 'rtl' : 'ltr')
      await page.locator('.choice--role').nth(index).click()
      await page.getByRole('button', { name: UI[lng].runner.consent.start }).click()
      await expect(page.locator('.sd-question').first()).toBeVisible()
      // The survey's own words in this language, never the English fallback.
      const pageTitle = text(firstPage.title, lng)
      if (pageTitle) await expect(page.locator('.sd-page__title').first(), `${instrument.slug} ${lng} page title`).toHaveText(pageTitle)
      let checked = 0
      for (const element of titled) {
        const expected = text(element.title, lng)
        expect(expected, `${instrument.slug}/${element.name} has ${lng} text`).toBeTruthy()
        if (lng !== 'en') expect(expected, `${instrument.slug}/${element.name} ${lng} differs from English`).not.toBe(text(element.title, 'en'))
        const title = page.locator(`.sd-question[data-name="${element.name}"] .sd-question__title`)
        if (!(await title.isVisible())) continue
        await expect(title, `${instrument.slug}/${element.name} in ${lng}`).toContainText(expected!)
        checked += 1
      }
      expect(checked, `${instrument.slug} ${lng}: questions checked on the first page`).toBeGreaterThan(0)
      // survey-core's own buttons speak the language too.
      await expect(page.getByRole('button', { name: UI[lng].survey.pageNextText, exact: true })).toBeVisible()
    }
  }
})
