import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../../..')
const tsc = path.join(root, 'node_modules/.bin/tsc')
const schemaFile = 'server/profiles/profiles.schemas.ts'

/** A copy of the project's sources the test may change, type-checked from client/ (which reaches server/ through its imports). */
function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ana-shared-types-'))
  for (const folder of ['server', 'client', 'migrations', 'surveys']) fs.cpSync(path.join(root, folder), path.join(dir, folder), { recursive: true })
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'))
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.json'), 'utf8'))
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['client'] }))
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  return dir
}

async function typeCheck(dir: string): Promise<{ ok: boolean; output: string }> {
  try {
    await run(tsc, ['--noEmit', '-p', dir], { cwd: dir, maxBuffer: 16 * 1024 * 1024 })
    return { ok: true, output: '' }
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    return { ok: false, output: `${stdout}${stderr}` }
  }
}

describe('types shared by the server and the client', () => {
  let dir: string

  beforeAll(() => {
    dir = copyProject()
    const file = path.join(dir, schemaFile)
    const source = fs.readFileSync(file, 'utf8')
    expect(source.match(/^ {2}highNeedThreshold: /gm)).toHaveLength(1)
    fs.writeFileSync(file, source.replace(/^ {2}highNeedThreshold: /m, '  highNeedCutoff: '))
  })

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  it('fails the client type-check where it reads a field renamed in a server response schema, and for that reason only', { timeout: 120_000 }, async () => {
    // One compile (about half a minute): the copy type-checks clean but for the rename, as `npm run typecheck` shows of the project itself.
    const { ok, output } = await typeCheck(dir)
    expect(ok).toBe(false)
    const errors = output.split('\n').filter((line) => / error TS\d+: /.test(line))
    // The school profile's highNeedThreshold is read by the profile screen (client/admin/profile/).
    expect(errors.some((line) => /^client\/[^(]+\.tsx?\(\d+,\d+\): error TS\d+: .*highNeedThreshold/.test(line))).toBe(true)
    expect(errors.filter((line) => !line.includes('highNeedThreshold'))).toEqual([])
  })
})
