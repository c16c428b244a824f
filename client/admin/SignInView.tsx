import { useState, type FormEvent } from 'react'
import { signIn, type Me } from '../api/auth'

/** Email and password; one message for any wrong combination, the wait when there were too many tries. */
export function SignInView({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

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
      <h1>Sign in</h1>
      <p>Staff sign in to see school profiles and compare schools. Families and students answer through their school’s link and never sign in.</p>
      <form onSubmit={(e) => void submit(e)} aria-describedby={error ? 'sign-in-error' : undefined}>
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && (
          <p role="alert" id="sign-in-error" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}
