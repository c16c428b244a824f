import { monitorEventLoopDelay } from 'node:perf_hooks'
import underPressure from '@fastify/under-pressure'
import fp from 'fastify-plugin'
import { ServiceUnavailable } from '../errors'

/** Seconds a refused client is told to wait: the pressure is measured once a second. */
export const OVERLOAD_RETRY_AFTER = 5

export const OVERLOAD_MESSAGE = 'The server is busy; please try again in a few seconds.'

/** Seconds in a row the event loop must run late before it counts as overload. */
export const SUSTAINED_SECONDS = 3

/** How finely the event loop's lateness is sampled (ms); a sample is the time between two ticks of this timer. */
const RESOLUTION_MS = 10

/**
 * Fed the event loop's mean lateness over each second, says whether it is overloaded: late by more than `maxMs`
 * for `seconds` seconds in a row. One long synchronous step (the embedded database loading the demo district, a
 * release cut) makes one late second, which is no overload: the next request is answered at once.
 */
export function latenessJudge(maxMs: number, seconds = SUSTAINED_SECONDS): (meanLateMs: number) => boolean {
  let streak = 0
  return (meanLateMs) => {
    streak = meanLateMs > maxMs ? streak + 1 : 0
    return streak >= seconds
  }
}

/**
 * Back-pressure: while the process is overloaded (its event loop late for seconds on end, or its heap near the
 * limit), anonymous requests to the API are refused at once with 503 and Retry-After, before a session lookup or
 * a body is read, so what capacity is left goes to signed-in staff. The runner's outbox keeps a refused response
 * and sends it again later; /api/health still answers, so a monitor sees the server alive.
 */
export default fp<{ maxEventLoopDelayMs: number; maxHeapBytes: number }>(
  async (app, options) => {
    const delays = monitorEventLoopDelay({ resolution: RESOLUTION_MS })
    const overloaded = latenessJudge(options.maxEventLoopDelayMs)
    if (options.maxEventLoopDelayMs > 0) {
      delays.enable()
      app.addHook('onClose', async () => delays.disable())
    }
    await app.register(underPressure, {
      maxHeapUsedBytes: options.maxHeapBytes,
      // under-pressure's own delay check reads one second's mean, which one long step alone pushes over any
      // bound; this check asks for several seconds in a row (it runs once a second, and its answer holds until the next).
      ...(options.maxEventLoopDelayMs > 0
        ? {
            healthCheckInterval: 1000,
            healthCheck: async () => {
              const late = delays.count === 0 ? 0 : Math.max(0, delays.mean / 1e6 - RESOLUTION_MS)
              delays.reset()
              return !overloaded(late)
            },
          }
        : {}),
      pressureHandler: async (request, reply) => {
        if (request.routeOptions.config.access !== 'public' || !request.url.startsWith('/api/') || request.routeOptions.url === '/api/health') return
        reply.header('retry-after', String(OVERLOAD_RETRY_AFTER))
        throw new ServiceUnavailable(OVERLOAD_MESSAGE)
      },
    })
  },
  { name: 'pressure', dependencies: ['errors'] },
)
