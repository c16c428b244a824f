import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../schemas'
import { ApiTokenListSchema, CreatedApiTokenSchema, NewApiTokenSchema, TokenParamsSchema } from './api-tokens.schemas'
import { createToken, revokeTokenOf, tokensFor } from './api-tokens.service'

/**
 * Personal API tokens: read-only keys for BI tools and scripts. Access 'account' (every staff role, analysts
 * included: a token changes nothing but itself), with a session: a token cannot make or revoke tokens, since it
 * only reads (plugins/access.ts).
 */
export const apiTokensRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/tokens',
    {
      config: { access: 'account' },
      schema: { tags: ['accounts'], summary: "Your API tokens (a district admin: everyone's), never the tokens themselves", response: { 200: ApiTokenListSchema, ...errorResponses(401) } },
    },
    async (request) => tokensFor(app.db, request.user!),
  )

  app.post(
    '/api/tokens',
    {
      config: { access: 'account' },
      schema: {
        tags: ['accounts'],
        summary: 'Make a read-only API token for your account (shown once); send it as `Authorization: Bearer …` to any read route or export',
        body: NewApiTokenSchema,
        response: { 201: CreatedApiTokenSchema, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(await createToken(app.db, request.user!, request.body)),
  )

  app.delete(
    '/api/tokens/:id',
    {
      config: { access: 'account' },
      schema: { tags: ['accounts'], summary: 'Revoke an API token at once (yours; a district admin: anyone’s)', params: TokenParamsSchema, response: { 204: Type.Null(), ...errorResponses(401, 403, 404) } },
    },
    async (request, reply) => {
      await revokeTokenOf(app.db, request.user!, request.params.id)
      return reply.code(204).send(null)
    },
  )
}
