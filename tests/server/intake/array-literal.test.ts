import fc from 'fast-check'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { arrayLiteral } from '../../../server/intake/intake.repository'
import { freshDatabase, type TestDatabase } from '../../helpers/database'

// Intake sends a response's score arrays as PostgreSQL array literals: what PostgreSQL reads back must be exactly
// the array that was written, whatever the text (quotes, backslashes, braces, commas, "NULL", any script).
let database: TestDatabase
let client: pg.Client

beforeAll(async () => {
  database = await freshDatabase({ template: null })
  client = new pg.Client({ connectionString: database.url })
  await client.connect()
})
afterAll(async () => {
  await client?.end()
  await database?.drop()
})

// PostgreSQL text cannot hold U+0000.
const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\u0000'))
const tricky = fc.constantFrom('NULL', 'null', '', ' ', '{', '}', ',', '"', '\\', '\\"', 'a,b', '{1,2}', ' padded ', 'tab\there', 'line\nbreak')

describe('arrayLiteral', () => {
  it('writes the literal PostgreSQL reads back as the same text array', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(fc.oneof(text, tricky), { nil: null }), { maxLength: 20 }), async (values) => {
        const { rows } = await client.query('select $1::text[] as a', [arrayLiteral(values)])
        expect(rows[0].a).toEqual(values)
      }),
      { numRuns: 300 },
    )
  })

  it('writes numbers that read back as the same doubles, and null as NULL', async () => {
    const number = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0))
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(number, { nil: null }), { maxLength: 30 }), async (values) => {
        const { rows } = await client.query('select $1::float8[] as a', [arrayLiteral(values)])
        expect(rows[0].a.map((v: string | null) => (v === null ? null : Number(v)))).toEqual(values)
      }),
      { numRuns: 300 },
    )
  })

  it('writes an empty array as {}', () => {
    expect(arrayLiteral([])).toBe('{}')
    expect(arrayLiteral([null, 'a"b', 2.5])).toBe('{NULL,"a\\"b",2.5}')
  })
})
