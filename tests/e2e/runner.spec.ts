import { expect, test } from '@playwright/test'
import { demoAccessCodes } from '../../server/demo/demo-district'

const [alder] = demoAccessCodes()

async function familyCount(request: import('@playwright/test').APIRequestContext, schoolId: number): Promise<number> {
  const profile = await (await request.get(`/api/schools/${schoolId}/profile`)).json()
  const family = profile.responses.find((r: { role: string }) => r.role === 'family')
  expect(family.count.shown).toBe(true)
  return family.count.n
}

test.use({ viewport: { width: 360, height: 740 }, locale: 'en-US', hasTouch: true, isMobile: true })

test('a family member answers the survey in Spanish on a phone and the school profile counts it', async ({ page, request }) => {
  const access = await (await request.get(`/api/access/${alder.code}`)).json()
  const schoolId: number = access.school.id
  const before = await familyCount(request, schoolId)

  await page.goto(`/s/${alder.code}`)
  await expect(page.getByRole('heading', { name: 'Choose your language' })).toBeVisible()
  await page.getByRole('button', { name: 'Español' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'es')

  // The demo code offers several instruments; where it offers one, the role step is skipped.
  await expect(page.getByRole('heading', { name: /¿Quién responde\?|Antes de empezar/ })).toBeVisible()
  const familyRole = page.getByRole('button', { name: 'Soy madre, padre o cuidador' })
  if (await familyRole.isVisible()) await familyRole.click()
  await expect(page.getByRole('heading', { name: 'Antes de empezar' })).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/runner-consent-es.png' })
  await page.getByRole('button', { name: 'Empezar la encuesta' }).click()

  // Answer the first choice of every single-choice question on each page, then move on.
  for (let pageIndex = 0; pageIndex < 40; pageIndex++) {
    await expect(page.locator('.sd-question').first()).toBeVisible()
    if (pageIndex === 0) await page.screenshot({ path: 'test-results/screenshots/runner-question-es.png' })
    const radiogroups = page.locator('.sd-question[data-name]:visible').filter({ has: page.locator('input[type=radio]') })
    for (const question of await radiogroups.all()) {
      const rows = question.locator('tr.sd-table__row')
      if ((await rows.count()) > 0) {
        for (const row of await rows.all()) await row.locator('input[type=radio]').first().check({ force: true })
      } else {
        await question.locator('input[type=radio]').first().check({ force: true })
      }
    }
    const complete = page.getByRole('button', { name: 'Enviar mis respuestas' })
    if (await complete.isVisible()) {
      await complete.click()
      break
    }
    await page.getByRole('button', { name: 'Siguiente' }).click()
  }

  await expect(page.getByRole('heading', { name: '¡Gracias!' })).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/runner-thanks-es.png' })
  await expect.poll(() => familyCount(request, schoolId)).toBe(before + 1)
})

test('an unknown access code gets a clear message', async ({ page }) => {
  await page.goto('/s/NOPE2345')
  await expect(page.getByRole('alert')).toHaveText('We could not find this survey. Check the code on the poster or card.')
})
