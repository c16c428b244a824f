import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { createFirstAdmin, fetchSetupStatus } from '../../api/sign-in'
import { useRequest } from '../../ui/use-request'

/** The first-run page (/admin/setup): the first district admin, from the server itself or with the setup token. */
export function SetupView() {
  const { t } = useTranslation('sign-in')
  const status = useRequest(fetchSetupStatus, 'setup')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [token, setToken] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    const result = await createFirstAdmin({ email, password, ...(token.trim() ? { token: token.trim() } : {}) })
    setBusy(false)
    if (result.ok) window.location.assign('/admin/accounts')
    else setError(result.body.message)
  }

  return (
    <main className="admin sign-in">
      <h1>{t('setup.title')}</h1>
      {status.error && <p role="alert">{status.error}</p>}
      {status.data && !status.data.needed && (
        <p>
          {t('setup.done')} <a href="/admin">{t('setup.toSignIn')}</a>
        </p>
      )}
      {status.data?.needed && (
        <>
          <p>{t('setup.intro')}</p>
          <p>{status.data.local ? t('setup.local') : t('setup.remote')}</p>
          <form onSubmit={(e) => void submit(e)}>
            {!status.data.local && (
              <label>
                {t('setup.token')}
                <input name="token" autoComplete="off" required value={token} onChange={(e) => setToken(e.target.value)} />
              </label>
            )}
            <label>
              {t('setup.email')}
              <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
            </label>
            <label>
              {t('setup.password')}
              <input type="password" name="password" autoComplete="new-password" required minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} />
            </label>
            {error && (
              <p role="alert" className="error">
                {error}
              </p>
            )}
            <button type="submit" disabled={busy}>
              {t('setup.submit')}
            </button>
          </form>
        </>
      )}
    </main>
  )
}
