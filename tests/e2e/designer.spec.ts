import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test'
import { randomUUID } from 'node:crypto'
import { answerAndSend, DEMO_PASSWORD, signInPage, UI } from './helpers'

const NEW_ITEM = 'I would use a free laundry truck at school'
const NEW_ITEM_ES = 'Usaría un camión de lavandería gratis en la escuela'
const BANK_ITEM = 'food.st-weekend-food'

/** A staff API session of its own, with the CSRF token its changes carry. */
async function staffApi(baseURL: string, email: string): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await playwrightRequest.newContext({ baseURL })
  const res = await api.post('/api/auth/login', { data: { email, password: DEMO_PASSWORD } })
  expect(res.status()).toBe(200)
  return { api, csrf: (await res.json()).csrfToken }
}

const wallTime = (date: Date) => date.toISOString().slice(0, 16)

test('a school team adapts the family template, publishes version 2, a family answers it, and the comparisons still line up', async ({ page, baseURL }) => {
  test.setTimeout(360_000)
  const { api: admin, csrf } = await staffApi(baseURL!, 'admin@example.org')
  const schools = (await (await admin.get('/api/schools')).json()).schools as { id: number; name: string }[]
  const alder = schools.find((s) => s.name === 'Alder Street Elementary')!
  const cypress = schools.find((s) => s.name === 'Cypress Park Primary Center')!
  // A new administration: the demo one already has family answers at Alder Street, so its version is fixed there.
  // It opened before the demo one, so the schools' profiles (and the other browser tests) still default to that.
  const created = await admin.post('/api/administrations', {
    headers: { 'x-csrf-token': csrf },
    data: {
      name: 'Spring family check-in',
      opensAt: wallTime(new Date(Date.now() - 60 * 86_400_000)),
      closesAt: wallTime(new Date(Date.now() + 30 * 86_400_000)),
      mode: 'both',
      instruments: [{ slug: 'family-ana', version: 1 }],
      schoolIds: [alder.id, cypress.id],
    },
  })
  expect(created.status()).toBe(201)
  const administration = await created.json()
  const codeOf = (id: number) => administration.schools.find((s: { id: number }) => s.id === id).code as string

  // A school team member starts a draft from the family template.
  await page.setViewportSize({ width: 1600, height: 1000 })
  await signInPage(page, 'team@example.org', '/admin/design')
  await expect(page.getByRole('heading', { name: 'Instrument designer' })).toBeVisible()
  await page.getByRole('button', { name: 'Start a draft from family-ana version 1' }).click()
  await expect(page.getByRole('heading', { name: /draft for Alder Street Elementary/ })).toBeVisible()
  const saved = page.getByRole('status').filter({ hasText: /All changes saved|Saving…/ })
  await expect(saved).toHaveText('All changes saved')

  // A bank item, found by its Spanish wording, added with its itemId, translations and scores.
  await page.getByLabel('Text (any language)').fill('fines de semana')
  await page.getByRole('button', { name: 'Search the bank' }).click()
  await page.getByRole('button', { name: `Add ${BANK_ITEM}` }).click()
  await expect(page.getByRole('button', { name: `Add ${BANK_ITEM}` })).toHaveText('Already in this draft')
  await expect(saved).toHaveText('All changes saved')

  // A school-specific item: question, domain, need, a score per choice.
  const form = page.locator('#new-item')
  await form.getByLabel('Question (English)').fill(NEW_ITEM)
  await form.getByLabel('Domain').selectOption('basic-needs')
  await form.getByRole('button', { name: 'Add the question' }).click()
  await expect(page.locator('#items').getByText(NEW_ITEM)).toBeVisible()
  await expect(saved).toHaveText('All changes saved')
  // Until it is translated, the checks pin the missing languages to the new item.
  await expect(page.getByText(/problems to fix before publishing/)).toBeVisible()
  await expect(page.locator('#items .designer-item--problem', { hasText: NEW_ITEM })).toContainText('The text is missing in ar, es, fa, hy, ko, ru, tl, vi, zh-Hant.')
  await page.locator('#items .designer-item--problem', { hasText: NEW_ITEM }).scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'docs/screenshots/designer.png' })

  // Its Spanish text through the grid (the question and its two choices).
  const grid = page.locator('#translations')
  await grid.getByLabel('Find text').fill('laundry')
  const cell = (key: string) => grid.getByLabel(new RegExp(`^es text of .*laundry.*/${key}$`))
  await expect(cell('title')).toHaveCount(1)
  for (const [key, text] of [['title', NEW_ITEM_ES], ['choices/yes/text', 'Sí'], ['choices/no/text', 'No']]) {
    await cell(key).fill(text)
    await cell(key).blur()
    await expect(saved).toHaveText('All changes saved')
  }
  await expect(grid.locator('.designer-cell--missing')).toHaveCount(0)
  await page.locator('#translations').screenshot({ path: 'docs/screenshots/designer-translations.png' })
  await grid.getByLabel('Find text').fill('')

  // The other languages go out to translators as XLIFF and come back; the preview says exactly what changes.
  const [exported] = await Promise.all([page.waitForEvent('download'), grid.getByRole('button', { name: 'Export XLIFF' }).click()])
  const xliff = fs.readFileSync((await exported.path())!, 'utf8')
  expect(xliff).toContain('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">')
  expect(xliff).toContain(`<target>${NEW_ITEM_ES}</target>`)
  // The translators fill each empty target (here with a marked copy of the English).
  let filled = 0
  const translated = xliff.replace(/target-language="([^"]+)"[\s\S]*?<\/file>/g, (file, locale: string) =>
    file.replace(/<source>([^<]*)<\/source>(\s*)<target><\/target>/g, (_all, source: string, space: string) => {
      filled += 1
      return `<source>${source}</source>${space}<target>[${locale}] ${source}</target>`
    }),
  )
  expect(filled).toBe(3 * 8)
  const file = path.join(os.tmpdir(), `designer-${randomUUID()}.xlf`)
  fs.writeFileSync(file, translated)
  await grid.getByLabel('Import translations (XLIFF or CSV):').setInputFiles(file)
  const preview = page.getByRole('region', { name: 'What the import changes' })
  await expect(preview.getByText(`${filled} translations change.`)).toBeVisible()
  await expect(preview.getByRole('cell', { name: `[ko] ${NEW_ITEM}` })).toBeVisible()
  await preview.getByRole('button', { name: `Apply ${filled} changes` }).click()
  await expect(saved).toHaveText('All changes saved')
  await expect(page.getByText('No problems: the draft passes the checks of npm run surveys:check.')).toBeVisible()

  // The real runner renders the draft in Spanish at phone size.
  const previewPanel = page.locator('#preview')
  await previewPanel.getByLabel('Language').selectOption('es')
  await previewPanel.getByLabel('Screen').selectOption('phone')
  const screen = page.getByTestId('designer-preview')
  await expect(screen.getByText(NEW_ITEM_ES)).toBeVisible()
  await expect(screen.getByText('¿Con qué frecuencia no hay suficiente comida en casa los fines de semana?')).toBeVisible()
  await expect(screen).toHaveCSS('width', '390px')
  await page.locator('#preview').screenshot({ path: 'docs/screenshots/designer-preview-es.png' })

  // Publish version 2, seeing the consent its protected areas need; then use it at the school.
  await page.getByRole('button', { name: 'Publish a new version' }).click()
  const confirm = page.getByRole('alertdialog', { name: 'Publish this draft' })
  await expect(confirm.getByText(/mental health/)).toBeVisible()
  await confirm.screenshot({ path: 'docs/screenshots/designer-publish.png' })
  await confirm.getByRole('button', { name: 'Publish' }).click()
  await expect(page.getByText('Published family-ana version 2.')).toBeVisible()
  await page.getByRole('button', { name: 'Use version 2 at Alder Street Elementary in Spring family check-in' }).click()
  await expect(page.getByText('Alder Street Elementary now answers version 2 in Spring family check-in.')).toBeVisible()

  // A family answers version 2 through the runner with the school's access code.
  const family = await page.context().newPage()
  await family.setViewportSize({ width: 390, height: 844 })
  await family.goto(`/s/${codeOf(alder.id)}`)
  await family.getByRole('button', { name: 'English' }).click()
  // Only families answer this administration: the runner asks no role.
  await family.getByRole('button', { name: UI.en.runner.consent.start }).click()
  await expect(family.getByText(NEW_ITEM)).toBeVisible()
  await answerAndSend(family, 'en')
  await expect(family.getByRole('heading', { name: UI.en.runner.thanks.title })).toBeVisible()

  // More families at both schools (through the same intake), enough for figures to be shown (k = 10).
  const v2 = await (await admin.get('/api/instruments/family-ana/versions/2')).json()
  const laundry = v2.pages.flatMap((p: { elements: { name: string; ana?: { itemId?: string } }[] }) => p.elements).find((e: { title?: { default?: string } }) => e.title?.default === NEW_ITEM)
  const weekend = v2.pages.flatMap((p: { elements: { name: string; ana?: { itemId?: string } }[] }) => p.elements).find((e: { ana?: { itemId?: string } }) => e.ana?.itemId === BANK_ITEM)
  const shared = { food_worried_run_out: 'sometimes-true', food_ran_out: 'never-true', food_know_help: 'agree' }
  for (let i = 0; i < 12; i++) {
    for (const [school, version, answers] of [
      [alder.id, 2, { ...shared, [laundry.name]: i % 3 === 0 ? 'no' : 'yes', [weekend.name]: 'sometimes' }],
      [cypress.id, 1, shared],
    ] as const) {
      const res = await admin.post('/api/responses', {
        data: { id: randomUUID(), code: codeOf(school), slug: 'family-ana', version, locale: 'en', channel: 'phone', answers },
      })
      expect(res.status()).toBe(201)
    }
  }

  // Figures come from releases. Twelve families a school within minutes is a burst, which a cut holds for review (a
  // padding attack looks the same); the district admin approves the holds, and the next cut, this administration's
  // first, takes in every school's responses so far.
  const cutNow = () => admin.post(`/api/administrations/${administration.id}/releases`, { headers: { 'x-csrf-token': csrf } })
  const held = await cutNow()
  expect(held.status()).toBe(200)
  expect((await held.json()).holds).toBe(2)
  const { holds } = await (await admin.get(`/api/holds?administration=${administration.id}&status=held`)).json()
  expect(holds).toHaveLength(2)
  for (const hold of holds) expect((await admin.post(`/api/holds/${hold.id}/approve`, { headers: { 'x-csrf-token': csrf } })).status()).toBe(200)
  expect((await cutNow()).status()).toBe(201)

  // The school profile shows the new item.
  await page.goto(`/admin/schools/${alder.id}?administration=${administration.id}`)
  const answers = page.locator('section[aria-labelledby="items"]')
  // The bank item keeps its itemId and wording; the school's own item is there with its wording.
  const food = answers.locator('details.domain-items', { hasText: 'Food security' })
  await food.locator('summary').first().click()
  await expect(food).toContainText('Families: How often is there not enough food at home on weekends?')
  const basicNeeds = answers.locator('details.domain-items', { hasText: 'Basic needs' })
  await basicNeeds.locator('summary').first().click()
  await expect(basicNeeds).toContainText(`Families: ${NEW_ITEM}`)
  await basicNeeds.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'docs/screenshots/designer-profile.png', fullPage: false })

  // The district comparison lines up the shared items across the two schools and their two versions.
  const compare = await (await admin.get(`/api/district/compare?administration=${administration.id}&role=family`)).json()
  expect(compare.district['food-security'].need.schools).toBe(2)
  for (const id of [alder.id, cypress.id]) {
    const row = compare.schools.find((s: { school: { id: number } }) => s.school.id === id)
    expect(row.cells['food-security'].need.shown).toBe(true)
    expect(row.cells['food-security'].asset.shown).toBe(true)
  }
  await admin.dispose()
})

