import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'

/** OpenAPI generated from the route schemas, browsable at /docs. */
export default fp(
  async (app) => {
    await app.register(fastifySwagger, {
      openapi: {
        info: {
          title: 'ANA engine API',
          description: 'Needs and assets assessments for community schools: instruments, responses, profiles.',
          version: '0.1.0',
        },
        tags: [
          { name: 'respondents', description: 'Anonymous: access codes and response intake' },
          { name: 'instruments', description: 'Versioned survey definitions' },
          { name: 'profiles', description: 'School need and asset profiles (suppressed under the minimum cell size)' },
          { name: 'schools', description: 'The schools directory: schools, enrollment, imports (district admins change it)' },
          { name: 'system', description: 'Health' },
        ],
        components: {
          securitySchemes: {
            session: { type: 'apiKey', in: 'cookie', name: '__Host-ana_session', description: 'A staff session from signing in; changes also need its CSRF token in X-CSRF-Token' },
            apiToken: { type: 'http', scheme: 'bearer', description: 'A personal API token (POST /api/tokens, or the account page): read routes and exports only, with the reads its account has' },
          },
        },
        security: [{ session: [] }, { apiToken: [] }],
      },
    })
    await app.register(fastifySwaggerUi, { routePrefix: '/docs' })
  },
  { name: 'docs' },
)
