import type { RateLimitOptions } from '@fastify/rate-limit'
import { TooManyRequests } from './errors'

export const OPEN_LIMIT_MESSAGE = 'Too many requests to open a survey from this address just now'

/**
 * The per-address limit on opening a survey (looking up a code, downloading an instrument version): checked as the
 * request arrives, before anything is read. Refusals say how long to wait; a client that keeps going is then held
 * (plugins/slow-refusals.ts).
 */
export function openLimit(max: number): RateLimitOptions {
  return {
    max,
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000))
      return new TooManyRequests(`${OPEN_LIMIT_MESSAGE}; try again in ${seconds} seconds.`, seconds)
    },
  }
}
