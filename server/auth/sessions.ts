import { createHash, randomBytes } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../config'
import { isLoopbackHost } from '../public-url'

/** 128 bits from the system's CSPRNG, as base64url: the cookie value. Only its SHA-256 is stored. */
export function newToken(): string {
  return randomBytes(16).toString('base64url')
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest()
}


/**
 * `__Host-` binds the cookie to this exact origin (Secure, Path=/, no Domain). Browsers take Secure cookies over
 * TLS and, as a potentially trustworthy origin, from a loopback address over plain HTTP (`npm start` on a
 * laptop). Only a plain-HTTP site on another address (a LAN demo) gets the cookie without the prefix and Secure.
 */
export function sessionCookie(config: Pick<Config, 'tls' | 'publicUrl'>) {
  const secure = config.tls || isLoopbackHost(new URL(config.publicUrl).hostname)
  return {
    name: secure ? '__Host-ana_session' : 'ana_session',
    options: { path: '/', httpOnly: true, secure, sameSite: 'lax' as const },
  }
}

/** The session token the request's cookie carries, if it has the shape of one. */
export function sessionToken(request: FastifyRequest, cookieName: string): string | null {
  const value = request.cookies[cookieName]
  return typeof value === 'string' && /^[A-Za-z0-9_-]{22}$/.test(value) ? value : null
}

/** Sets the cookie of a session that just started (any sign-in method). */
export function setSessionCookie(reply: FastifyReply, config: Pick<Config, 'tls' | 'publicUrl' | 'sessionMaxHours'>, token: string): void {
  const cookie = sessionCookie(config)
  reply.setCookie(cookie.name, token, { ...cookie.options, maxAge: config.sessionMaxHours * 3600 })
}
