import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { signIn, type Me } from '../api/auth'
import { fetchSignInOptions } from '../api/sign-in'
import { useRequest } from '../ui/use-request'
import { DistrictSignIn, refusalOf } from './sign-in/DistrictSignIn'

/** Email and password; one message for any wrong combination, the wait when there were too many tries. */
export function SignInView({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useTranslation('staff')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // Sign-in with the district's accounts when set up, and whether the district still allows passwords.
  const options = useRequest(fetchSignInOptions, 'sign-in options')

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    const result = await signIn(email, password)
    setBusy(false)
    if (result.ok) onSignedIn(result.body)
    else {
      setPassword('')
      setError(result.body.message)
    }
  }

  return (
    <main className="admin sign-in">
      <h1>{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      {options.data && <DistrictSignIn options={options.data} refusal={refusalOf(window.location.search)} />}
      {options.data?.passwords !== false && (
        <form onSubmit={(e) => void submit(e)} aria-describedby={error ? 'sign-in-error' : undefined}>
          <label>
            {t('signIn.email')}
            <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <label>
            {t('signIn.password')}
            <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          {error && (
            <p role="alert" id="sign-in-error" className="error">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </button>
        </form>
      )}
    </main>
  )
}
