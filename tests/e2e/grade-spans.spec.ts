import { expect, test, type Page } from '@playwright/test'
import { DEMO_ADMINISTRATION, demoAccessCodes } from '../../server/demo/demo-district'
import { signInPage, UI } from './helpers'

const codeOf = (school: string) => demoAccessCodes().find((c) => c.school === school)!.code
const { runner, survey } = UI.en

// No service worker: the K-8 offer below is served by page.route, which a service worker's fetch would go around.
test.use({ viewport: { width: 360, height: 740 }, locale: 'en-US', hasTouch: true, isMobile: true, serviceWorkers: 'block' })

/** The names of the role buttons, in order. */
async function roleButtons(page: Page): Promise<string[]> {
  await expect(page.getByRole('heading', { name: runner.chooseRole })).toBeVisible()
  return page.locator('.choice--role > span:not(.choice__icon)').allInnerTexts()
}

test('a high school offers one student survey, and asks its families only about grades 9–12', async ({ page }) => {
  await page.goto(`/s/${codeOf('Eastside STEM Academy')}?lang=en`)
  expect(await roleButtons(page)).toEqual([runner.roles.family, runner.roles.staff, runner.roles.student])

  await page.getByRole('button', { name: runner.roles.family }).click()
  await page.getByRole('button', { name: runner.consent.start }).click()
  // Nothing before it is required: page on to the question about the children's grades.
  const grades = page.locator('.sd-question[data-name=child_grade_bands]')
  for (let i = 0; i < 12 && !(await grades.isVisible()); i++) await page.getByRole('button', { name: survey.pageNextText }).click()
  await expect(grades).toBeVisible()
  await expect(grades.getByRole('checkbox')).toHaveCount(2)
  await expect(grades.getByRole('checkbox', { name: '9th to 12th grade' })).toHaveCount(1)
  await expect(grades.getByRole('checkbox', { name: 'Prefer not to say' })).toHaveCount(1)
})

test('a K-8 school offered both student surveys names each by its grades: no two role buttons alike', async ({ page, request }) => {
  // The demo district has no K-8 school: Alder (TK-5) with the secondary student survey as the server offers it at a 6-8 school.
  const alder = codeOf('Alder Street Elementary')
  const elementary = await (await request.get(`/api/access/${alder}`)).json()
  const middle = await (await request.get(`/api/access/${codeOf('Boyle Heights Community Middle')}`)).json()
  const secondary = middle.instruments.find((i: { slug: string }) => i.slug === 'student-ana')
  expect(secondary).toMatchObject({ grades: '6–8', gradeBands: [{ question: 'grade_band', choices: ['6-8', 'pns'] }] })
  await page.route(`**/api/access/${alder}`, (route) => route.fulfill({ json: { ...elementary, instruments: [...elementary.instruments, secondary] } }))

  await page.goto(`/s/${alder}?lang=en`)
  const buttons = await roleButtons(page)
  expect(buttons.sort()).toEqual(
    [runner.roles.family, runner.roles.staff, runner.rolesInGrades.student.replace('{{grades}}', '3–5'), runner.rolesInGrades.student.replace('{{grades}}', '6–8')].sort(),
  )
  expect(new Set(buttons).size).toBe(buttons.length)

  // The secondary survey here asks about grades 6–8 only.
  await page.getByRole('button', { name: runner.rolesInGrades.student.replace('{{grades}}', '6–8') }).click()
  await page.getByRole('button', { name: runner.consent.start }).click()
  const band = page.locator('.sd-question[data-name=grade_band]')
  await expect(band).toBeVisible()
  await expect(band.getByRole('radio')).toHaveCount(2)
  await expect(band.getByRole('radio', { name: 'Grades 6–8' })).toHaveCount(1)
  await expect(band.getByRole('radio', { name: 'Prefer not to say' })).toHaveCount(1)
})

test('the poster and kiosk card pages warn that phones cannot open links to this computer', async ({ page }) => {
  // The browser tests' server has PUBLIC_URL=http://127.0.0.1:PORT: what a district that never set it would print.
  await signInPage(page, 'admin@example.org', '/admin/administrations')
  const { administrations } = await (await page.request.get('/api/administrations')).json()
  const demo = administrations.find((a: { name: string }) => a.name === DEMO_ADMINISTRATION)
  const detail = await (await page.request.get(`/api/administrations/${demo.id}`)).json()
  expect(detail.localLinks).toBe(true)
  const school = detail.schools[0]
  for (const kind of ['poster', 'kiosk']) {
    await page.goto(`/admin/administrations/${demo.id}/print/${school.id}?kind=${kind}&lang=en`)
    await expect(page.getByTestId('print-sheet')).toBeVisible()
    await expect(page.getByRole('alert')).toHaveText(
      `These links open only on the computer running the server (${school.links.phone}): phones and tablets cannot reach them. Set PUBLIC_URL to the address people use (and HOST=0.0.0.0, or a reverse proxy), restart, then print. See docs/deployment.md.`,
    )
  }
  // Printed, the sheet stays one page: the warning is for the screen.
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('alert')).toBeHidden()
})
