import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Locator, type Page } from '@playwright/test'
import type { SchoolProfile } from '../../client/api/profiles'
import { signInPage } from './helpers'

const SHOTS = 'test-results/screenshots'
type Breakdown = SchoolProfile['breakdowns'][number]

/** Numbers as the profile writes them in English (use-profile-format.ts). */
const number = (value: number) => new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(value)

async function expectNoSeriousAxeViolation(page: Page) {
  const axe = await new AxeBuilder({ page }).include('section[aria-labelledby="breakdowns"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([])
}

/** The cell of a domain's row under a group's column header. */
async function cellOf(table: Locator, page: Page, domainLabel: string, group: string): Promise<Locator> {
  const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim())
  const column = headers.indexOf(group)
  expect(column, `a column for ${group} among ${headers.join(', ')}`).toBeGreaterThan(0)
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: domainLabel, exact: true }) })
  return row.locator('td').nth(column - 1)
}

test('district staff read a school profile by home language: the API figures, small groups withheld, also at 360 px right to left', async ({ page }) => {
  await signInPage(page, 'analyst@example.org')
  const res = await page.request.get('/api/schools/1/profile')
  expect(res.status()).toBe(200)
  const profile = (await res.json()) as SchoolProfile
  const k = profile.minCellSize
  const label = (domain: string) => profile.domains.find((d) => d.domain === domain)!.label.default
  const byLanguage = profile.breakdowns.filter((b) => b.kind === 'home-language')
  // A Spanish-speaking group's need index the API shows, and a withheld cell in a column that has figures shown.
  const spanish = byLanguage.find((b) => b.value === 'es' && b.measures === 'need' && b.figure.shown)
  expect(spanish, 'the demo school has a need figure for Spanish-speaking families and students').toBeDefined()
  const shownSomewhere = (b: Breakdown) => byLanguage.some((o) => o.value === b.value && o.measures === b.measures && o.figure.shown)
  const small = byLanguage.find((b) => !b.figure.shown && shownSomewhere(b))
  expect(small, 'the demo school has a withheld cell beside shown ones').toBeDefined()
  const everywhere = byLanguage.find((b) => b.value === 'ar' && b.measures === 'need')!
  expect(byLanguage.filter((b) => b.value === 'ar').every((b) => !b.figure.shown), 'few or no Arabic speakers at the demo school').toBe(true)

  await page.setViewportSize({ width: 1280, height: 1200 })
  await page.getByRole('link', { name: profile.school.name }).click()
  await expect(page.getByRole('heading', { level: 1, name: profile.school.name })).toBeVisible()
  const section = page.getByRole('region', { name: /^Breakdowns/ })
  await section.getByRole('radio', { name: 'Home language' }).check()
  await section.getByRole('radio', { name: 'Need' }).check()
  const table = section.getByRole('table', { name: /^Need index per domain, by group: Home language/ })
  await expect(table).toBeVisible()
  await expect(table.getByRole('columnheader', { name: 'Spanish', exact: true })).toBeVisible()

  // The figure shown is the API's, with its interval and n.
  if (!spanish!.figure.shown) throw new Error('unreachable')
  const { index, n, interval } = spanish!.figure
  const figureCell = await cellOf(table, page, label(spanish!.domain), 'Spanish')
  await expect(figureCell).toContainText(`n = ${n}`)
  expect((await figureCell.innerText()).split('\n')[0].trim()).toBe(number(index))
  if (interval) await expect(figureCell).toContainText(`95% interval ${number(interval[0])} to ${number(interval[1])}`)

  // A small group is withheld, hatched, with its reason and no number but k.
  await section.getByRole('radio', { name: small!.measures === 'need' ? 'Need' : 'Assets' }).check()
  const name = small!.value === 'es' ? 'Spanish' : new Intl.DisplayNames(['en'], { type: 'language' }).of(small!.value)!
  const withheldCell = await cellOf(section.getByRole('table'), page, label(small!.domain), name)
  await expect(withheldCell).toHaveClass(/withheld/)
  await expect(withheldCell).toContainText('withheld')
  const said = `${await withheldCell.innerText()} ${await withheldCell.getAttribute('title')} ${await withheldCell.textContent()}`
  expect(said.replaceAll(String(k), '')).not.toMatch(/\d/)
  for (const cell of await section.locator('td.withheld').all()) {
    expect(`${await cell.innerText()} ${await cell.getAttribute('title')} ${await cell.textContent()}`.replaceAll(String(k), '')).not.toMatch(/\d/)
  }
  // A group withheld in every domain is named as such, not given a column of figures.
  await section.getByRole('radio', { name: 'Need' }).check()
  expect(everywhere.figure.shown).toBe(false)
  await expect(section.locator('.breakdown-withheld')).toContainText(`Withheld in every domain (fewer than ${k} people`)
  await expect(section.locator('.breakdown-withheld')).toContainText('Arabic')
  await expect(table.getByRole('columnheader', { name: 'Arabic' })).toHaveCount(0)
  await expectNoSeriousAxeViolation(page)
  await section.screenshot({ path: `${SHOTS}/profile-breakdowns.png` })

  // The other kinds are there to pick, their groups named in words.
  const kinds = await section.getByRole('radio').evaluateAll((inputs) => inputs.filter((i) => (i as HTMLInputElement).name === 'breakdown-kind').length)
  expect(kinds).toBe(new Set(profile.breakdowns.map((b) => b.kind)).size)
  if (profile.breakdowns.some((b) => b.kind === 'grade-band' && b.value === 'tk-2' && b.figure.shown)) {
    await section.getByRole('radio', { name: 'Grade band' }).check()
    await expect(section.getByRole('columnheader', { name: 'Grades TK–2' })).toBeVisible()
    await section.getByRole('radio', { name: 'Home language' }).check()
  }

  // On a phone, right to left: the table scrolls in its own box, the page does not; the domain column stays at the start (right).
  await page.setViewportSize({ width: 360, height: 800 })
  await page.evaluate(() => document.documentElement.setAttribute('dir', 'rtl'))
  const box = section.locator('.breakdown-scroll')
  await box.scrollIntoViewIfNeeded()
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
  expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
  const header = table.getByRole('rowheader').first()
  const [boxRect, headerRect] = await Promise.all([box.boundingBox(), header.boundingBox()])
  expect(Math.abs(boxRect!.x + boxRect!.width - (headerRect!.x + headerRect!.width))).toBeLessThan(2)
  // Scrolled to its far end (leftwards in RTL), the domain names stay in view.
  await box.evaluate((el) => el.scrollTo({ left: -el.scrollWidth }))
  const after = await header.boundingBox()
  expect(after!.x).toBeGreaterThanOrEqual(0)
  expect(after!.x + after!.width).toBeLessThanOrEqual(360 + 1)
  // Beside it, the last group's column is whole: not hidden under the kept domain column.
  const last = table.locator('tbody tr').first().locator('td').last()
  const lastRect = await last.boundingBox()
  expect(lastRect!.x).toBeGreaterThanOrEqual(boxRect!.x - 1)
  expect(lastRect!.x + lastRect!.width).toBeLessThanOrEqual(after!.x + 1)
  await page.screenshot({ path: `${SHOTS}/profile-breakdowns-360-rtl.png` })
  await expectNoSeriousAxeViolation(page)
})

