import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../../migrations/index'

describe('migrations', () => {
  it('lists every migration file, in date order', () => {
    const dir = path.resolve(import.meta.dirname, '../../../migrations')
    const files = fs.readdirSync(dir).filter((f) => f !== 'index.ts' && f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort()
    expect(Object.keys(migrations)).toEqual(files)
  })
})
