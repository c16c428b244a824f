import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CODE_ALPHABET, CODE_LENGTH, generateCode } from '../../../server/administrations/access-codes'
import { normalizeCode } from '../../../server/vocabulary/access-codes'
import { issueCode } from '../../../server/administrations/administrations.service'
import { seededRandom } from '../../../server/demo/random'
import { HttpError } from '../../../server/errors'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { openAdministration } from '../../helpers/fixtures'

/** A `random` that spells the given codes, one after another, then repeats the last. */
function spelling(...codes: string[]): () => number {
  const indices = codes.flatMap((c) => [...c].map((ch) => CODE_ALPHABET.indexOf(ch)))
  expect(indices).not.toContain(-1)
  let i = 0
  return () => {
    const index = indices[Math.min(i, indices.length - 1)]
    i = i + 1 >= indices.length ? indices.length - CODE_LENGTH : i + 1
    return (index + 0.5) / CODE_ALPHABET.length
  }
}

describe('generateCode', () => {
  it('uses an alphabet without look-alikes (no 0/O, 1/I/L) and no lower case', () => {
    expect(CODE_ALPHABET).toHaveLength(31)
    expect(new Set(CODE_ALPHABET).size).toBe(CODE_ALPHABET.length)
    for (const ambiguous of ['0', 'O', '1', 'I', 'L']) expect(CODE_ALPHABET).not.toContain(ambiguous)
    expect(CODE_ALPHABET).toMatch(/^[2-9A-Z]+$/)
  })

  it('makes codes of eight characters from the alphabet, with the default (crypto) random too', () => {
    const random = seededRandom(1)
    for (let i = 0; i < 1000; i++) {
      expect(generateCode(random)).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/)
      expect(generateCode()).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/)
    }
    expect(CODE_LENGTH).toBe(8)
  })

  it('reaches both ends of the alphabet', () => {
    expect(generateCode(() => 0)).toBe('22222222')
    expect(generateCode(() => 0.999999999)).toBe('ZZZZZZZZ')
    expect(generateCode(spelling('ABCDEFGH'))).toBe('ABCDEFGH')
  })

  it('is the same sequence for the same seed (demo data), different for another', () => {
    const a = seededRandom(42)
    const b = seededRandom(42)
    const c = seededRandom(43)
    const first = Array.from({ length: 5 }, () => generateCode(a))
    expect(Array.from({ length: 5 }, () => generateCode(b))).toEqual(first)
    expect(Array.from({ length: 5 }, () => generateCode(c))).not.toEqual(first)
  })

  it('uses every character of the alphabet about equally often, in every position (chi-square, seeded)', () => {
    const random = seededRandom(20261123)
    const draws = 20_000
    const counts = Array.from({ length: CODE_LENGTH }, () => new Map<string, number>())
    for (let i = 0; i < draws; i++) {
      const code = generateCode(random)
      ;[...code].forEach((ch, position) => counts[position].set(ch, (counts[position].get(ch) ?? 0) + 1))
    }
    const chiSquare = (observed: number[], total: number) => {
      const expected = total / CODE_ALPHABET.length
      return observed.reduce((sum, o) => sum + (o - expected) ** 2 / expected, 0)
    }
    // 30 degrees of freedom: the 99.9th percentile is 59.7. The seed makes this the same figure on every run.
    const overall = [...CODE_ALPHABET].map((ch) => counts.reduce((sum, c) => sum + (c.get(ch) ?? 0), 0))
    expect(chiSquare(overall, draws * CODE_LENGTH)).toBeLessThan(59.7)
    for (const position of counts) {
      expect(position.size).toBe(CODE_ALPHABET.length)
      expect(chiSquare([...CODE_ALPHABET].map((ch) => position.get(ch) ?? 0), draws)).toBeLessThan(59.7)
    }
  })

  it('maps each of the 31 equally likely values the default random draws to a different character', () => {
    // The default draws randomInt(31) / 31; each must land on its own character, none skipped by rounding.
    for (let i = 0; i < CODE_ALPHABET.length; i++) expect(generateCode(() => i / CODE_ALPHABET.length)).toBe(CODE_ALPHABET[i].repeat(CODE_LENGTH))
  })
})

