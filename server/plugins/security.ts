import helmet from '@fastify/helmet'
import fp from 'fastify-plugin'

/**
 * Security headers on every answer. The Content-Security-Policy allows this origin's own files and nothing
 * inline: an injected <script> or onerror= never runs, and no other site can frame the runner or the dashboards.
 * Referrer-Policy no-referrer keeps the access code in /s/:code out of any other site's logs.
 */
export default fp<{ tls: boolean }>(
  async (app, { tls }) => {
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          // Styles may be inline: survey-core 3 writes its theme (CSS variables) into a <style> element at run time,
          // and survey-react-ui's icon sprite carries style attributes. Inline CSS cannot run script; everything
          // that can (script-src, script-src-attr, object-src) stays strict.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          workerSrc: ["'self'"],
          manifestSrc: ["'self'"],
          mediaSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
          ...(tls ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      // HSTS only when the site is served over TLS; on plain HTTP it would be ignored, or lock a dev host out.
      strictTransportSecurity: tls ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    })
  },
  { name: 'security' },
)
