// npm run bench:runner — what a respondent's phone pays: the gzip JavaScript /s/ loads from the production build
// (before its first screen, and in all) against a bare build of react + survey-core + survey-react-ui made in the
// same run; the time to the first question in Chromium emulating a slow phone (4x CPU slowdown, 1.6 Mbps down,
// 150 ms latency), first and repeat visit on a phone and first visit on a kiosk, median of 5; and Lighthouse's own
// mobile audit (12.2.3, its default simulated slow 4G and 4x CPU) of the start page, the language picker, and the
// school's page through to the first question, median of 3 runs each.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import lighthouse, { startFlow } from 'lighthouse'
import { chromium, type BrowserContextOptions } from 'playwright-core'
import puppeteer from 'puppeteer-core'
import { build } from 'vite'
import react from '@vitejs/plugin-react'
import { demoAccessCodes } from '../../server/demo/demo-district'
import { machine } from './machine'

const ROOT = path.resolve(import.meta.dirname, '../..')
const DIST = path.join(ROOT, 'dist/client')
const RUNS = 5
const LIGHTHOUSE_RUNS = Number(process.env.LIGHTHOUSE_RUNS) || 3
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

const gz = (file: string) => gzipSync(fs.readFileSync(file), { level: 9 }).length
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/** The JavaScript an HTML entry loads: its module script and every modulepreload. */
function entryScripts(html: string, dir: string): string[] {
  const srcs = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g), ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map((m) => m[1])
  return [...new Set(srcs)].map((s) => path.join(dir, s.replace(/^\//, '')))
}

async function bareFloor(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-bare-'))
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.jsx"></script></body></html>',
  )
  fs.writeFileSync(
    path.join(dir, 'main.jsx'),
    `import { createRoot } from 'react-dom/client'
import { Model } from 'survey-core'
import { Survey } from 'survey-react-ui'
createRoot(document.getElementById('root')).render(<Survey model={new Model({ elements: [{ type: 'text', name: 'q' }] })} />)`,
  )
  await build({
    root: dir,
    logLevel: 'silent',
    configFile: false,
    plugins: [react()],
    resolve: { alias: { 'survey-core': path.join(ROOT, 'node_modules/survey-core'), 'survey-react-ui': path.join(ROOT, 'node_modules/survey-react-ui'), react: path.join(ROOT, 'node_modules/react'), 'react-dom': path.join(ROOT, 'node_modules/react-dom') } },
    build: { outDir: path.join(dir, 'dist'), emptyOutDir: true },
  })
  const out = path.join(dir, 'dist')
  const total = entryScripts(fs.readFileSync(path.join(out, 'index.html'), 'utf8'), out).reduce((sum, f) => sum + gz(f), 0)
  fs.rmSync(dir, { recursive: true, force: true })
  return total
}

async function main() {
  console.log(`bench:runner — machine: ${machine()}\n`)
  if (!fs.existsSync(path.join(DIST, 'runner.html'))) throw new Error('No production build: run npm run build first.')
  const firstScreenJs = entryScripts(fs.readFileSync(path.join(DIST, 'runner.html'), 'utf8'), DIST)
  const firstScreenBytes = firstScreenJs.reduce((sum, f) => sum + gz(f), 0)
  // All of the runner: what the service worker precaches (vite.config.ts), the survey chunk loaded after the first screen included.
  const precache: string[] = JSON.parse(/const PRECACHE = (\[.*?\])/.exec(fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8'))![1])
  const runnerJs = precache.filter((f) => f.endsWith('.js')).map((f) => path.join(DIST, f.replace(/^\//, '')))
  const runnerBytes = runnerJs.reduce((sum, f) => sum + gz(f), 0)
  const adminInRunner = runnerJs.some((f) => /admin|Designer|Chart/.test(path.basename(f)))
  const floor = await bareFloor()
  console.log(`JavaScript for /s/ (gzip): ${kb(runnerBytes)} in ${runnerJs.length} files${adminInRunner ? ' — INCLUDES STAFF CODE' : ''}; before the first screen: ${kb(firstScreenBytes)} in ${firstScreenJs.length} files`)
  console.log(`floor, bare react + survey-core + survey-react-ui (gzip): ${kb(floor)}`)
  console.log(`ratio: ${(runnerBytes / floor).toFixed(2)}x the floor (budget: at most 497.5 KB, the weight when the respondent issue was filed)\n`)

  // The real server on a fresh embedded database with the demo district.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-bench-runner-'))
  const port = 3150 + Math.floor(Math.random() * 100)
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'error', DATABASE_URL: '' },
    stdio: 'ignore',
  })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break
    } catch {
      if (i > 600) throw new Error('server did not start')
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const code = demoAccessCodes()[0].code
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  const firstVisit: number[] = []
  const repeatVisit: number[] = []
  const kioskVisit: number[] = []
  let audits: Audit[] = []
  try {
    // A slow device (4x CPU, 1.6 Mbps, 150 ms) of the given size, and the time from navigation to the first question.
    const slowDevice = async (options: BrowserContextOptions) => {
      const context = await browser.newContext({ locale: 'es-MX', hasTouch: true, ...options })
      const page = await context.newPage()
      const cdp = await context.newCDPSession(page)
      await cdp.send('Network.enable')
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 })
      const timeToFirstQuestion = async (path: 's' | 'k') => {
        const start = Date.now()
        await page.goto(`${base}/${path}/${code}?lang=es`)
        await page.locator('.choice--role').filter({ hasText: 'cuidador' }).click()
        await page.getByRole('button', { name: 'Empezar la encuesta' }).click()
        await page.locator('.sd-question').first().waitFor()
        return Date.now() - start
      }
      return { context, page, timeToFirstQuestion }
    }
    for (let run = 0; run < RUNS; run++) {
      const kiosk = await slowDevice({ viewport: { width: 1080, height: 1920 } })
      kioskVisit.push(await kiosk.timeToFirstQuestion('k'))
      await kiosk.context.close()

      const phone = await slowDevice({ viewport: { width: 360, height: 740 }, isMobile: true })
      firstVisit.push(await phone.timeToFirstQuestion('s'))
      await phone.page.waitForFunction(async () => (await navigator.serviceWorker.ready) !== null)
      repeatVisit.push(await phone.timeToFirstQuestion('s'))
      await phone.context.close()
    }
    audits = await lighthouseAudits(base, code)
  } finally {
    await browser.close()
    server.kill('SIGTERM')
    await new Promise((r) => server.once('exit', r))
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  console.log('time to first question, slow phone (4x CPU, 1.6 Mbps, 150 ms), median of 5:')
  console.log(`  first visit:  ${(median(firstVisit) / 1000).toFixed(2)} s   (runs: ${firstVisit.map((t) => (t / 1000).toFixed(2)).join(', ')}; target ≤ 4 s)`)
  console.log(`  repeat visit: ${(median(repeatVisit) / 1000).toFixed(2)} s   (runs: ${repeatVisit.map((t) => (t / 1000).toFixed(2)).join(', ')}; target ≤ 1.5 s)`)
  console.log(`  kiosk (1080x1920), first visit: ${(median(kioskVisit) / 1000).toFixed(2)} s   (runs: ${kioskVisit.map((t) => (t / 1000).toFixed(2)).join(', ')})`)
  console.log(`\nLighthouse ${LIGHTHOUSE_VERSION} mobile, median of ${LIGHTHOUSE_RUNS} (target: performance ≥ 95, accessibility, best practices and SEO 100, LCP ≤ 2.5 s):`)
  for (const audit of audits) console.log(`  ${audit.name.padEnd(44)} ${audit.scores}`)
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`)
}

const LIGHTHOUSE_VERSION = '12.2.3'

interface Audit {
  name: string
  scores: string
}

type LighthouseResult = { categories: Record<string, { score: number | null }>; audits: Record<string, { numericValue?: number }> }

const score = (result: LighthouseResult, category: string) => Math.round((result.categories[category]?.score ?? 0) * 100)

/** The median run by performance score (its other figures with it), so the line printed is one real run. */
function medianRun(results: LighthouseResult[], category = 'performance'): LighthouseResult {
  return [...results].sort((a, b) => score(a, category) - score(b, category))[Math.floor(results.length / 2)]
}

function navigationLine(result: LighthouseResult): string {
  const lcp = (result.audits['largest-contentful-paint']?.numericValue ?? NaN) / 1000
  return `performance ${score(result, 'performance')}, accessibility ${score(result, 'accessibility')}, best practices ${score(result, 'best-practices')}, SEO ${score(result, 'seo')}, LCP ${lcp.toFixed(1)} s`
}

/**
 * Lighthouse's mobile audit in Debian's Chromium (driven through puppeteer, which Lighthouse's user flows need): the
 * start page and the language picker as navigations; the school's page (the role picker, language from the link)
 * as a navigation, then the taps to the first question as a timespan and the question itself as a snapshot.
 */
async function lighthouseAudits(base: string, code: string): Promise<Audit[]> {
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, '--window-size=412,823'] })
  const flags = { logLevel: 'error' as const, output: 'json' as const }
  try {
    const navigate = async (url: string): Promise<LighthouseResult> => {
      const page = await browser.newPage()
      try {
        const result = await lighthouse(url, flags, undefined, page)
        if (!result) throw new Error(`Lighthouse gave no result for ${url}`)
        return result.lhr as unknown as LighthouseResult
      } finally {
        await page.close()
      }
    }
    const runs = async <T>(once: () => Promise<T>): Promise<T[]> => {
      const out: T[] = []
      for (let i = 0; i < LIGHTHOUSE_RUNS; i++) out.push(await once())
      return out
    }
    const start = await runs(() => navigate(`${base}/s?lang=es`))
    const picker = await runs(() => navigate(`${base}/s/${code}`))
    const flows = await runs(async () => {
      const page = await browser.newPage()
      try {
        const flow = await startFlow(page, { flags })
        await flow.navigate(`${base}/s/${code}?lang=es`)
        await flow.startTimespan()
        await page.locator('.choice--role ::-p-text(cuidador)').click()
        await page.locator('::-p-text(Empezar la encuesta)').click()
        await page.waitForSelector('.sd-question')
        await flow.endTimespan()
        await flow.snapshot()
        const steps = (await flow.createFlowResult()).steps.map((step) => step.lhr as unknown as LighthouseResult)
        return { school: steps[0], taps: steps[1], question: steps[2] }
      } finally {
        await page.close()
      }
    })
    const question = medianRun(flows.map((f) => f.question), 'accessibility')
    const taps = medianRun(flows.map((f) => f.taps))
    return [
      { name: 'start page (/s?lang=es)', scores: navigationLine(medianRun(start)) },
      { name: 'language picker (/s/CODE)', scores: navigationLine(medianRun(picker)) },
      { name: 'school page (/s/CODE?lang=es)', scores: navigationLine(medianRun(flows.map((f) => f.school))) },
      {
        name: 'first question (taps, then the page as it is)',
        scores: `taps: performance ${score(taps, 'performance')}; question: accessibility ${score(question, 'accessibility')}, best practices ${score(question, 'best-practices')}, SEO ${score(question, 'seo')}`,
      },
    ]
  } finally {
    await browser.close()
  }
}

await main()
