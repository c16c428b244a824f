import fs from 'node:fs'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import type { SchoolProfile } from '../../client/api/profiles'
import type { Role } from '../../server/db/schema'
import { DEMO_SCHOOLS } from '../../server/demo/demo-district'
import { signInPage } from './helpers'

const SHOTS = 'test-results/screenshots'

/** Pages in a PDF Chromium wrote: one `/Type /Page` object each (the tree's root is `/Type /Pages`). */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length
}

/** The first page's size in points, from its MediaBox. */
function mediaBox(pdf: Buffer): [number, number] {
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1'))
  if (!box) throw new Error('no MediaBox in the PDF')
  return [Number(box[1]), Number(box[2])]
}

async function profileOf(request: APIRequestContext, id: number): Promise<SchoolProfile> {
  const res = await request.get(`/api/schools/${id}/profile`)
  expect(res.status()).toBe(200)
  return res.json()
}

/** A number standing alone (not part of 12, 1.5 or 2026-27). */
const standalone = (n: number) => new RegExp(`(?<![\\d.,])${n}(?![\\d.,]*\\d)`)

/** Every title, aria-label and data-* attribute value on the page. */
function attributeValues(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => a.name === 'title' || a.name === 'aria-label' || a.name.startsWith('data-')).map((a) => a.value),
    ),
  )
}

test('an analyst reads a school profile: charts with their tables, item answers on demand, the CSV export', async ({ page }) => {
  const chunks: string[] = []
  page.on('request', (r) => chunks.push(new URL(r.url()).pathname))
  await signInPage(page, 'analyst@example.org')
  await expect(page.getByRole('heading', { name: 'Schools' })).toBeVisible()
  // The schools list never loads the chart library or the profile chunk.
  expect(chunks.filter((p) => /\/assets\/(Chart|SchoolProfileView|CommunitySummary)-/.test(p))).toEqual([])

  const profile = await profileOf(page.request, 1)
  await page.setViewportSize({ width: 1280, height: 1700 })
  await page.getByRole('link', { name: profile.school.name }).click()
  await expect(page.getByRole('heading', { level: 1, name: profile.school.name })).toBeVisible()
  expect(chunks.some((p) => /\/assets\/SchoolProfileView-/.test(p))).toBe(true)

  // Need and assets side by side: a chart (a picture for sighted readers) with the same figures as a table.
  const needAsset = page.getByRole('region', { name: 'Need and assets by domain' })
  await expect(needAsset.getByRole('img', { name: /Need and asset index per domain/ }).locator('canvas').first()).toBeVisible()
  await page.waitForTimeout(300)
  await page.screenshot({ path: `${SHOTS}/admin-school-profile.png` })
  await needAsset.getByText('Show the figures as a table').click()
  const first = profile.domains[0]
  const row = needAsset.getByRole('row').filter({ has: page.getByRole('rowheader', { name: first.label.default }) })
  if (first.need.allVoices.shown) await expect(row.getByRole('cell').first()).toContainText(`n = ${first.need.allVoices.n}`)

  // The role breakdown, change since the previous administration and the service grid are there.
  await expect(page.getByRole('region', { name: /By role/ }).locator('canvas').first()).toBeVisible()
  await expect(page.getByRole('region', { name: 'Change since the previous administration' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'What stands out' })).toBeVisible()
  const services = page.getByRole('region', { name: /Services families used/ })
  await expect(services.locator('canvas').first()).toBeVisible()
  // Service names come from the instruments' wording, not the item ids.
  await services.getByText('Show the figures as a table').click()
  await expect(services.getByRole('rowheader', { name: 'Food bank or free groceries' })).toBeVisible()

  // Item distributions on demand: drawn only when a domain is opened, with their table.
  const items = page.getByRole('region', { name: 'Answers to each question' })
  await expect(items.locator('canvas')).toHaveCount(0)
  const food = profile.domains.find((d) => d.domain === 'food-security')!
  await items.getByText(new RegExp(`^${food.label.default} \\(\\d+ questions\\)`)).click()
  await expect(items.locator('.distributions canvas').first()).toBeVisible()
  await items.locator('.distributions').getByText('Show the figures as a table').click()
  const shownItem = profile.items.find((i) => i.domain === 'food-security' && i.distribution.shown)!
  const shownN = shownItem.distribution.shown ? shownItem.distribution.n : 0
  await expect(items.locator('.distributions table')).toContainText(String(shownN))
  // Questions by their wording in the instruments, not by their ids.
  await expect(items.locator('.distributions table')).toContainText(/(Students|Families|Staff): /)
  await expect(items.locator('.distributions table')).not.toContainText(shownItem.itemId)

  // The CSV export carries the school's figures.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()])
  expect(download.suggestedFilename()).toMatch(/\.csv$/)
  const csv = fs.readFileSync((await download.path())!, 'utf8')
  const need = first.need.allVoices
  expect(need.shown).toBe(true)
  if (need.shown) {
    const label = first.label.default.includes(',') ? `"${first.label.default}"` : first.label.default
    expect(csv).toContain(`,domain,${label},${first.domain},need,all,,,,${need.index},${need.n},`)
  }
})

