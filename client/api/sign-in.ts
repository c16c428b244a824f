import type {
  FirstAdmin,
  OwnPasswordChange,
  PasswordLink,
  PasswordLinkInfo,
  SetupStatus,
  SignInOptions,
  SignInSettings,
  SignInSettingsChange,
} from '../../server/auth/sign-in.schemas'
import type { Me } from './auth'
import { requestJson, setCsrfToken } from './http'

export type { PasswordLink, SignInOptions, SignInSettings }

/** What the sign-in page offers: passwords, and the district's accounts (server/auth/sign-in-settings.service.ts). */
export const fetchSignInOptions = () => requestJson<SignInOptions>('/api/auth/options')

/** Where the button for the district's accounts goes: the server redirects on to the identity provider. */
export const OIDC_START = '/api/auth/oidc/start'

export const fetchSetupStatus = () => requestJson<SetupStatus>('/api/setup')

export async function createFirstAdmin(admin: FirstAdmin) {
  const result = await requestJson<Me>('/api/setup', { method: 'POST', body: JSON.stringify(admin) })
  if (result.ok) setCsrfToken(result.body.csrfToken)
  return result
}

export const checkPasswordLink = (token: string) => requestJson<PasswordLinkInfo>('/api/auth/password-link/check', { method: 'POST', body: JSON.stringify({ token }) })

export async function setPasswordByLink(token: string, password: string) {
  const result = await requestJson<Me>('/api/auth/password-link', { method: 'POST', body: JSON.stringify({ token, password }) })
  if (result.ok) setCsrfToken(result.body.csrfToken)
  return result
}

export const createPasswordLink = (userId: number) => requestJson<PasswordLink>(`/api/users/${userId}/password-link`, { method: 'POST' })

export const changeOwnPassword = (change: OwnPasswordChange) => requestJson<null>('/api/auth/password', { method: 'POST', body: JSON.stringify(change) })

export const fetchSignInSettings = () => requestJson<SignInSettings>('/api/sign-in-settings')

export const changeSignInSettings = (change: SignInSettingsChange) => requestJson<SignInSettings>('/api/sign-in-settings', { method: 'PUT', body: JSON.stringify(change) })
