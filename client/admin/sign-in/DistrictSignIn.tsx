import { useTranslation } from 'react-i18next'
import { fetchSetupStatus, OIDC_START, type SignInOptions } from '../../api/sign-in'
import { useRequest } from '../../ui/use-request'

/** Why the last sign-in with the district's accounts was refused (the server sends the browser back with ?signin=). */
export function refusalOf(search: string): string | null {
  const reason = new URLSearchParams(search).get('signin')
  return reason && /^[a-z_]{1,32}$/.test(reason) ? reason : null
}

/**
 * The sign-in page's part for the district's identity provider: the reason a sign-in was refused, and a link that
 * starts one (a link, not a button: it leaves for the provider's page); and, on a fresh install, the first-run page.
 */
export function DistrictSignIn({ options, refusal }: { options: SignInOptions; refusal: string | null }) {
  const { t } = useTranslation('sign-in')
  const setup = useRequest(fetchSetupStatus, 'setup')
  return (
    <>
      {setup.data?.needed && (
        <p>
          <a href="/admin/setup">{t('setupLink')}</a>
        </p>
      )}
      {refusal && (
        <p role="alert" className="error">
          {t([`refused.${refusal}`, 'refused.provider_error'])}
        </p>
      )}
      {options.oidc && (
        <p>
          <a className="button" href={OIDC_START}>
            {options.oidc.name ? t('district.named', { name: options.oidc.name }) : t('district.unnamed')}
          </a>
        </p>
      )}
      {options.oidc && options.passwords && <p>{t('district.or')}</p>}
      {!options.passwords && <p>{t('passwordsOff')}</p>}
    </>
  )
}