test('the profile reads in Spanish, with domain labels in Spanish', async ({ page }) => {
  await signInPage(page, 'analyst@example.org')
  await page.evaluate(() => localStorage.setItem('ana.admin.language', 'es'))
  const profile = await profileOf(page.request, 1)
  await page.goto('/admin/schools/1')
  await expect(page.getByRole('heading', { name: 'Necesidades y fortalezas por área' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Quién respondió' })).toBeVisible()
  await page.getByRole('region', { name: 'Necesidades y fortalezas por área' }).getByText('Ver las cifras en una tabla').click()
  await expect(page.getByRole('rowheader', { name: profile.domains[0].label.es })).toBeVisible()
})

test('a district admin reads which release the figures come from, on the profile and the comparison, also at 360 px in Spanish', async ({ page }) => {
  await signInPage(page, 'admin@example.org')
  const profile = await profileOf(page.request, 1)
  // The demo district cut its first release right after loading; its window is still open.
  expect(profile.release).toMatchObject({ number: 1, final: false })
  const { timeZone } = (await (await page.request.get('/api/administrations')).json()) as { timeZone: string }
  const at = (iso: string | null, lng = 'en') => new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso!))
  const line = `Figures as of release 1, cut ${at(profile.release.cutAt)}. The next release is cut when the survey closes on ${at(profile.release.nextAt)}.`

  await page.goto('/admin/schools/1')
  await expect(page.locator('.release-source')).toHaveText(line)
  await expect(page.locator('.release-line')).toContainText(`until they add at least ${profile.minCellSize} people`)
  await page.goto('/admin/district')
  await expect(page.locator('.release-source')).toHaveText(line)

  await page.evaluate(() => localStorage.setItem('ana.admin.language', 'es'))
  await page.setViewportSize({ width: 360, height: 800 })
  await page.goto('/admin/schools/1')
  const spanish = page.locator('.release-line')
  await expect(spanish.locator('.release-source')).toHaveText(`Cifras de la publicación 1, hecha el ${at(profile.release.cutAt, 'es')}. La próxima publicación se hará al cerrarse la encuesta, el ${at(profile.release.nextAt, 'es')}.`)
  // The line wraps within the phone's width.
  expect(await spanish.evaluate((p) => p.scrollWidth <= p.clientWidth && p.getBoundingClientRect().right <= window.innerWidth)).toBe(true)
  await page.screenshot({ path: `${SHOTS}/profile-release-es-360.png` })
  await page.evaluate(() => localStorage.removeItem('ana.admin.language'))
})

test('the Spanish community summary prints on one page, on Letter and on A4', async ({ page }) => {
  await signInPage(page, 'analyst@example.org')
  const profile = await profileOf(page.request, 1)
  await page.goto('/admin/schools/1')
  await page.getByLabel('Community summary in').selectOption('es')
  await page.getByRole('link', { name: 'Open the one-page summary to print' }).click()
  await expect(page).toHaveURL(/\/admin\/schools\/1\/summary\?lang=es/)
  const sheet = page.locator('article.summary-sheet')
  await expect(sheet).toHaveAttribute('lang', 'es')
  await expect(sheet.getByRole('heading', { name: 'Lo que nos dijo nuestra comunidad escolar' })).toBeVisible()
  await expect(sheet).toContainText('Las familias nos dijeron que sus mayores necesidades son:')
  await expect(sheet).toContainText('Lo que está funcionando')
  // Domain labels in Spanish, the top need first.
  const topNeed = profile.domains.find((d) => d.domain === profile.topNeeds[0].domain)!
  await expect(sheet.locator('.ranked--need li').first()).toContainText(topNeed.label.es)
  await sheet.screenshot({ path: `${SHOTS}/community-summary-es.png` })

  for (const format of ['Letter', 'A4'] as const) {
    const pdf = await page.pdf({ format, printBackground: true })
    expect(pageCount(pdf), `${format} pages`).toBe(1)
    fs.writeFileSync(`test-results/community-summary-es-${format}.pdf`, pdf)
  }
  // The page's own @page size follows the paper chosen on screen.
  await page.getByLabel('Paper').selectOption('a4')
  const [width, height] = mediaBox(await page.pdf({ preferCSSPageSize: true }))
  expect([Math.round(width), Math.round(height)]).toEqual([595, 842])
  expect(pageCount(await page.pdf({ preferCSSPageSize: true }))).toBe(1)
  await page.getByLabel('Paper').selectOption('letter')
  expect(mediaBox(await page.pdf({ preferCSSPageSize: true })).map(Math.round)).toEqual([612, 792])
})

test('Arabic and Farsi summaries read right to left', async ({ page }) => {
  await signInPage(page, 'analyst@example.org')
  for (const lang of ['ar', 'fa']) {
    await page.goto(`/admin/schools/1/summary?lang=${lang}`)
    const sheet = page.locator('article.summary-sheet')
    await expect(sheet).toHaveAttribute('dir', 'rtl')
    await expect(sheet).toHaveAttribute('lang', lang)
    expect(pageCount(await page.pdf({ format: 'A4' }))).toBe(1)
  }
})

test('no withheld count appears on the profile or the summary, nor in any title or data attribute', async ({ page }) => {
  await signInPage(page, 'analyst@example.org')
  const { schools } = (await (await page.request.get('/api/schools')).json()) as { schools: { id: number; name: string }[] }
  // A school where some roles are shown and some withheld: the case where a total minus the parts would give one away.
  let profile: SchoolProfile | null = null
  for (const s of schools) {
    const p = await profileOf(page.request, s.id)
    if (p.responses.some((r) => r.count.shown) && p.responses.some((r) => !r.count.shown)) {
      profile = p
      break
    }
  }
  expect(profile, 'the demo district has a school with a withheld role').not.toBeNull()
  const k = profile!.minCellSize
  // The true counts, from the demo district's own definition (its first release took in every response it loaded).
  const school = DEMO_SCHOOLS.find((s) => s.name === profile!.school.name)!
  const truth = (role: string) => school.responses[role as Role]
  const withheld = profile!.responses.filter((r) => !r.count.shown).map((r) => ({ role: r.role, n: truth(r.role) }))
  const total = profile!.responses.reduce((sum, r) => sum + truth(r.role), 0)
  for (const w of withheld) expect(w.n).toBeLessThan(k)
  expect(withheld.some((w) => w.n > 0), 'the demo school has a withheld role with people in it').toBe(true)
  // Nor does the analysts' response export name the school beside a withheld role: those rows are pooled or left out.
  const csv = await (await page.request.get(`/api/exports/responses?administration=${profile!.administration.id}&format=csv`)).text()
  const rows = csv.split(/\r?\n/).slice(1).map((line) => line.split(','))
  for (const w of withheld) expect(rows.filter((r) => r[1] === profile!.school.name && r[3] === w.role), w.role).toHaveLength(0)

  for (const path of [`/admin/schools/${profile!.school.id}`, `/admin/schools/${profile!.school.id}/summary?lang=en`]) {
    await page.goto(path)
    const who = path.includes('summary') ? page.locator('.summary-sheet .who') : page.getByRole('region', { name: 'Who answered' })
    await expect(who).toContainText(`fewer than ${k}`)
    // The counts only: the profile's table also has enrollment and rates, which are not counts of respondents.
    const whoText = path.includes('summary') ? await who.innerText() : (await who.locator('tbody td:first-of-type').allInnerTexts()).join(' | ')
    for (const w of withheld) expect(whoText, `${w.role}: ${w.n}`).not.toMatch(standalone(w.n))
    expect(whoText, 'no total that gives the withheld roles away').not.toMatch(standalone(total))
    if (!path.includes('summary')) {
      for (const region of await page.locator('details.table-alternative').all()) await region.locator('summary').click()
      // A withheld cell says why, with k as its only number.
      for (const cell of await page.locator('td.withheld').all()) {
        const text = `${await cell.innerText()} ${await cell.getAttribute('title')} ${await cell.textContent()}`
        expect(text.replaceAll(String(k), '')).not.toMatch(/\d/)
      }
    }
    for (const value of await attributeValues(page)) {
      for (const w of withheld) expect(value, `attribute value ${value}`).not.toMatch(standalone(w.n))
    }
  }
})

test('a school team sees only its school; another school is a 403 with no data', async ({ page }) => {
  await signInPage(page, 'team@example.org')
  const me = (await (await page.request.get('/api/auth/me')).json()) as { user: { schools: { id: number; name: string }[] } }
  const own = me.user.schools[0]
  await expect(page.getByRole('link', { name: own.name })).toBeVisible()
  const links = await page.locator('main a[href^="/admin/schools/"]').count()
  expect(links).toBe(me.user.schools.length)

  await page.goto(`/admin/schools/${own.id}`)
  await expect(page.getByRole('heading', { level: 1, name: own.name })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Need and assets by domain' }).locator('canvas').first()).toBeVisible()

  const other = own.id === 1 ? 2 : 1
  for (const path of [`/admin/schools/${other}`, `/admin/schools/${other}/summary?lang=es`]) {
    await page.goto(path)
    await expect(page.getByRole('alert')).toHaveText('Your account can see only its own schools.')
    await expect(page.locator('canvas, table, .summary-sheet, h1')).toHaveCount(0)
  }
  // The export link's address for another school is refused too.
  expect((await page.request.get(`/api/exports/schools/${other}/profile?format=csv`)).status()).toBe(403)
})
