import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import { expect, test, type BrowserContext, type Page } from '@playwright/test'
import { audit } from '../../server/audit/audit.repository'
import { insertUser } from '../../server/auth/auth.repository'
import { hashPassword } from '../../server/auth/passwords'
import { startTestApp, type TestApp } from '../helpers/app'
import { openAdministration } from '../helpers/fixtures'
import { MAIN_SLUG, spanish, writeXssLibrary, type XssLibrary } from '../fixtures/xss/library'
import { SENTINEL_PATH, XSS_PAYLOADS } from '../fixtures/xss/payloads'
import { DEMO_PASSWORD, signInPage, UI } from './helpers'

// A second server of its own, in this process: the real app and the production build, on a fresh database (embedded,
// or on the DATABASE_URL server), serving a library whose every string is a payload. The browser walks the runner
// and the staff pages and counts dialogs, calls to the __xss binding, requests for /xss-sentinel/ and CSP
// violations; every one must stay at zero.

test.describe.configure({ mode: 'serial' })
// A service worker would answer the page's requests itself, out of sight of the request counting below.
test.use({ serviceWorkers: 'block' })

const ADMIN = 'xss-admin@example.org'
// Addresses are stored lower-cased and need something before the @.
const accountEmail = (text: string) => `staff ${text.toLowerCase()}@xss.example`
const payloadById = new Map(XSS_PAYLOADS.map((p) => [p.id, p]))
const byId = (id: number) => payloadById.get(id)!
// The two runs of the runner share the payloads between them as typed answers.
const half = Math.ceil(XSS_PAYLOADS.length / 2)
const RUNS = [
  { lng: 'en', channel: 's', answers: XSS_PAYLOADS.slice(0, half) },
  { lng: 'es', channel: 'k', answers: XSS_PAYLOADS.slice(half) },
] as const

interface Watch {
  dialogs: string[]
  hits: string[]
  violations: { directive: string; blocked: string; sample: string; page: string; where: string }[]
  consoleCsp: string[]
}
const totals: Watch = { dialogs: [], hits: [], violations: [], consoleCsp: [] }

let server: TestApp
let base: string
let library: XssLibrary
let tmp: string
let administrationId: number
let schoolIds: number[]
let code: string

test.beforeAll(async () => {
  test.setTimeout(180_000)
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-xss-'))
  library = writeXssLibrary(path.join(tmp, 'surveys'), XSS_PAYLOADS, half)
  server = await startTestApp({
    surveysDir: library.dir,
    template: null,
    env: { CLIENT_DIR: path.resolve(import.meta.dirname, '../../dist/client') },
  })
  await server.app.listen({ port: 0, host: '127.0.0.1' })
  base = `http://127.0.0.1:${(server.app.server.address() as AddressInfo).port}`
  const db = server.app.db

  // One school per payload: its name, region and cohort are payloads too.
  const opened = await openAdministration(db, {
    schools: XSS_PAYLOADS.length,
    instruments: [
      { slug: MAIN_SLUG, version: 1 },
      { slug: library.extra.find((e) => e.role === 'family')!.slug, version: 1 },
    ],
  })
  administrationId = opened.administrationId
  schoolIds = opened.schools.map((s) => s.id)
  code = opened.codes[0].code
  const at = (i: number) => XSS_PAYLOADS[i % XSS_PAYLOADS.length].text
  for (const [i, id] of schoolIds.entries()) {
    await db.updateTable('schools').set({ name: at(i), region: at(i + 1), cohort: at(i + 2) }).where('id', '=', id).execute()
  }
  await db.updateTable('administrations').set({ name: at(0) }).where('id', '=', administrationId).execute()

  // Accounts named after payloads, some of them school teams, and audit entries whose target and detail are
  // payloads, as a sign-in attempt with a payload for an address leaves them.
  const hash = await hashPassword(DEMO_PASSWORD)
  await insertUser(db, { email: ADMIN, passwordHash: hash, role: 'district-admin', schoolIds: [] })
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const team = i % 10 === 0
    await insertUser(db, { email: accountEmail(payload.text), passwordHash: hash, role: team ? 'school-team' : 'district-analyst', schoolIds: team ? [schoolIds[i]] : [] })
    await audit(db, { actor: null, action: 'auth.login', outcome: 'failure', target: `email:${payload.text}`, detail: { typed: payload.text } })
  }
})

test.afterAll(async () => {
  await server?.close()
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
  const counts = new Map<string, number>()
  for (const v of totals.violations) counts.set(v.directive, (counts.get(v.directive) ?? 0) + 1)
  const byDirective = [...counts].map(([directive, n]) => `${directive}: ${n}`)
  console.log(
    `XSS corpus: ${XSS_PAYLOADS.length} payloads; dialogs ${totals.dialogs.length}; sentinel hits ${totals.hits.length}; ` +
      `CSP violations ${totals.violations.length}${byDirective.length ? ` (${byDirective.join(', ')})` : ''}; CSP console messages ${totals.consoleCsp.length}`,
  )
  // Anything else the policy blocked (styles, say) is reported here, not hidden by loosening the policy.
  for (const v of new Set(totals.violations.map((v) => JSON.stringify(v)))) console.log(`  CSP: ${v}`)
})

