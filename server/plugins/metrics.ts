import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { sql } from 'kysely'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import { backgroundJobs } from '../background'

export const METRICS_PATH = '/metrics'

/** What an intake answer means, by status: what a monitor alerts on (a wave of 410s: a code expired too soon). */
const INTAKE_OUTCOMES: Record<number, string> = {
  200: 'duplicate',
  201: 'stored',
  400: 'invalid',
  404: 'unknown-code',
  409: 'conflict',
  410: 'closed',
  413: 'too-large',
  429: 'rate-limited',
  503: 'overloaded',
}

/**
 * Prometheus metrics at /metrics (prom-client): requests by route pattern and status with their durations, intake
 * outcomes, the database pool, the responses waiting for a release, review holds waiting for an admin, and the
 * background jobs, with Node's process metrics. Labels are route patterns, never URLs (which would carry access
 * codes), and nothing about a respondent, an answer or an address is ever a label or a value. Readable with
 * METRICS_TOKEN as a bearer token (a Prometheus scrape job's `authorization`) or by a signed-in district admin.
 * Response counts are rounded down to a multiple of k.
 */
export default fp(
  async (app) => {
    const registry = new Registry()
    collectDefaultMetrics({ register: registry })
    const requests = new Counter({ name: 'ana_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers: [registry] })
    const durations = new Histogram({
      name: 'ana_http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    })
    const intake = new Counter({ name: 'ana_intake_responses_total', help: 'Responses sent to the intake, by outcome', labelNames: ['outcome'], registers: [registry] })
    new Gauge({
      name: 'ana_db_pool_connections',
      help: 'Database pool connections: total open, idle, and requests waiting for one',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const p = app.pg.pool
        this.set({ state: 'total' }, p.totalCount)
        this.set({ state: 'idle' }, p.idleCount)
        this.set({ state: 'waiting' }, p.waitingCount)
      },
    })
    new Gauge({
      name: 'ana_responses_waiting',
      help: 'Stored responses no release has taken in yet, and those held for an admin to review; rounded down to a multiple of k',
      labelNames: ['queue'],
      registers: [registry],
      async collect() {
        const { rows } = await sql<{ unreleased: string; held: string }>`
          select (select count(*) from responses where release_id is null) as unreleased,
                 (select coalesce(sum(responses), 0) from review_holds where status = 'held') as held`.execute(app.db)
        // In bands of k, as live progress is: an exact count after a cut would be the people in groups below k.
        const band = (n: string) => Math.floor(Number(n) / app.config.minCellSize) * app.config.minCellSize
        this.set({ queue: 'unreleased' }, band(rows[0].unreleased))
        this.set({ queue: 'held-for-review' }, band(rows[0].held))
      },
    })
    const jobRuns = new Gauge({ name: 'ana_background_job_runs', help: 'Runs of each background job in this process, and how many failed', labelNames: ['job', 'result'], registers: [registry] })
    const jobRunning = new Gauge({ name: 'ana_background_job_running', help: 'Whether each background job is running now (1) or not (0)', labelNames: ['job'], registers: [registry] })
    const jobSeconds = new Gauge({ name: 'ana_background_job_last_seconds', help: "Each background job's last run time", labelNames: ['job'], registers: [registry] })

    const routeOf = (request: FastifyRequest) => request.routeOptions.url ?? '(no route)'
    app.addHook('onResponse', async (request, reply) => {
      const route = routeOf(request)
      if (route === METRICS_PATH) return
      requests.inc({ method: request.method, route, status: String(reply.statusCode) })
      durations.observe({ method: request.method, route }, reply.elapsedTime / 1000)
      if (route === '/api/responses' && request.method === 'POST') intake.inc({ outcome: INTAKE_OUTCOMES[reply.statusCode] ?? `status-${reply.statusCode}` })
    })

    app.get(
      METRICS_PATH,
      {
        // A district admin's session, or a monitoring system's METRICS_TOKEN (plugins/access.ts).
        config: { access: 'admin', monitoring: true },
        schema: { tags: ['system'], summary: 'Prometheus metrics (text exposition format), for METRICS_TOKEN as a bearer token or a district admin' },
      },
      async (_request, reply) => {
        jobRuns.reset()
        for (const [job, stats] of backgroundJobs) {
          jobRuns.set({ job, result: 'all' }, stats.runs)
          jobRuns.set({ job, result: 'failed' }, stats.failures)
          jobRunning.set({ job }, stats.running ? 1 : 0)
          jobSeconds.set({ job }, stats.lastSeconds)
        }
        reply.header('cache-control', 'no-store').type(registry.contentType)
        return registry.metrics()
      },
    )
  },
  { name: 'metrics', dependencies: ['access', 'database'] },
)
