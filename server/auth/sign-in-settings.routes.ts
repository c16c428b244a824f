import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { errorResponses } from '../schemas'
import { SignInOptionsSchema, SignInSettingsChangeSchema, SignInSettingsSchema } from './sign-in.schemas'
import { changeSignInSettings, signInOptions, signInSettingsOf } from './sign-in-settings.service'

/** How staff sign in: what the sign-in page offers, and the district's settings (admins). */
export const signInSettingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/auth/options',
    {
      config: { access: 'public' },
      schema: { tags: ['accounts'], summary: 'What the sign-in page offers: passwords, and sign-in with the district’s accounts', response: { 200: SignInOptionsSchema } },
    },
    async () => signInOptions(app.db, app.oidc),
  )

  app.get(
    '/api/sign-in-settings',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: "The district's sign-in settings, with the redirect URI to register at the identity provider",
        response: { 200: SignInSettingsSchema, ...errorResponses(401, 403) },
      },
    },
    async () => signInSettingsOf(app.db, app.oidc),
  )

  app.put(
    '/api/sign-in-settings',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['accounts'],
        summary: 'Turn passwords on or off, and name the email domains whose staff get an account (with no rights) at first sign-in',
        body: SignInSettingsChangeSchema,
        response: { 200: SignInSettingsSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request) => changeSignInSettings(app.db, app.oidc, request.body, request.user!),
  )
}
