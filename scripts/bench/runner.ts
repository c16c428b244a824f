// npm run bench:runner — what a respondent's phone pays: the gzip JavaScript /s/ loads from the production build
// against a bare build of react + survey-core + survey-react-ui made in the same run, and the time to the first
// question in Chromium emulating a slow phone (4x CPU slowdown, 1.6 Mbps down, 150 ms latency), first and repeat
// visit, median of 5.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { build } from 'vite'
import react from '@vitejs/plugin-react'
import { demoAccessCodes } from '../../server/demo/demo-district'
import { machine } from './machine'

const ROOT = path.resolve(import.meta.dirname, '../..')
const DIST = path.join(ROOT, 'dist/client')
const RUNS = 5

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
  const runnerJs = entryScripts(fs.readFileSync(path.join(DIST, 'runner.html'), 'utf8'), DIST)
  const runnerBytes = runnerJs.reduce((sum, f) => sum + gz(f), 0)
  const adminInRunner = runnerJs.some((f) => /admin/.test(path.basename(f)))
  const floor = await bareFloor()
  console.log(`JavaScript for /s/ (gzip): ${kb(runnerBytes)} in ${runnerJs.length} files${adminInRunner ? ' — INCLUDES STAFF CODE' : ''}`)
  console.log(`floor, bare react + survey-core + survey-react-ui (gzip): ${kb(floor)}`)
  console.log(`ratio: ${(runnerBytes / floor).toFixed(2)}x the floor (target: at most 460 KB, 1.1x)\n`)

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
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const firstVisit: number[] = []
  const repeatVisit: number[] = []
  try {
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'es-MX', isMobile: true, hasTouch: true })
      const page = await context.newPage()
      const cdp = await context.newCDPSession(page)
      await cdp.send('Network.enable')
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 })
      const timeToFirstQuestion = async () => {
        const start = Date.now()
        await page.goto(`${base}/s/${code}?lang=es`)
        await page.locator('.choice--role').filter({ hasText: 'cuidador' }).click()
        await page.getByRole('button', { name: 'Empezar la encuesta' }).click()
        await page.locator('.sd-question').first().waitFor()
        return Date.now() - start
      }
      firstVisit.push(await timeToFirstQuestion())
      await page.waitForFunction(async () => (await navigator.serviceWorker.ready) !== null)
      repeatVisit.push(await timeToFirstQuestion())
      await context.close()
    }
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
}

await main()
