import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// npm run schools:import runs the import the staff page runs, on the embedded database under DATA_DIR.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-schools-import-'))
const env = { ...process.env, LOG_LEVEL: 'silent', DATA_DIR: dataDir, DATABASE_URL: '' }
const STATE_FILE = path.resolve(import.meta.dirname, '../../fixtures/schools/pubschls-sample.txt')
const run = (...args: string[]) => spawnSync('node', ['--import', 'tsx', 'scripts/schools-import.ts', ...args], { env, encoding: 'utf8' })

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

describe('npm run schools:import', () => {
  it("checks with --dry-run, imports the state's file for one district, and a second time changes nothing", () => {
    const dry = run(STATE_FILE, '--district', 'Burbank Unified', '--dry-run')
    expect(dry.stderr).toBe('')
    expect(dry.stdout.split('\n')).toEqual([
      "The state's file: Burbank Unified (Los Angeles County); left out 0 not open, 1 district office, 0 without grades K-12.",
      'line 16: new 6010011 Bret Harte Elementary',
      'line 17: new 1931237 Burbank High',
      'Dry run, nothing written: would import 2 new, 0 changed, 0 unchanged.',
      '',
    ])
    const done = run(STATE_FILE, '--district', 'Burbank Unified')
    expect(done.status).toBe(0)
    expect(done.stdout.trim().split('\n').at(-1)).toBe('Imported 2 new, 0 changed, 0 unchanged.')
    const again = run(STATE_FILE, '--district', 'Burbank Unified')
    expect(again.stdout.trim().split('\n').at(-1)).toBe('Imported 0 new, 0 changed, 2 unchanged.')
  }, 120_000)

  it('lists every problem by line and column and imports nothing', () => {
    const file = path.join(dataDir, 'bad.csv')
    fs.writeFileSync(file, 'code,name,grades,enrollment_students\nA1,Alpha,K-5,many\nB1,Beta,K-20,\n')
    const bad = run(file)
    expect(bad.status).toBe(1)
    expect(bad.stderr.split('\n')).toEqual([
      'schools:import: 2 problems; the first is on line 2, column enrollment_students: The student enrollment "many" is not a whole number (leave it empty when unknown). Nothing was imported.',
      '  line 2, column enrollment_students: The student enrollment "many" is not a whole number (leave it empty when unknown).',
      '  line 3, column grades: The grade span "K-20" is not grades from PK, TK and K to 12, such as TK-5, 6-8, 9-12 or "TK-5, 9-12".',
      '',
    ])
  }, 120_000)

  it('refuses a missing file or no file with the usage', () => {
    expect(run().status).toBe(2)
    const missing = run(path.join(dataDir, 'nope.csv'))
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain('schools:import: cannot read')
  })
})