test('the breakdowns read in Spanish, languages named in Spanish', async ({ page }) => {
  await signInPage(page, 'admin@example.org')
  await page.evaluate(() => localStorage.setItem('ana.admin.language', 'es'))
  try {
    await page.goto('/admin/schools/1')
    const section = page.getByRole('region', { name: /^Desgloses/ })
    await section.getByRole('radio', { name: 'Idioma del hogar' }).check()
    await expect(section.getByRole('table', { name: /^Índice de Necesidad por área, por grupo: Idioma del hogar/ })).toBeVisible()
    await expect(section.getByRole('columnheader', { name: 'Español', exact: true })).toBeVisible()
    await expect(section.getByRole('columnheader', { name: 'Inglés', exact: true })).toBeVisible()
    await expect(section.locator('.breakdown-withheld')).toContainText('Árabe')
  } finally {
    await page.evaluate(() => localStorage.removeItem('ana.admin.language'))
  }
})

test('district staff split a breakdown by role: each role and group cell is the cross-tab API figure, withheld where the API withholds it', async ({ page }) => {
  await signInPage(page, 'analyst@example.org')
  const profile = (await (await page.request.get('/api/schools/1/profile')).json()) as SchoolProfile
  const res = await page.request.get(`/api/schools/1/crosstab?administration=${profile.administration.id}&kind=home-language&measure=need`)
  expect(res.status()).toBe(200)
  const crossTab = await res.json()
  type Cell = { role: string; value: string; domain: string; figure: { shown: boolean; index?: number; n?: number } }
  const shown = (crossTab.cells as Cell[]).find((c) => c.role === 'family' && c.value === 'es' && c.figure.shown)
  expect(shown, 'Spanish-speaking families at the demo school have a need figure of their own').toBeDefined()
  // The pooled column is the breakdown itself.
  const breakdown = profile.breakdowns.find((b) => b.kind === 'home-language' && b.value === 'es' && b.domain === shown!.domain && b.measures === 'need')
  expect((crossTab.cells as Cell[]).find((c) => c.role === 'all' && c.value === 'es' && c.domain === shown!.domain)!.figure).toEqual(breakdown!.figure)

  await page.setViewportSize({ width: 1400, height: 1200 })
  await page.getByRole('link', { name: profile.school.name }).click()
  const section = page.getByRole('region', { name: /^Breakdowns/ })
  await section.getByRole('radio', { name: 'Home language' }).check()
  await section.getByRole('checkbox', { name: 'Split by role (students, families, staff)' }).check()
  const table = section.getByRole('table', { name: /^Need index per domain, by role and group: Home language/ })
  await expect(table).toBeVisible()
  // The Families column group's Spanish column, found through the two header rows.
  const spans = await table.locator('thead tr').first().locator('th').evaluateAll((ths) => ths.map((th) => ({ text: th.textContent!.trim(), span: (th as HTMLTableCellElement).colSpan })))
  const start = spans.slice(0, spans.findIndex((s) => s.text === 'Families')).reduce((sum, s) => sum + s.span, 0)
  const familySpan = spans.find((s) => s.text === 'Families')!.span
  const groups = (await table.locator('thead tr').nth(1).locator('th').allInnerTexts()).slice(1)
  const column = start + groups.slice(start, start + familySpan).indexOf('Spanish')
  expect(column).toBeGreaterThanOrEqual(start)
  const label = profile.domains.find((d) => d.domain === shown!.domain)!.label.default
  const cell = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) }).locator('td').nth(column)
  await expect(cell).toContainText(`n = ${shown!.figure.n}`)
  expect((await cell.innerText()).split('\n')[0].trim()).toBe(number(shown!.figure.index!))
  // Every withheld cell says so and gives no number but k.
  for (const withheld of await table.locator('td.withheld').all()) {
    expect(`${await withheld.innerText()} ${await withheld.getAttribute('title')}`.replaceAll(String(profile.minCellSize), '')).not.toMatch(/\d/)
  }
  await expectNoSeriousAxeViolation(page)
  await section.screenshot({ path: `${SHOTS}/profile-crosstab.png` })
})
