import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { checkPasswordLink, setPasswordByLink } from '../../api/sign-in'
import { useRequest } from '../../ui/use-request'
import { NewPasswordFields } from './NewPasswordFields'

/**
 * The page a password link opens (/admin/set-password#token): the token is in the fragment, which browsers never
 * send to a server, so it is in no log. Setting the password spends the link and signs the person in.
 */
export function SetPasswordView() {
  const { t, i18n } = useTranslation('sign-in')
  const token = window.location.hash.slice(1)
  const link = useRequest(() => checkPasswordLink(token), token === '' ? null : token)
  const [password, setPassword] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (password === null) return setError(t('setPassword.mismatch'))
    setBusy(true)
    setError(null)
    const result = await setPasswordByLink(token, password)
    setBusy(false)
    if (result.ok) window.location.assign('/admin')
    else setError(result.body.message)
  }

  return (
    <main className="admin sign-in">
      <h1>{t('setPassword.title')}</h1>
      {token === '' && <p role="alert">{t('setPassword.missing')}</p>}
      {link.error && <p role="alert">{link.error}</p>}
      {link.data && (
        <form onSubmit={(e) => void submit(e)}>
          <p>{t('setPassword.for', { email: link.data.email, expires: new Date(link.data.expiresAt).toLocaleString(i18n.language) })}</p>
          <NewPasswordFields label={t('setPassword.password')} repeatLabel={t('setPassword.repeat')} onChange={setPassword} />
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {t('setPassword.submit')}
          </button>
        </form>
      )}
    </main>
  )
}
