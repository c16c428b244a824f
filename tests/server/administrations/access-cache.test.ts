import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { openAdministration } from '../../helpers/fixtures'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
})
afterAll(() => t.close())

describe('GET /api/access/:code is never cached', () => {
  it('says no-store when the survey is open, not yet open, revoked or unknown, so a phone sees a change at once', async () => {
    const open = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
    const later = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }], opensInDays: 3 })
    const revoked = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
    await t.app.db.updateTable('access_codes').set({ revoked_at: new Date() }).where('code', '=', revoked.codes[0].code).execute()

    const cases = [
      { code: open.codes[0].code, status: 200 },
      { code: later.codes[0].code, status: 410, reason: 'not-yet-open' },
      { code: revoked.codes[0].code, status: 410, reason: 'revoked' },
      { code: 'NOPE2345', status: 404 },
    ]
    for (const c of cases) {
      const res = await t.app.inject({ method: 'GET', url: `/api/access/${c.code}` })
      expect({ code: c.code, status: res.statusCode, cache: res.headers['cache-control'] }).toEqual({ code: c.code, status: c.status, cache: 'no-store' })
      if (c.reason) expect(res.json().details).toEqual({ reason: c.reason })
    }
  })
})
