import os from 'node:os'
import path from 'node:path'
import { defineConfig, devices } from '@playwright/test'
import { TEST_CLIENT, TEST_IDP_NAME } from './tests/helpers/oidc-test-client'

const port = Number(process.env.E2E_PORT ?? 3107)
// Set once in the main process, so the workers (other processes) find the same server's data directory.
const dataDir = process.env.E2E_DATA_DIR ?? path.join(os.tmpdir(), `ana-e2e-${process.pid}`)
process.env.E2E_DATA_DIR = dataDir
// Sign-in with the district's accounts: tests/e2e/oidc.spec.ts runs a test OpenID provider on this port (the server
// reads the provider's metadata at the first sign-in, so the provider may start after the server).
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 2)
process.env.E2E_OIDC_PORT = String(oidcPort)
// The default port writes where `npm test` reads; a run on another port (a second checkout, a helper) keeps its own.
const resultsSuffix = port === 3107 ? '' : `-${port}`

/** Debian's chromium; Playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: `test-results/e2e${resultsSuffix}.json` }]],
  outputDir: `test-results/e2e${resultsSuffix}`,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    // The production build, served by the real server on its own database (embedded, or E2E_DATABASE_URL).
    command: 'node --import tsx server/main.ts',
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
      OIDC_CLIENT_ID: TEST_CLIENT.clientId,
      OIDC_CLIENT_SECRET: TEST_CLIENT.clientSecret,
      OIDC_DISPLAY_NAME: TEST_IDP_NAME,
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : { DATABASE_URL: '' }),
    },
  },
})
