import { expect, test } from '@playwright/test'
import { signInPage } from './helpers'

test('staff see each instrument language with its translation status, and draft translations are flagged', async ({ page }) => {
  await signInPage(page, 'admin@example.org', '/admin/instruments')
  const family = page.getByRole('row').filter({ hasText: 'family' })
  await expect(family).toContainText('English: reviewed')
  await expect(family).toContainText('Español: draft translation, not yet reviewed')
  await expect(family).toContainText('العربية: draft translation, not yet reviewed')
})

test('the respondent never sees translation status', async ({ page }) => {
  const { demoAccessCodes } = await import('../../server/demo/demo-district')
  await page.goto(`/s/${demoAccessCodes()[0].code}?lang=es`)
  await expect(page.locator('.choice--role').first()).toBeVisible()
  await expect(page.locator('body')).not.toContainText(/draft|borrador/i)
})

test('district staff compare schools and open a school profile; withheld cells say why', async ({ page }) => {
  await signInPage(page, 'analyst@example.org')
  await page.getByRole('link', { name: 'District comparison' }).click()
  await expect(page.getByRole('heading', { name: /District comparison/ })).toBeVisible()
  await page.getByText('Show the figures as a table').click()
  await expect(page.locator('td.withheld').first()).toHaveAttribute('title', /Fewer than 10 people answered/)
  await page.getByRole('link', { name: 'Alder Street Elementary' }).first().click()
  await expect(page.getByRole('heading', { name: 'Alder Street Elementary' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'What stands out' })).toBeVisible()
})
