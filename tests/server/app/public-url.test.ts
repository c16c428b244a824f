import { describe, expect, it } from 'vitest'
import { isLocalUrl, publicUrlWarning } from '../../../server/public-url'
import { FIXTURE_SURVEYS, startTestApp } from '../../helpers/app'
import { signIn } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

describe('a public address phones can reach', () => {
  it.each([
    ['http://localhost:3000', true],
    ['http://LOCALHOST', true],
    ['http://ana.localhost:3000', true],
    ['http://127.0.0.1:3000', true],
    ['http://127.1.2.3', true],
    ['http://[::1]:3000', true],
    ['http://0.0.0.0:3000', true],
    ['https://ana.example.org', false],
    ['http://10.0.0.5:3000', false],
    ['http://ana-server.local', false],
    ['not a url', false],
  ])('%s opens only on this computer: %s', (url, local) => {
    expect(isLocalUrl(url)).toBe(local)
    expect(publicUrlWarning(url) !== null).toBe(local)
  })

  it.each([
    [{}, true, 'http://localhost:3000/s/'],
    [{ PUBLIC_URL: 'https://ana.example.org' }, false, 'https://ana.example.org/s/'],
  ])('the administration API with %j says localLinks: %s, and its links start %s', async (env, local, start) => {
    const t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env })
    try {
      const admin = await signIn(t.app, 'district-admin')
      const { administrationId } = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
      const res = await t.app.inject({ method: 'GET', url: `/api/administrations/${administrationId}`, headers: { cookie: admin.cookie } })
      expect(res.statusCode).toBe(200)
      expect(res.json().localLinks).toBe(local)
      expect(res.json().schools[0].links.phone.startsWith(start)).toBe(true)
    } finally {
      await t.close()
    }
  }, 180_000) // a whole app and database each, on a busy machine
})