describe('normalizeCode', () => {
  it.each([
    ['ABCD2345', 'ABCD2345'],
    ['abcd2345', 'ABCD2345'],
    ['abcd-2345', 'ABCD2345'],
    [' ABCD 2345 ', 'ABCD2345'],
    ['ab cd-23 45', 'ABCD2345'],
    ['ab--cd\t2345\n', 'ABCD2345'],
  ])('reads %j as %j', (typed, code) => {
    expect(normalizeCode(typed)).toBe(code)
  })
})

describe('issueCode', () => {
  let t: TestApp
  let administrationId: number
  let schoolIds: number[]

  beforeAll(async () => {
    t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
    const fixture = await openAdministration(t.app.db, { schools: 3, instruments: [{ slug: 'mini-ana', version: 1 }] })
    administrationId = fixture.administrationId
    schoolIds = fixture.schools.map((s) => s.id)
    // The fixture gave each school a code; these tests issue their own.
    await t.app.db.deleteFrom('access_codes').where('administration_id', '=', administrationId).execute()
  })
  afterAll(() => t.close())

  const codesOf = (schoolId: number) =>
    t.app.db.selectFrom('access_codes').select(['code', 'revoked_at']).where('administration_id', '=', administrationId).where('school_id', '=', schoolId).orderBy('code').execute()

  it('stores the code it draws', async () => {
    const row = await t.app.db.transaction().execute((trx) => issueCode(trx, administrationId, schoolIds[0], spelling('TAKEN234')))
    expect(row.code).toBe('TAKEN234')
    expect(row.created_at).toBeInstanceOf(Date)
    expect(await codesOf(schoolIds[0])).toEqual([{ code: 'TAKEN234', revoked_at: null }])
  })

  it('draws again when the code is already taken (by another school), and succeeds', async () => {
    const row = await t.app.db.transaction().execute((trx) => issueCode(trx, administrationId, schoolIds[1], spelling('TAKEN234', 'TAKEN234', 'FRESH567')))
    expect(row.code).toBe('FRESH567')
    expect(await codesOf(schoolIds[1])).toEqual([{ code: 'FRESH567', revoked_at: null }])
    // The school that had it keeps it.
    expect(await codesOf(schoolIds[0])).toEqual([{ code: 'TAKEN234', revoked_at: null }])
  })

  it('never reuses a revoked code', async () => {
    await t.app.db.updateTable('access_codes').set({ revoked_at: new Date() }).where('code', '=', 'FRESH567').execute()
    const row = await t.app.db.transaction().execute((trx) => issueCode(trx, administrationId, schoolIds[1], spelling('FRESH567', 'NEWER789')))
    expect(row.code).toBe('NEWER789')
  })

  it('gives up with 503 after 8 tries when every code it draws is taken, and stores nothing', async () => {
    const before = await t.app.db.selectFrom('access_codes').select(['code', 'school_id', 'revoked_at']).orderBy('code').execute()
    let draws = 0
    const alwaysTaken = spelling('TAKEN234')
    const counting = () => {
      draws += 1
      return alwaysTaken()
    }
    const attempt = t.app.db.transaction().execute((trx) => issueCode(trx, administrationId, schoolIds[2], counting))
    await expect(attempt).rejects.toBeInstanceOf(HttpError)
    await expect(attempt).rejects.toMatchObject({ statusCode: 503, code: 'no_free_code', message: 'No free access code after 8 tries; try again.' })
    expect(draws).toBe(8 * CODE_LENGTH)
    expect(await codesOf(schoolIds[2])).toEqual([])
    expect(await t.app.db.selectFrom('access_codes').select(['code', 'school_id', 'revoked_at']).orderBy('code').execute()).toEqual(before)
  })

  it('succeeds on the eighth try', async () => {
    const row = await t.app.db.transaction().execute((trx) =>
      issueCode(trx, administrationId, schoolIds[2], spelling('TAKEN234', 'TAKEN234', 'TAKEN234', 'TAKEN234', 'TAKEN234', 'TAKEN234', 'TAKEN234', 'WXYZ2345')),
    )
    expect(row.code).toBe('WXYZ2345')
  })

  it('a code is found however it is typed', async () => {
    for (const typed of ['wxyz2345', 'WXYZ-2345', 'wxyz%202345', 'wX yZ-23%2045']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/access/${typed}` })
      expect(res.statusCode, typed).toBe(200)
      expect(res.json()).toMatchObject({ code: 'WXYZ2345', school: { id: schoolIds[2] }, administration: { id: administrationId } })
    }
  })
})
