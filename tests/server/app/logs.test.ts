import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../../server/app'
import { loadConfig } from '../../../server/config'
import { prepareDatabase } from '../../../server/startup'
import { FIXTURE_SURVEYS } from '../../helpers/app'
import { freshDatabase } from '../../helpers/database'
import { openAdministration } from '../../helpers/fixtures'

describe('request logs', () => {
  it('name the method, route and status, and never an answer, a body, an IP address or a user agent', async () => {
    const database = await freshDatabase()
    const stream = new PassThrough()
    const lines: string[] = []
    stream.on('data', (chunk) => lines.push(String(chunk)))
    const config = loadConfig({ LOG_LEVEL: 'info', SURVEYS_DIR: FIXTURE_SURVEYS, CLIENT_DIR: path.resolve('dist/does-not-exist') })
    const app = await buildApp({ config, databaseUrl: database.url, databaseMode: database.mode, logStream: stream })
    try {
      await app.ready()
      await prepareDatabase(app, { demo: false })
      const { codes } = await openAdministration(app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
      const payload = { id: randomUUID(), code: codes[0].code, slug: 'mini-ana', version: 1, locale: 'en', channel: 'phone', answers: { food_worry: 'often', comments: 'SECRET-ANSWER-7731' } }
      const headers = { 'user-agent': 'UA-FINGERPRINT-42', 'x-forwarded-for': '203.0.113.9' }
      expect((await app.inject({ method: 'POST', url: '/api/responses', payload, headers })).statusCode).toBe(201)
      expect((await app.inject({ method: 'POST', url: '/api/responses', payload: { ...payload, answers: { food_worry: 'never', comments: 'SECRET-OTHER-8842' } }, headers })).statusCode).toBe(409)
      expect((await app.inject({ method: 'POST', url: '/api/responses', payload: { ...payload, id: randomUUID(), answers: { food_worry: 'SECRET-WRONG-CHOICE' } }, headers })).statusCode).toBe(400)
      const log = lines.join('')
      expect(log).toContain('"route":"/api/responses"')
      expect(log).toContain('"statusCode":201')
      for (const secret of ['SECRET-ANSWER-7731', 'SECRET-OTHER-8842', 'SECRET-WRONG-CHOICE', 'UA-FINGERPRINT-42', '203.0.113.9', '127.0.0.1', codes[0].code]) expect(log).not.toContain(secret)
    } finally {
      await app.close()
      await database.drop()
    }
  })
})
