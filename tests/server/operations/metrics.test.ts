import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { everyFewMs } from '../../../server/background'
import { TOKEN_REFUSED } from '../../../server/plugins/access'
import { ConfigError, loadConfig } from '../../../server/config'
import { FIXTURE_SURVEYS, startTestApp, type TestApp } from '../../helpers/app'
import { signIn } from '../../helpers/auth'
import { openAdministration } from '../../helpers/fixtures'

const TOKEN = 'metrics-token-for-the-monitoring-system-0123456789'
const SIGN_IN = { error: 'unauthorized', message: 'Sign in to continue.' }

let t: TestApp
let code: string
let schoolId: number
beforeAll(async () => {
  t = await startTestApp({ surveysDir: FIXTURE_SURVEYS, env: { METRICS_TOKEN: TOKEN } })
  const admin = await openAdministration(t.app.db, { instruments: [{ slug: 'mini-ana', version: 1 }] })
  code = admin.codes[0].code
  schoolId = admin.codes[0].schoolId
})
afterAll(() => t.close())

const metrics = (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => t.app.inject({ method: 'GET', url: '/metrics', headers })

/** One sample's value from the text exposition format, by its name and labels as written. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('GET /metrics', () => {
  it('counts requests by route pattern (never the code in the URL), intake outcomes, the pool and the queues in bands of k', async () => {
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/responses',
        remoteAddress: `10.7.0.${i}`,
        payload: {
          id: randomUUID(), code, slug: 'mini-ana', version: 1, locale: 'en', channel: 'phone',
          answers: { food_worry: 'often' }, startedAt: '2026-11-20T10:00:00.000Z', submittedAt: '2026-11-20T10:07:00.000Z',
        },
      })
      expect(res.statusCode).toBe(201)
    }
    expect((await t.app.inject({ method: 'POST', url: '/api/responses', payload: { code } })).statusCode).toBe(400)
    expect((await t.app.inject({ method: 'GET', url: `/api/access/${code}` })).statusCode).toBe(200)

    const res = await metrics()
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(res.headers['cache-control']).toBe('no-store')
    const text = res.body
    expect(sample(text, 'ana_intake_responses_total{outcome="stored"}')).toBe(12)
    expect(sample(text, 'ana_intake_responses_total{outcome="invalid"}')).toBe(1)
    expect(sample(text, 'ana_http_requests_total{method="GET",route="/api/access/:code",status="200"}')).toBe(1)
    expect(sample(text, 'ana_http_request_duration_seconds_count{method="POST",route="/api/responses"}')).toBe(13)
    expect(text).not.toContain(code)
    expect(text).not.toMatch(/10\.7\.0\./)
    // 12 responses, none released: 10 with k = 10.
    expect(sample(text, 'ana_responses_waiting{queue="unreleased"}')).toBe(10)
    expect(sample(text, 'ana_responses_waiting{queue="held-for-review"}')).toBe(0)
    expect(sample(text, 'ana_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0)
  })

  it("reports each named background job's runs, failures and last run time", async () => {
    let calls = 0
    const job = everyFewMs(
      async () => {
        calls += 1
        if (calls === 2) throw new Error('the second run fails')
      },
      { everyMs: 5, log: t.app.log, failed: 'test job failed', name: 'metrics-test-job' },
    )
    while (calls < 3) await new Promise((resolve) => setTimeout(resolve, 5))
    await job.close()
    const text = (await metrics()).body
    expect(sample(text, 'ana_background_job_runs{job="metrics-test-job",result="all"}')).toBe(calls)
    expect(sample(text, 'ana_background_job_runs{job="metrics-test-job",result="failed"}')).toBe(1)
    expect(sample(text, 'ana_background_job_running{job="metrics-test-job"}')).toBe(0)
  })

  it('is for the monitoring token or a district admin: 401 without either or with a wrong token, 403 for other staff', async () => {
    expect((await metrics({})).json()).toEqual(SIGN_IN)
    expect((await metrics({})).statusCode).toBe(401)
    const wrong = await metrics({ authorization: `Bearer ${TOKEN.slice(0, -1)}x` })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json()).toEqual({ error: 'unauthorized', message: TOKEN_REFUSED })
    const team = await signIn(t.app, 'school-team', [schoolId])
    const refused = await metrics({ cookie: team.cookie })
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toEqual({ error: 'forbidden', message: 'Only a district admin can do this.' })
    const analyst = await signIn(t.app, 'district-analyst')
    expect((await metrics({ cookie: analyst.cookie })).statusCode).toBe(403)
    const admin = await signIn(t.app, 'district-admin')
    const allowed = await metrics({ cookie: admin.cookie })
    expect(allowed.statusCode).toBe(200)
    expect(allowed.body).toContain('ana_http_requests_total')
  })

  it('is refused to a token when none is set, and METRICS_TOKEN must be at least 32 characters', async () => {
    const noToken = await startTestApp({ surveysDir: FIXTURE_SURVEYS })
    try {
      const res = await noToken.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })
      expect(res.statusCode).toBe(401)
    } finally {
      await noToken.close()
    }
    try {
      loadConfig({ METRICS_TOKEN: 'short' })
      expect.unreachable()
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(['METRICS_TOKEN must be at least 32 characters (for example: openssl rand -hex 24)'])
    }
  })
})
