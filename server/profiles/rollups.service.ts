import type { FastifyBaseLogger } from 'fastify'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { foldPendingResponses } from './rollups.repository'

export interface BackgroundFolds {
  /** Asks for a fold soon: called after each stored response; many calls in a row make one fold. */
  request(): void
  /** Resolves once no fold is asked for or running (tests: then nothing stored before is still pending). */
  settled(): Promise<void>
  /** Stops asking and waits for a fold in progress, so none runs on a closed pool. */
  close(): Promise<void>
}

/**
 * Keeps the rollups close behind intake without folding inside each submission's request: a stored response asks
 * for a fold, and one fold runs shortly after for everything stored meanwhile (hundreds of responses at a busy
 * moment, where folding them one request at a time cost more than storing them), one fold at a time in this process.
 * Nothing depends on its timing: every profile or comparison read folds first (figure-sources.ts), a fold that fails
 * leaves its responses pending for the next, and a fold running in another process makes this one give way.
 */
export function backgroundFolds(db: Kysely<Database>, log: FastifyBaseLogger, delayMs: number): BackgroundFolds {
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  let requestedMeanwhile = false
  let closed = false

  const fold = () => {
    timer = null
    running = foldPendingResponses(db, { wait: false })
      .then(() => undefined)
      .catch((error: unknown) => log.warn({ err: error }, 'folding stored responses into the rollups failed; they stay pending for the next fold'))
      .finally(() => {
        running = null
        if (requestedMeanwhile) {
          requestedMeanwhile = false
          request()
        }
      })
  }
  const request = () => {
    if (closed) return
    if (running) requestedMeanwhile = true
    else if (!timer) timer = setTimeout(fold, delayMs).unref()
  }
  return {
    request,
    async settled() {
      while (timer || running) await (running ?? new Promise((resolve) => setTimeout(resolve, delayMs)))
    },
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      timer = null
      await running
    },
  }
}
