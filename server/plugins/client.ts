import fs from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'

/**
 * Serves the built client (dist/client): hashed assets precompressed and immutable, and the two entry pages:
 * the runner for /s/:code and /k/:code, the staff app for /admin.
 */
export default fp<{ root: string }>(
  async (app, { root }) => {
    if (!fs.existsSync(path.join(root, 'runner.html'))) {
      app.log.warn(`No client build in ${root}; run "npm run build" to serve the runner and dashboards.`)
      return
    }
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      preCompressed: true,
      index: false,
      wildcard: true,
      setHeaders(reply, file) {
        const hashed = file.includes(`${path.sep}assets${path.sep}`)
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
    const page = (name: string) => async (_request: unknown, reply: import('fastify').FastifyReply) =>
      reply.header('cache-control', 'no-cache').sendFile(name)
    const hide = { schema: { hide: true }, config: { access: 'public' as const } }
    app.get('/', hide, async (_request, reply) => reply.redirect('/admin'))
    // With a code, the survey; without one (/s, /s/), the start page where the code on a poster is typed.
    app.get('/s', hide, page('runner.html'))
    app.get('/k', hide, page('runner.html'))
    app.get('/s/:code', hide, page('runner.html'))
    app.get('/k/:code', hide, page('runner.html'))
    app.get('/admin', hide, page('admin.html'))
    app.get('/admin/*', hide, page('admin.html'))
  },
  { name: 'client' },
)
