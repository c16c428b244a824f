import { randomUUID } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseReceipt, receiptIdRange, receiptOf } from '../../../server/intake/receipt'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

describe('receiptOf', () => {
  it('writes the first 40 bits of the id as 8 Crockford base32 characters, XXXX-XXXX', () => {
    expect(receiptOf('00000000-0000-4000-8000-000000000000')).toBe('0000-0000')
    expect(receiptOf('ffffffff-ffff-4fff-bfff-ffffffffffff')).toBe('ZZZZ-ZZZZ')
    // 0x0123456789 in 5-bit groups: 0 4 17 20 10 25 28 9
    expect(receiptOf('01234567-89ab-4cde-8f01-23456789abcd')).toBe('04HM-ASW9')
    expect(receiptOf('01234567-89AB-4CDE-8F01-23456789ABCD')).toBe('04HM-ASW9')
  })

  it('never uses the letters people misread (I, L, O, U)', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(receiptOf(id)).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/)
      }),
    )
  })

  it('refuses what is not a response id', () => {
    expect(() => receiptOf('not-a-uuid')).toThrow('A response id is a UUID')
  })
})

describe('parseReceipt', () => {
  it('reads a receipt as people type it: case, spaces and hyphens ignored, O as 0, I and L as 1', () => {
    expect(parseReceipt(' 4bpd 5ef9 ')).toBe('4BPD-5EF9')
    expect(parseReceipt('4bpd-5ef9')).toBe('4BPD-5EF9')
    expect(parseReceipt('O1IL-0000')).toBe('0111-0000')
  })

  it('refuses what cannot be a receipt', () => {
    expect(parseReceipt('4BPD-5EF')).toBeNull()
    expect(parseReceipt('4BPD-5EF9X')).toBeNull()
    expect(parseReceipt('4BPU-5EF9')).toBeNull()
    expect(parseReceipt('')).toBeNull()
  })

  it('the id range of a receipt holds the id it was made from, and only ids with its receipt at its ends', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const receipt = receiptOf(id)
        const { low, high } = receiptIdRange(receipt)
        expect(low <= id.toLowerCase() && id.toLowerCase() <= high).toBe(true)
        expect(receiptOf(low)).toBe(receipt)
        expect(receiptOf(high)).toBe(receipt)
      }),
    )
  })
})

describe('GET /api/receipts/:receipt', () => {
  let t: TestApp
  let code: string
  let schoolId: number
  beforeAll(async () => {
    t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
    const admin = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
    code = admin.codes[0].code
    schoolId = admin.codes[0].schoolId
  })
  afterAll(() => t?.close())

  const send = async (id: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/responses',
      payload: { id, code, slug: 'mini-ana', version: 1, locale: 'es', channel: 'phone', answers: { food_worry: 'often' } },
    })
    expect(res.statusCode).toBe(201)
  }

  it('finds the response a receipt was shown for, as typed, with when and where it arrived and never its answers', async () => {
    const id = randomUUID()
    await send(id)
    await send(randomUUID())
    const admin = await signIn(t.app, 'district-admin')
    const typed = receiptOf(id).toLowerCase().replace('-', ' ')
    const res = await t.app.inject({ method: 'GET', url: `/api/receipts/${encodeURIComponent(typed)}`, headers: admin })
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.receipt).toBe(receiptOf(id))
    expect(body.responses).toHaveLength(1)
    expect(body.responses[0]).toMatchObject({ school: { id: schoolId }, role: 'family' })
    expect(JSON.stringify(body)).not.toContain('often')
    expect(JSON.stringify(body)).not.toContain(id)
    // The look-up is in the audit log.
    const logged = await t.app.db.selectFrom('audit_log').select(['action', 'target']).where('action', '=', 'read.receipt').execute()
    expect(logged).toContainEqual({ action: 'read.receipt', target: `receipt:${receiptOf(id)}` })
  })

  it('finds nothing for a receipt no response has', async () => {
    const admin = await signIn(t.app, 'district-admin')
    const unused = receiptOf('00000000-0000-4000-8000-000000000000')
    const res = await t.app.inject({ method: 'GET', url: `/api/receipts/${unused}`, headers: admin })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ receipt: unused, responses: [] })
  })

  it('refuses what cannot be a receipt with 400, and anyone but a district admin', async () => {
    const admin = await signIn(t.app, 'district-admin')
    const bad = await t.app.inject({ method: 'GET', url: '/api/receipts/ABC', headers: admin })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toBe('A receipt is 8 letters and digits, as the thank-you screen shows it (for example 4F7K-92QD).')
    const analyst = await signIn(t.app, 'district-analyst')
    expect((await t.app.inject({ method: 'GET', url: '/api/receipts/0000-0000', headers: analyst })).statusCode).toBe(403)
    expect((await t.app.inject({ method: 'GET', url: '/api/receipts/0000-0000' })).statusCode).toBe(401)
  })
})
