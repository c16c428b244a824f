import type { FastifyBaseLogger } from 'fastify'

/**
 * A job the server runs every `everyMs` in the background (release cuts, housekeeping): never two runs at once, a
 * failed run logged and tried again at the next tick, the timer unref'd so it never keeps a process alive, and
 * `close` waiting for a run under way. `everyMs` 0 never runs it on its own; `runOnce` runs it now.
 */
export function everyFewMs<T>(job: () => Promise<T>, options: { everyMs: number; log: FastifyBaseLogger; failed: string }): { close(): Promise<void> } {
  let running: Promise<unknown> | null = null
  let closed = false
  const tick = () => {
    if (closed || running) return
    running = job()
      .catch((error: unknown) => options.log.warn({ err: error }, options.failed))
      .finally(() => {
        running = null
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
