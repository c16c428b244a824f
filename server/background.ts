import type { FastifyBaseLogger } from 'fastify'

/** What this process's background jobs have done, by name (the metrics endpoint reports it). */
export interface JobStats {
  runs: number
  failures: number
  running: boolean
  lastSeconds: number
}
export const backgroundJobs = new Map<string, JobStats>()

/**
 * A job the server runs every `everyMs` in the background (release cuts, housekeeping): never two runs at once, a
 * failed run logged and tried again at the next tick, the timer unref'd so it never keeps a process alive, and
 * `close` waiting for a run under way. `everyMs` 0 never runs it on its own; `runOnce` runs it now.
 */
export function everyFewMs<T>(
  job: () => Promise<T>,
  options: { everyMs: number; log: FastifyBaseLogger; failed: string; name?: string },
): { close(): Promise<void> } {
  let running: Promise<unknown> | null = null
  let closed = false
  const stats = options.name === undefined ? null : (backgroundJobs.get(options.name) ?? { runs: 0, failures: 0, running: false, lastSeconds: 0 })
  if (stats && options.name !== undefined) backgroundJobs.set(options.name, stats)
  const tick = () => {
    if (closed || running) return
    const started = performance.now()
    if (stats) stats.running = true
    running = job()
      .catch((error: unknown) => {
        if (stats) stats.failures += 1
        options.log.warn({ err: error }, options.failed)
      })
      .finally(() => {
        running = null
        if (stats) {
          stats.runs += 1
          stats.running = false
          stats.lastSeconds = (performance.now() - started) / 1000
        }
      })
  }
  const timer = options.everyMs > 0 ? setInterval(tick, options.everyMs).unref() : null
  return {
    async close() {
      closed = true
      if (timer) clearInterval(timer)
      await running
    },
  }
}
