/**
 * Whether a host name is this computer: localhost (and *.localhost), 127.0.0.0/8 or ::1. Browsers treat such an origin
 * as potentially trustworthy, so Secure cookies work there over plain HTTP, and tests may run an identity provider there.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1'
}

/**
 * Whether links under this address open only on the computer running the server: a loopback host, or 0.0.0.0 (the
 * address a server listens on, not one a phone can go to). A poster or QR code carrying such a link opens nothing on
 * a family's phone.
 */
export function isLocalUrl(publicUrl: string): boolean {
  let host: string
  try {
    host = new URL(publicUrl).hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  } catch {
    return false
  }
  return isLoopbackHost(host) || host === '0.0.0.0' || host === '::'
}

/** The start-up log's warning when links would open only on this computer, or null. */
export function publicUrlWarning(publicUrl: string): string | null {
  if (!isLocalUrl(publicUrl)) return null
  return [
    `  Warning: survey links, posters and QR codes point at ${publicUrl}, which opens only on this computer: phones and`,
    '  tablets cannot reach it. Set PUBLIC_URL to the address people use (e.g. PUBLIC_URL=https://ana.yourdistrict.org),',
    '  and HOST=0.0.0.0 so the server answers other machines; see docs/deployment.md ("Serving on the school network").',
  ].join('\n')
}
