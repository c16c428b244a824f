import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses, IdSchema } from '../schemas'
import { CutSchema, ReleaseSchema } from './releases.schemas'
import { cutReleaseNow, listReleases, reviewRuleOf } from './releases.service'

const IdParams = Type.Object({ id: IdSchema })

export const releasesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/administrations/:id/releases',
    {
      config: { access: 'district' },
      schema: {
        tags: ['administrations'],
        summary: "An administration's releases, newest first: staff read the figures of the newest",
        params: IdParams,
        response: { 200: Type.Array(ReleaseSchema), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => listReleases(app.db, request.params.id),
  )

  app.post(
    '/api/administrations/:id/releases',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['administrations'],
        summary:
          "Cut a release now: each school's and role's waiting responses join only if they add at least k people to every figure they change (a school's first release takes everything). A release is also cut when the window ends.",
        params: IdParams,
        response: { 201: CutSchema, 200: CutSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await cutReleaseNow(app.db, request.params.id, { minCellSize: app.config.minCellSize, review: reviewRuleOf(app.config) }, request.user!)
      return reply.code(result.release ? 201 : 200).send({
        release: result.release && { ...result.release, cutAt: result.release.cutAt.toISOString() },
        schoolsTakenIn: result.schoolsTakenIn,
        schoolsWaiting: result.schoolsWaiting,
        holds: result.holds,
      })
    },
  )
}
