import { expect, test } from '@playwright/test'
import signInText from '../../client/i18n/admin/sign-in.en.json' with { type: 'json' }
import { signInPage } from './helpers'

test('an admin gives a new account a one-time password link; the person sets a password through it, and the link works once', async ({ page, browser }) => {
  const email = `linked-${Date.now()}@example.org`
  await signInPage(page, 'admin@example.org', '/admin/accounts')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Role').selectOption('district-analyst')
  await page.getByRole('button', { name: 'Create account' }).click()
  await expect(page.locator('.notice')).toHaveText(`Account for ${email} created.`)
  const link = await page.getByLabel(signInText.accounts.linkLabel).inputValue()
  expect(link).toMatch(/\/admin\/set-password#[A-Za-z0-9_-]{22}$/)

  const theirs = await browser.newContext()
  const person = await theirs.newPage()
  await person.goto(link)
  await expect(person.getByRole('heading', { name: signInText.setPassword.title })).toBeVisible()
  await expect(person.getByText(email)).toBeVisible()
  await person.getByLabel(signInText.setPassword.password).fill('a password of my own')
  await person.getByLabel(signInText.setPassword.repeat).fill('a password of my own')
  await person.getByRole('button', { name: signInText.setPassword.submit }).click()
  await expect(person.getByRole('button', { name: 'Sign out' })).toBeVisible()

  // The same link again: spent.
  const again = await browser.newContext()
  const stranger = await again.newPage()
  await stranger.goto(link)
  await expect(stranger.getByRole('alert')).toHaveText('This link has been used already: ask an admin for a new one.')
  await again.close()

  // They change their own password: the current one is asked for.
  await person.getByRole('link', { name: signInText.ownPassword.link }).click()
  await person.getByLabel(signInText.ownPassword.current).fill('not my password')
  await person.getByLabel(signInText.ownPassword.new).fill('another password of mine')
  await person.getByLabel(signInText.ownPassword.repeat).fill('another password of mine')
  await person.getByRole('button', { name: signInText.ownPassword.submit }).click()
  await expect(person.getByRole('alert')).toHaveText('The current password is not right.')
  await person.getByLabel(signInText.ownPassword.current).fill('a password of my own')
  await person.getByLabel(signInText.ownPassword.new).fill('another password of mine')
  await person.getByLabel(signInText.ownPassword.repeat).fill('another password of mine')
  await person.getByRole('button', { name: signInText.ownPassword.submit }).click()
  await expect(person.getByRole('status')).toHaveText(signInText.ownPassword.done)
  await theirs.close()

  // The admin changes their role to a school team of one school.
  await page.reload()
  const row = page.getByRole('row').filter({ hasText: email })
  await row.getByRole('button', { name: signInText.accounts.change }).click()
  await page.getByLabel(signInText.accounts.role).selectOption('school-team')
  await page.getByLabel(signInText.accounts.schools).selectOption({ index: 0 })
  await page.getByRole('button', { name: signInText.accounts.save, exact: true }).click()
  await expect(page.locator('.notice')).toHaveText(`${email} changed; their sessions ended.`)
  await expect(page.getByRole('row').filter({ hasText: email })).toContainText('School team')
})

test('the first-run page refuses once an admin exists', async ({ page }) => {
  await page.goto('/admin/setup')
  await expect(page.getByRole('heading', { name: signInText.setup.title })).toBeVisible()
  await expect(page.getByText(signInText.setup.done)).toBeVisible()
  const res = await page.request.post('/api/setup', { data: { email: 'late@example.org', password: 'a long first password' } })
  expect([res.status(), (await res.json()).message]).toEqual([409, 'This district has an admin already: sign in, or ask an admin for an account.'])
})
