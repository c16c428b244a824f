import { Type, type Static } from 'typebox'

/** What the sign-in page offers (public). */
export const SignInOptionsSchema = Type.Object({
  passwords: Type.Boolean({ description: 'False when the district turned passwords off' }),
  oidc: Type.Union([Type.Object({ name: Type.Union([Type.String(), Type.Null()], { description: 'OIDC_DISPLAY_NAME, e.g. Google Workspace' }) }), Type.Null()], {
    description: 'Sign-in with the district’s accounts, when OIDC_ISSUER is set',
  }),
})
export type SignInOptions = Static<typeof SignInOptionsSchema>

export const SignInSettingsSchema = Type.Object({
  passwords: Type.Boolean(),
  openDomains: Type.Array(Type.String(), { description: 'Email domains whose staff get an account with no rights at their first sign-in' }),
  oidc: Type.Union([Type.Object({ issuer: Type.String(), name: Type.Union([Type.String(), Type.Null()]), redirectUri: Type.String() }), Type.Null()]),
})
export type SignInSettings = Static<typeof SignInSettingsSchema>

export const SignInSettingsChangeSchema = Type.Object(
  { passwords: Type.Boolean(), openDomains: Type.Array(Type.String({ maxLength: 253 }), { maxItems: 50 }) },
  { additionalProperties: false },
)
export type SignInSettingsChange = Static<typeof SignInSettingsChangeSchema>

const Token = Type.String({ minLength: 1, maxLength: 64 })
const NewPassword = Type.String({ minLength: 1, maxLength: 256 })

export const PasswordLinkSchema = Type.Object({
  url: Type.String({ description: 'Copy it to the person; it works once' }),
  email: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
})
export type PasswordLink = Static<typeof PasswordLinkSchema>

export const PasswordLinkTokenSchema = Type.Object({ token: Token }, { additionalProperties: false })
export const PasswordLinkInfoSchema = Type.Object({ email: Type.String(), expiresAt: Type.String({ format: 'date-time' }) })
export type PasswordLinkInfo = Static<typeof PasswordLinkInfoSchema>
export const PasswordLinkUseSchema = Type.Object({ token: Token, password: NewPassword }, { additionalProperties: false })
export const OwnPasswordChangeSchema = Type.Object({ currentPassword: Type.String({ minLength: 1, maxLength: 256 }), newPassword: NewPassword }, { additionalProperties: false })
export type OwnPasswordChange = Static<typeof OwnPasswordChangeSchema>

export const SetupStatusSchema = Type.Object({
  needed: Type.Boolean({ description: 'No admin who can sign in exists yet' }),
  local: Type.Boolean({ description: 'This request comes from the server itself, so no setup token is needed' }),
})
export type SetupStatus = Static<typeof SetupStatusSchema>
export const FirstAdminSchema = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 254 }), password: NewPassword, token: Type.Optional(Token) },
  { additionalProperties: false },
)
export type FirstAdmin = Static<typeof FirstAdminSchema>