test('a reworded item gets a new itemId after a confirmation, show-if is set through a form, and the diff names what changed', async ({ page }) => {
  test.setTimeout(240_000)
  await page.setViewportSize({ width: 1600, height: 1000 })
  await signInPage(page, 'team@example.org', '/admin/design')
  await page.getByRole('button', { name: 'Start a draft from family-ana version 1' }).click()
  const saved = page.getByRole('status').filter({ hasText: /All changes saved|Saving…/ })
  await expect(saved).toHaveText('All changes saved')

  // Rewording a published item: the team is told why it becomes a new item.
  const dentist = page.getByRole('listitem', { name: 'My child saw a dentist in the past 12 months.' })
  await dentist.getByRole('button', { name: 'Wording…' }).click()
  await dentist.getByLabel('English wording').fill('My child saw a dentist this school year.')
  await dentist.getByRole('button', { name: 'Change wording' }).click()
  const why = page.getByRole('alertdialog', { name: 'A new wording is a new question' })
  await expect(why).toContainText('This question (dv.dentist-past-year) is published')
  await why.getByRole('button', { name: 'Change it and use dv.dentist-past-year-r2' }).click()
  const reworded = page.getByRole('listitem', { name: 'My child saw a dentist this school year.' })
  await expect(reworded).toContainText('dv.dentist-past-year-r2 · dental-vision · asset')
  await expect(saved).toHaveText('All changes saved')
  // Its translations are kept, marked as made from the old English.
  const grid = page.locator('#translations')
  await grid.getByLabel('Find text').fill('dentist this school year')
  await expect(grid.locator('.designer-cell--changed')).toContainText('changed since translated')

  // Show-if through the form: the expression is written from the question, the operator and the value.
  const eyes = page.getByRole('listitem', { name: 'My child needs an eye exam or glasses but has not gotten them.' })
  await eyes.getByRole('button', { name: 'Show if…' }).click()
  const condition = eyes.getByRole('group', { name: 'Show dv_needs_eye_care only if' })
  await condition.getByLabel('Question').selectOption('dv_tooth_untreated')
  await condition.getByLabel('Operator').selectOption('equals')
  await condition.getByRole('radio', { name: 'Yes' }).check()
  await condition.getByRole('button', { name: 'Apply condition' }).click()
  await expect(eyes).toContainText("shown if {dv_tooth_untreated} = 'yes'")
  await expect(saved).toHaveText('All changes saved')

  // The kiosk frame is 1080 × 1920 scaled to 40 %.
  await page.locator('#preview').getByLabel('Screen').selectOption('kiosk')
  await expect(page.getByTestId('designer-preview')).toHaveCSS('width', '1080px')
  await expect(page.locator('.designer-device')).toHaveCSS('width', '432px')

  await page.getByRole('button', { name: 'Publish a new version' }).click()
  await page.getByRole('alertdialog', { name: 'Publish this draft' }).getByRole('button', { name: 'Publish' }).click()
  const published = page.getByText(/Published family-ana version \d+\./)
  await expect(published).toBeVisible()
  const version = (await published.textContent())!.match(/version (\d+)/)![1]

  // The diff between the template and the new version, item by item.
  await page.goto('/admin/design')
  const diff = page.locator('section[aria-labelledby="diff-heading"]')
  await diff.getByLabel('Instrument').selectOption('family-ana')
  await diff.getByLabel('From version').selectOption('1')
  await diff.getByLabel('To version').selectOption(version)
  await diff.getByRole('button', { name: 'Compare' }).click()
  const result = diff.getByLabel('Differences')
  await expect(result).toContainText('Items addeddv.dentist-past-year-r2')
  await expect(result).toContainText('Items removeddv.dentist-past-year')
  await expect(result).toContainText('Items rescored—')
})
