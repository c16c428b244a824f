import { expect, test } from '@playwright/test'
import { signInPage } from './helpers'

const CSV = [
  'organization,organization_type,service,domains,schools,delivery,hours,languages,capacity,active_from,active_until',
  'Sonrisa Dental Partners,clinic,Mobile dental clinic,dental-vision,,mobile-visit,First Monday 8:00-15:00,en;es,90,2026-01-01,',
].join('\n')

test("a district admin imports a partner CSV, links its dental service to Alder Street, and sees the school's dental gap disappear", async ({ page }) => {
  await signInPage(page, 'admin@example.org')

  // Before: Alder Street has high dental need, low dental assets and no dental partner.
  await page.getByRole('link', { name: 'Gaps', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Gaps: needs and the partners behind them' })).toBeVisible()
  await expect(page.getByLabel('Domain')).toHaveValue('dental-vision')
  const alder = page.locator('tr[data-school="Alder Street Elementary"]')
  await expect(alder.getByText('Gap', { exact: true })).toBeVisible()
  await expect(alder.getByRole('cell').nth(3)).toHaveText('nothing')
  await page.screenshot({ path: 'docs/screenshots/asset-map-gaps.png', fullPage: true })

  // Import the CSV: a preview first, then the import.
  await page.getByRole('link', { name: 'Partners', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Partners and services' })).toBeVisible()
  await page.getByLabel('CSV file').setInputFiles({ name: 'partners.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) })
  await expect(page.getByText('Check 1 rows before importing:')).toBeVisible()
  await expect(page.getByText('Line 2: Sonrisa Dental Partners (new) · Mobile dental clinic (new)')).toBeVisible()
  await page.getByRole('button', { name: 'Import these rows' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Imported 1 rows.' })).toBeVisible()

  // Link the new service to Alder Street.
  const service = page.locator('tr[data-service="Mobile dental clinic"]')
  await expect(service).toContainText('no school yet')
  await service.getByLabel('Link to Mobile dental clinic').selectOption({ label: 'Alder Street Elementary' })
  await service.getByRole('button', { name: 'Link', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Mobile dental clinic now serves Alder Street Elementary.' })).toBeVisible()
  await expect(service).toContainText('Alder Street Elementary')
  await page.getByLabel('Domain').selectOption('dental-vision')
  await page.screenshot({ path: 'docs/screenshots/asset-map-partners.png', fullPage: true })

  // After: Alder Street is no longer among the dental gaps; with every school shown, its partner is in place.
  await page.getByRole('link', { name: 'Gaps', exact: true }).click()
  await expect(page.getByRole('table')).toBeVisible()
  await expect(alder).toHaveCount(0)
  await expect(page.locator('tr[data-school="Kern Avenue Elementary"]').getByText('Gap', { exact: true })).toBeVisible()
  // The box reloads the page with the choice in the address, so React keeps it ticked until then: click, then wait.
  await page.getByLabel('Only schools with high unmet need and no partner').click()
  await expect(page).toHaveURL(/[?&]all=1/)
  await expect(alder.getByText('High need, partner in place')).toBeVisible()
  await expect(alder).toContainText('Sonrisa Dental Partners: Mobile dental clinic')

  // The school's profile shows it beside the top need.
  await alder.getByRole('link', { name: 'Alder Street Elementary' }).click()
  const here = page.getByRole('region', { name: 'What is here already' })
  await expect(here).toContainText('Sonrisa Dental Partners: Mobile dental clinic')
  await here.screenshot({ path: 'docs/screenshots/asset-map-profile.png' })

  // And so does the printable community summary, in the family's language.
  await page.getByLabel('Community summary in').selectOption('es')
  await page.getByRole('link', { name: 'Open the one-page summary to print' }).click()
  const needs = page.locator('.summary-sheet .ranked--need li')
  await expect(needs.filter({ hasText: 'Salud dental y visual' }).locator('.what-is-here-tag')).toHaveText('Ya hay: Sonrisa Dental Partners')
  await expect(needs.filter({ hasText: 'Seguridad alimentaria' }).locator('.what-is-here-tag')).toHaveText('Todavía sin socio')
  // Beside the score, never on a line of its own: the sheet still prints on one page.
  const pdf = await page.pdf({ format: 'Letter', printBackground: true })
  expect((pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length).toBe(1)
  await page.locator('article.summary-sheet').screenshot({ path: 'docs/screenshots/asset-map-summary-es.png' })
})
