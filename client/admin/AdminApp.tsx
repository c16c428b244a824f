import { Suspense, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchMe, type Me } from '../api/auth'
import { openPageFor, routeFor } from './routes'
import { SessionContext } from './session'
import { PendingView } from './sign-in/PendingView'
import { SignInView } from './SignInView'
import { StaffHeader } from './StaffHeader'

/** Staff pages behind sign-in: the schools a person may see, profiles, the district comparison, and for admins accounts and the audit log. */
export function AdminApp() {
  const { t } = useTranslation('staff')
  const [me, setMe] = useState<Me | null | 'loading'>('loading')

  useEffect(() => {
    void fetchMe().then((r) => setMe(r.ok ? r.body : null))
    const signedOut = () => setMe(null)
    window.addEventListener('ana:signed-out', signedOut)
    return () => window.removeEventListener('ana:signed-out', signedOut)
  }, [])

  // One status line while the session or a page's code loads; the page then shows its own.
  const loading = <p role="status">{t('loading')}</p>
  // The first-run page and the password-link page work without a session.
  const open = openPageFor(window.location.pathname)
  if (open) return <Suspense fallback={loading}>{open}</Suspense>
  if (me === 'loading') return loading
  if (me === null) return <SignInView onSignedIn={setMe} />
  if (me.user.role === 'pending') return <PendingView me={me} onSignedOut={() => setMe(null)} />
  const { route, params } = routeFor(window.location.pathname, me)
  return (
    <SessionContext.Provider value={me}>
      <StaffHeader onSignedOut={() => setMe(null)} />
      <Suspense fallback={loading}>{route.screen({ params, query: new URLSearchParams(window.location.search), me })}</Suspense>
    </SessionContext.Provider>
  )
}
