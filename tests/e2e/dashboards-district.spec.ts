import fs from 'node:fs'
import { expect, test } from '@playwright/test'
import { demoAccessCodes } from '../../server/demo/demo-district'
import { signInPage } from './helpers'

test('a district analyst filters the heat map to one region, sorts by food security need, opens the top school, downloads its CSV and prints the Spanish community summary', async ({ page }) => {
  await signInPage(page, 'analyst@example.org')
  await page.getByRole('link', { name: 'District comparison' }).click()
  await expect(page.getByRole('heading', { name: 'District comparison' })).toBeVisible()
  const heatmap = page.getByRole('img', { name: /Heat map of Need index/ })
  await expect(heatmap.locator('canvas').first()).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: /of 15 schools/ })).toHaveText('15 of 15 schools')

  await page.getByLabel('Region').selectOption('East')
  await expect(page.getByRole('status').filter({ hasText: /schools$/ })).toHaveText(/^\d+ of \d+ schools$/)
  await page.getByLabel('Sort by').selectOption({ label: 'Food security & nutrition' })
  expect(new URL(page.url()).searchParams.get('region')).toBe('East')

  // The table alternative has the heat map's rows in the same order, with the same figures.
  await page.getByText('Show the figures as a table').click()
  const table = page.locator('section[aria-labelledby="heatmap-heading"] table')
  const rows = table.locator('tbody tr')
  const count = await rows.count()
  expect(count).toBeGreaterThan(1)
  const foodColumn = (await table.locator('thead th').allTextContents()).indexOf('Food security & nutrition')
  const food = await rows.evaluateAll(
    (trs, column) => trs.map((tr) => (tr.children[column] as HTMLElement).innerText.split('\n')[0]),
    foodColumn,
  )
  const shown = food.filter((v) => v !== '—').map(Number)
  expect(shown).toEqual([...shown].sort((a, b) => b - a))
  // Withheld cells say why and carry no number, in the cell, its title or any attribute.
  for (const cell of await table.locator('td.withheld').all()) {
    const html = await cell.evaluate((td) => td.outerHTML)
    expect(html.replace(/Fewer than 10 people|fewer than 10 people/g, '')).not.toMatch(/\d/)
  }
  await page.screenshot({ path: 'test-results/screenshots/admin-district.png', fullPage: true })

  // The downloads sit on the page they belong to, for the administration shown, under one file name pattern:
  // <district>_<administration>_<what>_<date> (DISTRICT_NAME unset: "district").
  const exports = page.getByRole('region', { name: 'Downloads for this administration' })
  const named = (what: string, ext: string) => new RegExp(`^district_2026-27-fall-needs-and-assets-assessment_${what}_\\d{4}-\\d{2}-\\d{2}\\.${ext}$`)
  const [comparisonFile] = await Promise.all([page.waitForEvent('download'), exports.getByRole('link', { name: 'CSV' }).first().click()])
  expect(comparisonFile.suggestedFilename()).toMatch(named('district-comparison', 'csv'))
  const comparisonCsv = fs.readFileSync((await comparisonFile.path())!, 'utf8').replace(/^\uFEFF/, '').trim().split('\n')
  expect(comparisonCsv[0]).toMatch(/^school,region,/)
  // With the region chosen above: East's schools only.
  expect(new Set(comparisonCsv.slice(1).map((line) => line.split(',')[1]))).toEqual(new Set(['East']))
  const [responsesFile] = await Promise.all([page.waitForEvent('download'), exports.getByRole('link', { name: 'XLSX' }).nth(1).click()])
  expect(responsesFile.suggestedFilename()).toMatch(named('responses', 'xlsx'))
  // The codebook beside it: one row per column of the response-level data, read as an analyst would.
  const [codebookFile] = await Promise.all([page.waitForEvent('download'), exports.getByRole('link', { name: 'CSV' }).nth(2).click()])
  expect(codebookFile.suggestedFilename()).toMatch(named('codebook', 'csv'))
  const codebook = fs.readFileSync((await codebookFile.path())!, 'utf8').replace(/^\uFEFF/, '')
  expect(codebook.split('\n')[0]).toMatch(/^variable,instrument,version,item id,domain,measures,type,question \(en\),values \(en\),scores,question \(es\),/)
  expect(codebook).toContain('family-ana.health_condition,family-ana,1,health.condition-affects-school,physical-health,need,radiogroup,')
  const [script] = await Promise.all([page.waitForEvent('download'), exports.getByRole('link', { name: 'R script that applies it' }).click()])
  expect(script.suggestedFilename()).toMatch(named('responses', 'R'))
  expect(fs.readFileSync((await script.path())!, 'utf8')).toContain('responses <- read.csv(csv,')
  const [spss] = await Promise.all([page.waitForEvent('download'), exports.getByRole('link', { name: 'SPSS syntax' }).click()])
  expect(spss.suggestedFilename()).toMatch(named('responses', 'sps'))
  expect(fs.readFileSync((await spss.path())!, 'utf8')).toMatch(/GET DATA\s+\/TYPE=TXT/)
  const [stata] = await Promise.all([page.waitForEvent('download'), exports.getByRole('link', { name: 'Stata do-file' }).click()])
  expect(stata.suggestedFilename()).toMatch(named('responses', 'do'))
  expect(fs.readFileSync((await stata.path())!, 'utf8')).toContain('import delimited')

  const top = rows.first().getByRole('link')
  const name = await top.textContent()
  await top.click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name!)

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()])
  expect(download.suggestedFilename()).toMatch(named(`profile-${name!.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, 'csv'))
  expect(fs.readFileSync((await download.path())!, 'utf8')).toMatch(/^\uFEFFschool,school id,administration,administration id,section,domain,domain id,measure,group,/)

  await page.getByLabel('Community summary in').selectOption('es')
  await page.getByRole('link', { name: 'Open the one-page summary to print' }).click()
  await expect(page).toHaveURL(/\/summary\?lang=es/)
  await expect(page.locator('article.summary-sheet')).toContainText(name!)
  const pdf = await page.pdf({ format: 'Letter', printBackground: true })
  expect((pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length).toBe(1)
  fs.mkdirSync('test-results', { recursive: true })
  fs.writeFileSync('test-results/district-flow-summary-es.pdf', pdf)
})

test('an analyst reads the codebook of the response-level data as a page, in Spanish and Arabic beside English', async ({ page }) => {
  await signInPage(page, 'analyst@example.org', '/admin/district')
  await page.getByRole('region', { name: 'Downloads for this administration' }).getByRole('link', { name: 'read it here' }).click()
  await expect(page.getByRole('heading', { name: 'Codebook of the response-level data' })).toBeVisible()
  const item = page.locator('tr[data-variable="family-ana.health_condition"]')
  await expect(item).toContainText('health.condition-affects-school')
  await expect(item).toContainText('yes Yes')
  await expect(item.locator('[lang=es]')).toHaveText(/^Mi hijo\(a\) tiene un problema de salud/)
  await page.getByLabel('Beside English:').selectOption('ar')
  await expect(item.locator('[lang=ar]')).toHaveAttribute('dir', 'rtl')
  // The same rows as the codebook's file.
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()])
  const lines = fs.readFileSync((await file.path())!, 'utf8').trim().split('\n').length
  await expect(page.locator('table.codebook-table caption')).toHaveText(`${lines - 1} columns`)
  await page.getByLabel('Find a variable, item or word').fill('dental')
  await expect(page.locator('table.codebook-table tbody tr').first()).toContainText(/dental/i)
})

test('the scatter and the response rates have their tables; withheld counts show as <k', async ({ page }) => {
  await signInPage(page, 'analyst@example.org', '/admin/district')
  await expect(page.getByRole('img', { name: /Scatter of need against asset index/ }).locator('canvas').first()).toBeVisible()
  await page.getByText('Show the response rates as a table').click()
  const rates = page.locator('section[aria-labelledby="rates-heading"] table tbody tr')
  await expect(rates.first()).toBeVisible()
  // The demo has schools with a role under k: shown as '<10' to a district analyst, like to everyone.
  const underK = page.locator('section[aria-labelledby="rates-heading"] td.withheld .withheld-count [aria-hidden=true]', { hasText: '<10' })
  await expect(underK.first()).toBeVisible()
  await page.getByText('Show the points as a table').click()
  await expect(page.locator('section[aria-labelledby="scatter-heading"] table tbody tr').first()).toBeVisible()
})

test('the dashboards speak Spanish', async ({ page }) => {
  await signInPage(page, 'analyst@example.org', '/admin/district')
  await page.getByLabel('Language / Idioma').selectOption('es')
  await expect(page.getByRole('heading', { name: 'Comparación del distrito' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Quién ha respondido' })).toBeVisible()
})

test('the runner never loads chart code', async ({ page }) => {
  const scripts: string[] = []
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname)
  })
  await page.goto(`/s/${demoAccessCodes()[0].code}`)
  await expect(page.locator('.choice--role, [lang]').first()).toBeVisible()
  expect(scripts.filter((s) => /District|echarts|SchoolProfile/i.test(s))).toEqual([])
})

test("a district analyst reads a breakdown by role across the district: each cell the sum of the schools' shown cells", async ({ page }) => {
  await signInPage(page, 'analyst@example.org')
  await page.getByRole('link', { name: 'District comparison' }).click()
  const section = page.getByRole('region', { name: 'By role and group across the district' })
  await section.getByRole('radio', { name: 'Home language' }).check()
  const table = section.getByRole('table', { name: /^Need index per domain, by role and group: Home language/ })
  await expect(table).toBeVisible()
  const comparison = await (await page.request.get('/api/administrations')).json()
  const administration = comparison.administrations.find((a: { status: string }) => a.status !== 'scheduled').id
  const tab = await (await page.request.get(`/api/district/crosstab?administration=${administration}&kind=home-language&measure=need`)).json()
  // Families who speak Spanish at home: pooled over the schools that show them.
  const cell = tab.cells.find((c: any) => c.role === 'family' && c.value === 'es' && c.figure.shown)
  expect(cell, 'Spanish-speaking families are shown at some demo school').toBeDefined()
  expect(cell.schools).toBeGreaterThan(0)
  const label = (await (await page.request.get(`/api/district/compare?administration=${administration}`)).json()).domains.find((d: any) => d.domain === cell.domain).label.default
  const spans = await table.locator('thead tr').first().locator('th').evaluateAll((ths) => ths.map((th) => ({ text: th.textContent!.trim(), span: (th as HTMLTableCellElement).colSpan })))
  const start = spans.slice(0, spans.findIndex((s) => s.text === 'Families')).reduce((sum, s) => sum + s.span, 0)
  const groups = (await table.locator('thead tr').nth(1).locator('th').allInnerTexts()).slice(1)
  const column = start + groups.slice(start).indexOf('Spanish')
  const shown = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) }).locator('td').nth(column)
  await expect(shown).toContainText(`n = ${cell.figure.n}`)
  expect((await shown.innerText()).split('\n')[0].trim()).toBe(new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(cell.figure.index))
})
