import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readSurveyFile } from '../../../server/instruments/survey-files'
import { FIXTURE_SURVEYS } from '../../helpers/app'

const temp: string[] = []
afterAll(() => temp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })))

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-start-'))
  temp.push(dir)
  return dir
}

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

/** Starts the real entry point; `until` can stop it (SIGTERM) once a line shows up on stdout. */
function start(env: Record<string, string>, until?: RegExp): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--no-demo'], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', SURVEYS_DIR: FIXTURE_SURVEYS, DATA_DIR: tempDir(), PORT: '0', ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => {
      stdout += d
      if (until?.test(stdout)) child.kill('SIGTERM')
    })
    child.stderr.on('data', (d) => (stderr += d))
    child.on('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('starting the server', () => {
  it('refuses an invalid DATABASE_URL with one line naming it', async () => {
    const run = await start({ DATABASE_URL: 'postgres//nope' })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('DATABASE_URL is not a valid URL; expected postgres://user@host:5432/database, or unset it to use the embedded database')
  })

  it('names an unreachable database server and the fix', async () => {
    const run = await start({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/ana' })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'ana-engine: Cannot reach PostgreSQL at 127.0.0.1:1 (connection refused): start the server, or unset DATABASE_URL to use the embedded database.',
    )
  })

  it('names a port in use and the fix', async () => {
    const blocker = net.createServer().listen(0, '127.0.0.1')
    await new Promise((r) => blocker.once('listening', r))
    const port = (blocker.address() as net.AddressInfo).port
    try {
      const run = await start({ PORT: String(port) })
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(`ana-engine: Port ${port} is already in use: stop the other process, or start on another port with PORT=3001 npm start.`)
    } finally {
      blocker.close()
    }
  })

  it('refuses to start on a library with a defect, naming the file and where', async () => {
    const surveys = tempDir()
    fs.cpSync(FIXTURE_SURVEYS, surveys, { recursive: true })
    const file = path.join(surveys, 'mini-ana/1.json')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"domain": "attendance", "measures": "need"', '"domain": "attendence", "measures": "need"'))
    const run = await start({ SURVEYS_DIR: surveys })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/Survey library: .*mini-ana\/1\.json: #\/pages\/1\/elements\/0\/ana\/domain: "attendence" is not a domain in surveys\/domains\.json\. \(and 1 more; run npm run surveys:check\)/)
  })

  it('names an invalid survey file and writes nothing', async () => {
    const surveys = tempDir()
    fs.cpSync(FIXTURE_SURVEYS, surveys, { recursive: true })
    fs.writeFileSync(path.join(surveys, 'mini-staff/1.json'), '{ "ana": ')
    const run = await start({ SURVEYS_DIR: surveys })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/ana-engine: Survey library: .*mini-staff\/1\.json: is not valid JSON \(.*\); fix the syntax or restore the file from git/)
  })

  it('refuses a published version whose file changed, naming the file and the fix', async () => {
    const surveys = tempDir()
    const dataDir = tempDir()
    fs.cpSync(FIXTURE_SURVEYS, surveys, { recursive: true })
    const first = await start({ SURVEYS_DIR: surveys, DATA_DIR: dataDir }, /running at/)
    expect(first.code).toBe(0)
    const file = path.join(surveys, 'mini-staff/1.json')
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Hunger affects', 'Hunger hurts'))
    // Even if someone re-locks the edited file, the database still holds the published content.
    const lockFile = path.join(surveys, 'versions.lock.json')
    const lock = JSON.parse(fs.readFileSync(lockFile, 'utf8'))
    fs.writeFileSync(lockFile, JSON.stringify({ ...lock, 'mini-staff/1': readSurveyFile(file).hash }))
    const second = await start({ SURVEYS_DIR: surveys, DATA_DIR: dataDir })
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(/mini-staff\/1\.json differs from published version 1 of "mini-staff" already in the database/)
    expect(second.stderr).toContain('put the change in a new version file (mini-staff/2.json)')
  })

  it('warns that phones cannot reach the links while PUBLIC_URL is unset or names this computer, and not once it is set', { timeout: 180_000 }, async () => {
    const local = await start({}, /deployment\.md/)
    expect(local.code).toBe(0)
    expect(local.stdout).toMatch(
      /Warning: survey links, posters and QR codes point at http:\/\/localhost:0, which opens only on this computer: phones and\n  tablets cannot reach it\. Set PUBLIC_URL to the address people use \(e\.g\. PUBLIC_URL=https:\/\/ana\.yourdistrict\.org\),\n  and HOST=0\.0\.0\.0 so the server answers other machines; see docs\/deployment\.md/,
    )
    const real = await start({ PUBLIC_URL: 'https://ana.example.org' }, /API docs:/)
    expect(real.code).toBe(0)
    expect(real.stdout).toContain('ANA engine is running at https://ana.example.org')
    expect(real.stdout).not.toContain('Warning')
  })

  it('closes cleanly on SIGTERM and releases the embedded database', async () => {
    const dataDir = tempDir()
    const run = await start({ DATA_DIR: dataDir }, /running at/)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('API docs:')
    expect(fs.existsSync(path.join(dataDir, 'embedded.pid'))).toBe(false)
  })
})
