import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { koboForm } from '../helpers/kobo-form'
import { signInPage } from './helpers'

test('a school team brings in a Kobo form in three languages, previews its skip logic, and round-trips the family survey as an XLSForm', async ({ page }) => {
  test.setTimeout(180_000)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsform-'))
  const kobo = path.join(dir, 'transport_checkin.xlsx')
  fs.writeFileSync(kobo, await koboForm())

  await page.setViewportSize({ width: 1400, height: 1000 })
  await signInPage(page, 'team@example.org', '/admin/design')
  await expect(page.getByRole('heading', { name: 'Instrument designer' })).toBeVisible()

  // The family survey's version 1 downloads as an XLSForm from the published versions.
  const downloading = page.waitForEvent('download')
  await page.getByRole('link', { name: 'Download family-ana version 1 as an XLSForm' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe('family-ana_v1_xlsform.xlsx')
  const exported = path.join(dir, download.suggestedFilename())
  await download.saveAs(exported)

  // The Kobo form's form_id is not an instrument here: the page says so and which ones there are.
  const xlsform = page.getByRole('group', { name: 'Import an XLSForm (KoboToolbox, ODK)' })
  await xlsform.getByLabel('XLSForm file (.xlsx):').setInputFiles(kobo)
  await expect(page.getByRole('alert')).toContainText('The form\'s form_id "transport_checkin_2025" is not an instrument here; choose the instrument it becomes a draft of')

  // Chosen as a draft of the family survey, it comes in; what was left out is said before the draft opens.
  await xlsform.getByLabel('It becomes a draft of').selectOption('family-ana')
  await xlsform.getByLabel('XLSForm file (.xlsx):').setInputFiles(kobo)
  const status = xlsform.getByRole('status')
  await expect(status).toContainText('The draft is ready. The import left out:')
  await expect(status).toContainText('Left out: "deviceid" (deviceid, row 3); the engine keeps no device, time or person identifiers with responses.')
  await status.getByRole('link', { name: 'Open the draft' }).click()

  // Four questions lack the engine's metadata, and the title (one language in XLSForm) lacks Spanish and Arabic.
  await expect(page.getByText(/^5 problems to fix before publishing/)).toBeVisible()
  const preview = page.getByTestId('designer-preview')
  await expect(preview.getByRole('radiogroup', { name: 'Does your family have a car?' })).toBeVisible()
  await expect(preview.getByRole('group', { name: 'How does your child get to school?' })).toHaveCount(0)
  // The skip logic came across: "No" opens the select_multiple, and "Another way" opens the text.
  // Answers are given by their labels, which wait for the page to stand still (a question appearing moves the others).
  await preview.getByText('No', { exact: true }).click()
  await expect(preview.getByRole('radio', { name: 'No' })).toBeChecked()
  await expect(preview.getByRole('group', { name: 'How does your child get to school?' })).toBeVisible()
  await expect(preview.getByRole('textbox', { name: 'What other way?' })).toHaveCount(0)
  await preview.getByText('Another way', { exact: true }).click()
  await expect(preview.getByRole('checkbox', { name: 'Another way' })).toBeChecked()
  await expect(preview.getByRole('textbox', { name: 'What other way?' })).toBeVisible()
  // In Spanish and Arabic, as the form wrote them.
  await page.locator('#preview').getByLabel('Language').selectOption('es')
  await expect(preview.getByRole('radiogroup', { name: '¿Su familia tiene carro?' })).toBeVisible()
  await page.locator('#preview').getByLabel('Language').selectOption('ar')
  await expect(preview.getByRole('radiogroup', { name: 'هل لدى عائلتك سيارة؟' })).toBeVisible()
  await expect(preview).toHaveAttribute('dir', 'rtl')

  // The exported family survey comes back in as a draft with nothing left out and nothing to fix.
  await page.goto('/admin/design')
  await page.getByRole('group', { name: 'Import an XLSForm (KoboToolbox, ODK)' }).getByLabel('XLSForm file (.xlsx):').setInputFiles(exported)
  await expect(page.getByRole('heading', { name: /draft for Alder Street Elementary/ })).toBeVisible()
  await expect(page.getByText('No problems: the draft passes the checks of npm run surveys:check.')).toBeVisible()
  await expect(page.getByText(/family-ana version 1/).first()).toBeVisible()
})
