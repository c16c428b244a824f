import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../../server/config'

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env)
    return []
  } catch (error) {
    return (error as ConfigError).problems
  }
}

describe('sign-in with the district’s accounts (OIDC_*)', () => {
  it('is off without OIDC_ISSUER', () => {
    expect(loadConfig({}).oidc).toBeNull()
  })

  it('reads the issuer, client and display name', () => {
    const config = loadConfig({ OIDC_ISSUER: 'https://accounts.google.com', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 'secret', OIDC_DISPLAY_NAME: 'Google Workspace' })
    expect(config.oidc).toEqual({ issuer: 'https://accounts.google.com', clientId: 'id', clientSecret: 'secret', displayName: 'Google Workspace' })
  })

  it('names each missing or bad variable', () => {
    expect(problemsOf({ OIDC_ISSUER: 'http://idp.district.org' })).toEqual([
      'OIDC_ISSUER=http://idp.district.org must start with https:// (e.g. https://accounts.google.com)',
      'OIDC_CLIENT_ID is missing: the client ID the identity provider gave when the app was registered',
      'OIDC_CLIENT_SECRET is missing: the client secret the identity provider gave when the app was registered',
    ])
    expect(problemsOf({ OIDC_CLIENT_ID: 'id' })).toEqual(['OIDC_CLIENT_ID and OIDC_CLIENT_SECRET need OIDC_ISSUER too (e.g. https://accounts.google.com)'])
    expect(problemsOf({ OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 's' })).toEqual([
      'OIDC_ISSUER=not a url is not a URL; expected e.g. https://accounts.google.com or https://login.microsoftonline.com/<tenant id>/v2.0',
    ])
  })

  it('allows plain http only for a provider on this machine (tests)', () => {
    expect(loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:4000', OIDC_CLIENT_ID: 'id', OIDC_CLIENT_SECRET: 's' }).oidc?.issuer).toBe('http://127.0.0.1:4000')
  })
})
