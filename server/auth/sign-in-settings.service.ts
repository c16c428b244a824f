import type { Kysely } from 'kysely'
import { audit } from '../audit/audit.repository'
import type { Database } from '../db/schema'
import { BadRequest, Conflict } from '../errors'
import type { SessionUser } from './auth.repository'
import type { OidcClient } from './oidc.service'
import { signInSettings, updateSignInSettings } from './sign-in-settings.repository'

/** What the sign-in page offers: passwords (unless the district turned them off), and the district's accounts when set up. */
export async function signInOptions(db: Kysely<Database>, oidc: OidcClient | null) {
  const settings = await signInSettings(db)
  return { passwords: settings.passwords_enabled, oidc: oidc === null ? null : { name: oidc.settings.displayName } }
}

/** The settings as the accounts page shows them, with what an IT department needs to register the app. */
export async function signInSettingsOf(db: Kysely<Database>, oidc: OidcClient | null) {
  const settings = await signInSettings(db)
  return {
    passwords: settings.passwords_enabled,
    openDomains: settings.open_domains,
    oidc: oidc === null ? null : { issuer: oidc.settings.issuer, name: oidc.settings.displayName, redirectUri: oidc.redirectUri },
  }
}

const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

/** Changes the sign-in settings. Passwords go off only where the district's accounts are set up, or nobody could sign in. */
export async function changeSignInSettings(db: Kysely<Database>, oidc: OidcClient | null, change: { passwords: boolean; openDomains: string[] }, actor: SessionUser) {
  const openDomains = [...new Set(change.openDomains.map((d) => d.trim().toLowerCase().replace(/^@/, '')).filter((d) => d !== ''))].sort()
  const bad = openDomains.filter((d) => !DOMAIN.test(d))
  if (bad.length > 0) throw new BadRequest(`Not an email domain: ${bad.join(', ')}. Write it as district.org, without a name before the @.`)
  if (!change.passwords && oidc === null) {
    throw new Conflict('Passwords cannot be turned off before sign-in with the district’s accounts is set up (OIDC_ISSUER): nobody could sign in.')
  }
  if (openDomains.length > 0 && oidc === null) {
    throw new Conflict('Accounts made at first sign-in need sign-in with the district’s accounts (OIDC_ISSUER) set up first.')
  }
  await updateSignInSettings(db, { passwordsEnabled: change.passwords, openDomains })
  await audit(db, { actor, action: 'settings.sign-in', outcome: 'success', detail: { passwords: change.passwords, openDomains } })
  return signInSettingsOf(db, oidc)
}
