import fs from 'node:fs'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { signInPage } from './helpers'

// A district's own list of 60 schools, three of its rows wrong: line 12 (grades "TK-15"), line 27 (enrollment
// "about 400") and line 45 (a CDS code of 7 digits).
const FILE = fs.readFileSync(new URL('../fixtures/schools/district-60-with-3-bad-rows.csv', import.meta.url), 'utf8')
const FIXED = FILE.replace(',TK-15,', ',TK-5,').replace(',about 400,', ',410,').replace(',1964733,', ',19647336101628,')

async function check(page: Page, text: string) {
  await page.getByLabel('File to import').setInputFiles({ name: 'our-schools.csv', mimeType: 'text/csv', buffer: Buffer.from(text) })
  await page.getByRole('button', { name: 'Check the file' }).click()
}

test.afterAll(async ({ browser }) => {
  // The other browser tests read the demo district's schools list: the 60 go again (they have no responses).
  const page = await browser.newPage()
  await signInPage(page, 'admin@example.org')
  const { csrfToken } = await (await page.request.get('/api/auth/me')).json()
  const { schools } = await (await page.request.get('/api/schools?archived=true')).json()
  for (const s of schools as { id: number; code: string }[]) {
    if (/^S\d{3}$/.test(s.code)) expect((await page.request.delete(`/api/schools/${s.id}`, { headers: { 'x-csrf-token': csrfToken } })).status()).toBe(204)
  }
  await page.close()
})

test('a district admin imports 60 schools from a CSV: the preview names the 3 bad rows by line and column; fixed, it imports, and again changes nothing', async ({ page }) => {
  await signInPage(page, 'admin@example.org', '/admin/schools')
  await page.getByRole('navigation').getByRole('link', { name: 'School directory' }).click()
  await expect(page.getByRole('heading', { name: 'School directory', level: 1 })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Template (CSV)' })).toHaveAttribute('href', '/api/schools/template?format=csv')

  await check(page, FILE)
  const problems = page.getByRole('alert')
  await expect(problems).toContainText('3 problems; the first is on line 12, column grades: The grade span "TK-15" is not grades')
  const rows = problems.getByRole('row')
  await expect(rows).toHaveCount(4)
  await expect(rows.nth(1)).toHaveText(/^12\s*grades\s*The grade span "TK-15"/)
  await expect(rows.nth(2)).toHaveText(/^27\s*enrollment_students\s*The student enrollment "about 400" is not a whole number/)
  await expect(rows.nth(3)).toHaveText(/^45\s*cds_code\s*The CDS code "1964733" is not 14 digits/)
  await expect(page.getByRole('button', { name: /^Import:/ })).toHaveCount(0)
  await page.locator('.school-import').screenshot({ path: 'docs/screenshots/schools-import-problems.png' })
  const axe = await new AxeBuilder({ page }).include('main').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])

  await check(page, FIXED)
  await expect(page.getByRole('status').filter({ hasText: '60 new, 0 changed, 0 unchanged.' })).toBeVisible()
  await page.getByRole('button', { name: 'Import: 60 new, 0 changed' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Imported: 60 new, 0 changed, 0 unchanged.' })).toBeVisible()
  const directory = page.getByRole('table').first()
  await expect(directory.getByRole('rowheader', { name: 'Kapok Elementary' })).toBeVisible()
  await expect(directory.getByRole('row').filter({ hasText: 'Acacia Elementary' })).toContainText('410')

  // The same file again: nothing to import.
  await check(page, FIXED)
  await expect(page.getByRole('status').filter({ hasText: '0 new, 0 changed, 60 unchanged.' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Import: 0 new, 0 changed' })).toBeDisabled()

  // An updated file: one region changed, said before it is imported.
  await check(page, FIXED.replace('S002,Birch Elementary,19647336100074,South', 'S002,Birch Elementary,19647336100074,East'))
  await expect(page.getByRole('status').filter({ hasText: '0 new, 1 changed, 59 unchanged.' })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'Birch Elementary' }).last()).toContainText('region: South → East')
  await page.locator('.school-import').screenshot({ path: 'docs/screenshots/schools-import-changes.png' })
  await page.getByRole('button', { name: 'Import: 0 new, 1 changed' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Imported: 0 new, 1 changed, 59 unchanged.' })).toBeVisible()
})

test('a district admin adds, edits and archives a school; the archived one is listed only when asked', async ({ page }) => {
  await signInPage(page, 'admin@example.org', '/admin/schools')
  await page.getByRole('button', { name: 'New school' }).click()
  const form = page.getByRole('form', { name: 'New school' })
  await form.getByLabel('Name').fill('Sequoia Community School')
  await form.getByLabel('District code').fill('S099')
  await form.getByLabel('CDS code').fill('19 64733 6199999')
  await form.getByLabel('Grades').fill('tk-8')
  await form.getByLabel('Students enrolled').fill('540')
  await form.getByLabel('Students by grade band').fill('TK-2: 200; 3-5: 180; 6-8: 150')
  await form.getByRole('button', { name: 'Add the school' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Sequoia Community School was added.' })).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: 'Sequoia Community School' })
  await expect(row).toContainText('19647336199999')
  await expect(row).toContainText('TK-8')

  await row.getByRole('button', { name: 'Edit Sequoia Community School' }).click()
  const edit = page.getByRole('form', { name: 'Edit Sequoia Community School' })
  await edit.getByLabel('Grades').fill('K-5')
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(edit.getByRole('alert')).toHaveText("The grade band 6-8 is outside the school's grades (K-5).")
  await edit.getByLabel('Grades').fill('TK-8')
  await edit.getByLabel('Region').fill('East')
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Sequoia Community School was saved.' })).toBeVisible()

  await page.getByRole('button', { name: 'Archive Sequoia Community School' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Sequoia Community School was archived.' })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'Sequoia Community School' })).toHaveCount(0)
  await page.getByLabel('Show archived schools').check()
  await expect(page.getByRole('row').filter({ hasText: 'Sequoia Community School' })).toContainText('Archived')
})

test('analysts and school teams have no directory link, and the page sends them to the schools list', async ({ page }) => {
  await signInPage(page, 'analyst@example.org', '/admin/schools')
  await expect(page.getByRole('link', { name: 'School directory' })).toHaveCount(0)
  await expect(page.getByRole('heading', { name: 'Schools', level: 1 })).toBeVisible()
})
