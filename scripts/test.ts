// npm test: the whole suite. Vitest (unit + integration against the real database: embedded by default,
// DATABASE_URL when set), then the production build and Playwright in Debian's chromium. Ends with the totals.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import pg from 'pg'
import { CHROMIUM } from '../playwright.config'

const ci = process.env.CI === 'true' || process.env.CI === '1'
const mode = process.env.DATABASE_URL ? `server (${new URL(process.env.DATABASE_URL).host})` : 'embedded'
fs.mkdirSync('test-results', { recursive: true })

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const result = spawnSync(command, args, { stdio: 'inherit', env })
  return result.status ?? 1
}

function readJson(file: string): any {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

let passed = 0
let failed = 0
let skipped = 0

console.log(`\n▶ vitest (database: ${mode})`)
fs.rmSync('test-results/vitest.json', { force: true })
const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'])
const vitest = readJson('test-results/vitest.json')
if (vitest) {
  passed += vitest.numPassedTests
  // A file that failed without a failing test did not load or crashed in a hook: count it once.
  const brokenFiles = (vitest.testResults ?? []).filter(
    (file: { status: string; assertionResults: { status: string }[] }) => file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed'),
  ).length
  failed += vitest.numFailedTests + brokenFiles
  skipped += vitest.numPendingTests + vitest.numTodoTests
} else if (vitestStatus !== 0) failed += 1

if (!fs.existsSync(CHROMIUM)) {
  if (ci) {
    console.error(`\n✗ Browser tests need Chromium at ${CHROMIUM} (apt-get install chromium); CI=true makes a missing browser a failure.`)
    failed += 1
  } else {
    console.log(`\n○ Browser tests skipped: no Chromium at ${CHROMIUM}. Enable them with: sudo apt-get install chromium`)
  }
} else {
  console.log('\n▶ production build')
  if (run('npx', ['vite', 'build', '--logLevel', 'warn']) !== 0) failed += 1
  else {
    const env = { ...process.env }
    let e2eDatabase: string | null = null
    if (process.env.DATABASE_URL) {
      // The browser tests load the demo district, so they get an empty database of their own.
      e2eDatabase = `ana_e2e_${randomBytes(5).toString('hex')}`
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
      await admin.connect()
      await admin.query(`create database ${e2eDatabase}`)
      await admin.end()
      const url = new URL(process.env.DATABASE_URL)
      url.pathname = `/${e2eDatabase}`
      env.E2E_DATABASE_URL = url.toString()
    }
    console.log(`\n▶ playwright (database: ${mode})`)
    fs.rmSync('test-results/e2e.json', { force: true })
    const status = run('npx', ['playwright', 'test'], env)
    const report = readJson('test-results/e2e.json')
    if (report?.stats) {
      passed += report.stats.expected
      failed += report.stats.unexpected + report.stats.flaky
      skipped += report.stats.skipped
    } else if (status !== 0) failed += 1
    if (e2eDatabase) {
      const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
      await admin.connect()
      await admin.query(`drop database if exists ${e2eDatabase} with (force)`)
      await admin.end()
    }
  }
}

// Under CI a skipped test counts as a failing one.
if (ci && skipped > 0) {
  console.error(`\n✗ ${skipped} skipped test(s): under CI a skipped test is a failure.`)
  failed += skipped
}
console.log(`\n${passed} passed, ${failed} failed${!ci && skipped ? `, ${skipped} skipped` : ''}`)
process.exitCode = failed > 0 ? 1 : 0