/** Counts everything a payload would do if it ran: a dialog, a call to __xss, a request for /xss-sentinel/. */
async function watch(context: BrowserContext, page: Page): Promise<Watch> {
  const seen: Watch = { dialogs: [], hits: [], violations: [], consoleCsp: [] }
  const record = <K extends keyof Watch>(key: K, value: Watch[K][number]) => {
    ;(seen[key] as unknown[]).push(value)
    ;(totals[key] as unknown[]).push(value)
  }
  await context.exposeBinding('__xss', (_source, id: unknown) => record('hits', `__xss(${String(id)})`))
  await context.exposeBinding('__cspViolation', (_source, v: Watch['violations'][number]) => record('violations', v))
  await context.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const report = (window as unknown as { __cspViolation: (v: unknown) => void }).__cspViolation
        const where = `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`
        report({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, sample: e.sample, page: location.pathname, where })
      },
      true,
    )
  })
  await context.route(`**${SENTINEL_PATH}**`, (route) => route.fulfill({ status: 204 }))
  context.on('request', (request) => {
    const url = new URL(request.url())
    // The sentinel, and the "src=x" an injected element would load.
    if (url.pathname.includes(SENTINEL_PATH) || /\/x(:.*)?$/.test(url.pathname)) record('hits', url.pathname)
  })
  page.on('dialog', (dialog) => {
    record('dialogs', `${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss()
  })
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) record('consoleCsp', message.text())
  })
  return seen
}

function expectNothingRan(seen: Watch) {
  expect(seen.dialogs, 'dialogs').toEqual([])
  expect(seen.hits, 'sentinel calls and requests').toEqual([])
  expect(
    seen.violations.filter((v) => v.directive.startsWith('script-src')),
    'script CSP violations',
  ).toEqual([])
  // Nothing else is blocked either: the policy fits the pages (a blocked stylesheet once left the runner unstyled).
  expect(seen.violations, 'CSP violations of any directive').toEqual([])
}

const normalize = (text: string) => text.replace(/\s+/g, ' ').trim()
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The texts that do not show; survey-core replaces {name} references with values, so those parts match anything. */
function missing(shown: string, texts: string[]): string[] {
  const haystack = normalize(shown)
  return texts.filter((text) => !new RegExp(normalize(text).split(/\{[^{}]*\}/).map(escapeRegExp).join('[\\s\\S]*?')).test(haystack))
}

/** Elements that could run or load something, should markup have slipped into the page. */
function activeContent(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = []
    for (const element of document.body.querySelectorAll('*')) {
      for (const name of element.getAttributeNames()) {
        if (/^on/i.test(name)) found.push(`<${element.localName} ${name}>`)
        const value = element.getAttribute(name) ?? ''
        if (/^(href|src|action|formaction|data|xlink:href|srcdoc)$/i.test(name) && /^\s*(javascript|data:text\/html)|<script/i.test(value)) {
          found.push(`<${element.localName} ${name}=${value.slice(0, 40)}>`)
        }
      }
      if (/^(script|iframe|frame|object|embed|base|meta|template|math)$/.test(element.localName)) found.push(`<${element.localName}>`)
    }
    return found
  })
}

for (const run of RUNS) {
  test(`the runner (${run.lng}, /${run.channel}/) shows every payload in instrument strings and typed answers as text, and runs none`, async ({ context, page }) => {
    test.setTimeout(600_000)
    const seen = await watch(context, page)
    const ui = UI[run.lng]
    const local = (text: string) => (run.lng === 'en' ? text : spanish(text))

    await page.goto(`${base}/${run.channel}/${code}?lang=${run.lng}&idle=3600`)
    // Two family instruments: the role picker shows each one's title.
    const mainTitle = local(byId(library.titleIds[0]).text)
    await expect(page.locator('.choice--role').first()).toBeVisible()
    expect(missing((await page.locator('body').textContent()) ?? '', [XSS_PAYLOADS[0].text, mainTitle, local(byId(library.titleIds[1]).text)])).toEqual([])
    await page.locator('.choice--role').filter({ hasText: normalize(mainTitle) }).click()
    await page.getByRole('button', { name: ui.runner.consent.start }).click()

    const typed = new Map<string, string>()
    let answer = 0
    for (const [index, surveyPage] of library.pages.entries()) {
      await expect(page.locator('.sd-question').first()).toBeVisible()
      const expected =
        surveyPage.kind === 'strings'
          ? surveyPage.payloadIds.map((id) => local(byId(id).text))
          : surveyPage.kind === 'echo'
            ? surveyPage.names.flatMap((n) => (typed.has(n) ? [typed.get(n)!] : []))
            : []
      if (surveyPage.kind === 'answers') {
        for (const name of surveyPage.names) {
          if (answer >= run.answers.length) break
          const field = page.locator(`.sd-question[data-name="${name}"]`).locator('input, textarea')
          await field.fill(run.answers[answer++].text)
          typed.set(name, await field.inputValue())
        }
      }
      const shown = (await page.locator('body').textContent()) ?? ''
      expect(missing(shown, expected), `page ${index + 1} (${surveyPage.kind}): payloads not shown as text`).toEqual([])
      if (surveyPage.kind === 'echo') {
        // The html element got the answers as text, not as markup.
        const echo = (await page.locator('ul.echo').textContent()) ?? ''
        expect(missing(echo, expected), `page ${index + 1}: answers in the html element`).toEqual([])
      }
      expect(await activeContent(page), `page ${index + 1} (${surveyPage.kind}): active content`).toEqual([])
      const last = index === library.pages.length - 1
      await page.getByRole('button', { name: last ? ui.survey.completeText : ui.survey.pageNextText, exact: true }).click()
    }
    await expect(page.getByRole('heading', { name: ui.runner.thanks.title })).toBeVisible()
    expect(answer, 'answers typed').toBe(run.answers.length)

    // The server kept the answers exactly as typed.
    await expect
      .poll(async () => (await server.app.db.selectFrom('responses').select('answers').where('locale', '=', run.lng).execute()).length)
      .toBe(1)
    const stored = await server.app.db.selectFrom('responses').select('answers').where('locale', '=', run.lng).executeTakeFirstOrThrow()
    const answers = (typeof stored.answers === 'string' ? JSON.parse(stored.answers) : stored.answers) as Record<string, unknown>
    for (const [name, value] of typed) expect(answers[name]).toBe(value)
    expectNothingRan(seen)
  })
}

test('the staff pages show payload school names, instrument titles, domain labels, accounts and audit entries as text, and run none', async ({ context, page }) => {
  test.setTimeout(600_000)
  const seen = await watch(context, page)
  const texts = XSS_PAYLOADS.map((p) => p.text)

  // Sign-in attempts with a payload for an address (the form's email field refuses one; the API does not check
  // the shape) end up in the audit log.
  for (const payload of XSS_PAYLOADS.slice(0, 3)) {
    const res = await page.request.post(`${base}/api/auth/login`, { data: { email: payload.text, password: 'not the password at all' } })
    expect(res.status()).toBe(401)
  }
  await signInPage(page, ADMIN, `${base}/admin`)

  const check = async (where: string, expected: string[], ready: string, open?: string) => {
    await page.goto(`${base}${where}`)
    await expect(page.getByText(normalize(ready), { exact: false }).first()).toBeVisible()
    if (open) {
      // A folded table is built when opened, as a reader opens it.
      await page.getByText(open, { exact: true }).click()
      await expect(page.locator('details[open]').getByText(normalize(expected[0]), { exact: false }).first()).toBeVisible()
    }
    const shown = (await page.locator('body').textContent()) ?? ''
    expect(missing(shown, expected), `${where}: payloads not shown as text`).toEqual([])
    expect(await activeContent(page), `${where}: active content`).toEqual([])
  }
  await check('/admin', texts, texts.at(-1)!)
  await check('/admin/instruments', library.titleIds.map((id) => byId(id).text), byId(library.titleIds[0]).text)
  const domains = library.domainIds.map((id) => byId(id).text)
  // The district view draws schools on a canvas; its table (folded, built when opened) carries the same names as text.
  await check(`/admin/district?administration=${administrationId}`, [...texts, ...domains], 'Schools by domain', 'Show the figures as a table')
  for (const [i, id] of schoolIds.slice(0, 3).entries()) {
    await check(`/admin/schools/${id}`, [texts[i], texts[i + 1], texts[0], ...domains], 'What stands out')
  }
  await check('/admin/accounts', texts.map(accountEmail), accountEmail(texts.at(-1)!))

  await page.goto(`${base}/admin/audit`)
  const older = page.getByRole('button', { name: 'Older entries' })
  await expect(page.getByRole('cell', { name: ADMIN }).first()).toBeVisible()
  while (await older.isVisible()) {
    const rows = await page.getByRole('row').count()
    await older.click()
    await expect.poll(() => page.getByRole('row').count()).toBeGreaterThan(rows)
  }
  const shown = (await page.locator('body').textContent()) ?? ''
  expect(missing(shown, texts.map((t) => `email:${t}`)), 'audit entries not shown as text').toEqual([])
  expect(missing(shown, XSS_PAYLOADS.slice(0, 3).map((p) => `email:${p.text.trim().toLowerCase()}`)), 'sign-in attempts').toEqual([])
  expect(await activeContent(page), 'audit: active content').toEqual([])
  expectNothingRan(seen)
})
