import fp from 'fastify-plugin'
import { everyFewMs } from '../background'
import { buildReleaseViews } from './release-views'

declare module 'fastify' {
  interface FastifyInstance {
    /** Builds the views each release serves (release-views.ts) soon after it is cut, for every server process. */
    releaseViews: { runOnce(): Promise<number>; close(): Promise<void> }
  }
}

/**
 * The background job that builds each release's views, at the release check's pace (RELEASE_CHECK_SECONDS; 0 never
 * on its own). Every process may run it: a view already stored for its basis is not built again, and one built twice
 * at once is stored once. Until it has run, reads compute a view themselves and keep it in memory.
 */
export default fp(
  async (app) => {
    const runOnce = () => buildReleaseViews(app.db, { minCellSize: app.config.minCellSize, domains: app.domains })
    const background = everyFewMs(runOnce, { everyMs: app.config.releaseCheckSeconds * 1000, log: app.log, failed: "building a release's views failed; it is tried again at the next tick" })
    app.decorate('releaseViews', { runOnce, close: background.close })
    app.addHook('onClose', () => background.close())
  },
  { name: 'release-views', dependencies: ['database'] },
)
