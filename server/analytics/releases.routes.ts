import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { audit } from '../audit/audit.repository'
import { errorResponses } from '../schemas'
import { releasesOf } from './releases.repository'
import { cutRelease, reviewRuleOf } from './releases.service'

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) })

export const ReleaseSchema = Type.Object({
  number: Type.Integer(),
  cutAt: Type.String({ format: 'date-time' }),
  final: Type.Boolean({ description: 'Cut after the window ended: the last release unless the window is extended' }),
})

/** Which release a reader's figures come from, and when the next is due at the latest. */
export const ReleaseInfoSchema = Type.Object(
  {
    number: Type.Union([Type.Integer(), Type.Null()], { description: 'Null before the first release: every figure is withheld' }),
    cutAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    final: Type.Boolean(),
    nextAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: "The window's end, when the next release is cut; null once it has ended" }),
  },
  { description: 'Figures come from releases, never from the responses of the moment' },
)

export const CutSchema = Type.Object({
  release: Type.Union([ReleaseSchema, Type.Null()], { description: 'Null when no waiting responses could join yet' }),
  schoolsTakenIn: Type.Integer({ description: 'Schools whose waiting responses this release took in (never a count of responses: a first release may take in fewer than k)' }),
  schoolsWaiting: Type.Integer({ description: 'Schools whose waiting responses would have shown a group under k, held for a later release' }),
  holds: Type.Integer({ description: 'Review holds this cut made: responses that came in a burst or beyond enrollment, waiting for a district admin (GET /api/holds)' }),
})

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
    async (request) => (await releasesOf(app.db, request.params.id)).map((r) => ({ number: r.number, cutAt: r.cut_at.toISOString(), final: r.final })),
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
      const result = await cutRelease(app.db, request.params.id, { minCellSize: app.config.minCellSize, review: reviewRuleOf(app.config), cutBy: request.user!.id })
      await audit(app.db, {
        actor: request.user!,
        action: 'release.cut',
        outcome: 'success',
        target: `administration:${request.params.id}`,
        detail: { number: result.release?.number ?? null, holds: result.holds },
      })
      return reply.code(result.release ? 201 : 200).send({
        release: result.release && { ...result.release, cutAt: result.release.cutAt.toISOString() },
        schoolsTakenIn: result.schoolsTakenIn,
        schoolsWaiting: result.schoolsWaiting,
        holds: result.holds,
      })
    },
  )
}
