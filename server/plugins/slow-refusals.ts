import fp from 'fastify-plugin'
import type { FastifyRequest } from 'fastify'
import { TooManyRequests } from '../errors'

/** Refusals (429) one address may get on one route within the wait it was told, before the next are held. */
export const FREE_REFUSALS = 10

/** Requests from one address held at once on one route; beyond them a refusal is sent at once and the connection closed. */
export const MAX_HELD_PER_ADDRESS = 64

/** Addresses × routes remembered; past this, expired entries are dropped, and if none has expired, the oldest. */
const MAX_ENTRIES = 50_000

/** The longest wait a refusal may impose, whatever Retry-After said (seconds). */
const MAX_WAIT_SECONDS = 600

export const HELD_MESSAGE = 'Too many requests from this address just now; wait a moment and try again.'

interface Entry {
  /** When the wait the address was last told ends (ms since the epoch). */
  until: number
  /** Refusals since the wait began. */
  refusals: number
  held: number
}

/** What one server remembers of the refusals it has sent, by route and address. In-process: each server its own. */
export class RefusalLedger {
  private entries = new Map<string, Entry>()

  /** A 429 was sent to this key, telling it to wait `seconds`. */
  note(key: string, seconds: number, now = Date.now()): void {
    const until = now + Math.min(Math.max(seconds, 1), MAX_WAIT_SECONDS) * 1000
    const entry = this.entries.get(key)
    if (entry && entry.until > now) {
      entry.refusals += 1
      entry.until = Math.max(entry.until, until)
      return
    }
    if (this.entries.size >= MAX_ENTRIES) this.prune(now)
    this.entries.set(key, { until, refusals: 1, held: entry?.held ?? 0 })
  }

  /** The entry of a key that has used up its free refusals and is still within its wait; otherwise undefined. */
  penalised(key: string, now = Date.now()): Entry | undefined {
    const entry = this.entries.get(key)
    return entry && entry.until > now && entry.refusals > FREE_REFUSALS ? entry : undefined
  }

  get size(): number {
    return this.entries.size
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) if (entry.until <= now && entry.held === 0) this.entries.delete(key)
    // Still full of live entries: drop the oldest (a Map keeps insertion order).
    for (const key of this.entries.keys()) {
      if (this.entries.size < MAX_ENTRIES) break
      this.entries.delete(key)
    }
  }
}

const keyOf = (request: FastifyRequest) => `${request.method} ${request.routeOptions.url ?? '-'} ${request.ip}`

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())

/**
 * Slow refusals for anonymous routes. A client that keeps going after it was refused (429 with Retry-After) gets
 * its first few refusals at once; after FREE_REFUSALS within the wait it was told, its next requests on that route
 * are held for `holdMs` and then refused, before a body is read, a session looked up or a limiter asked. A flood
 * with 32 requests in flight then costs the server 32 cheap refusals a second instead of thousands, so staff reads
 * and other schools' families keep the process's time (bench:abuse). Nobody who follows Retry-After is held: the
 * runner's outbox waits before it sends a refused response again, and a class on the school's Wi-Fi stays under the
 * limits. Signed-in routes are never held: staff are limited by their accounts, not their address.
 */
export default fp<{ holdMs: number }>(
  async (app, options) => {
    const ledger = new RefusalLedger()
    app.decorate('refusals', ledger)

    app.addHook('onRequest', async (request, reply) => {
      if (options.holdMs <= 0 || request.routeOptions.config.access !== 'public') return
      const now = Date.now()
      const entry = ledger.penalised(keyOf(request), now)
      if (!entry) return
      if (entry.held >= MAX_HELD_PER_ADDRESS) {
        reply.header('connection', 'close')
        throw new TooManyRequests(HELD_MESSAGE, Math.ceil((entry.until - now) / 1000))
      }
      entry.held += 1
      try {
        await sleep(Math.min(options.holdMs, entry.until - now))
      } finally {
        entry.held -= 1
      }
      throw new TooManyRequests(HELD_MESSAGE, Math.max(1, Math.ceil((entry.until - Date.now()) / 1000)))
    })

    app.addHook('onResponse', async (request, reply) => {
      if (reply.statusCode !== 429 || request.routeOptions.config.access !== 'public') return
      const seconds = Number(reply.getHeader('retry-after'))
      ledger.note(keyOf(request), Number.isFinite(seconds) ? seconds : 60)
    })
  },
  { name: 'slow-refusals', dependencies: ['errors'] },
)

declare module 'fastify' {
  interface FastifyInstance {
    refusals: RefusalLedger
  }
}
