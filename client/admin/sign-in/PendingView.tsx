import { useTranslation } from 'react-i18next'
import { signOut, type Me } from '../../api/auth'

/** What an account with no role yet sees (made at a first sign-in with the district's accounts): nothing but this. */
export function PendingView({ me, onSignedOut }: { me: Me; onSignedOut: () => void }) {
  const { t } = useTranslation('sign-in')
  return (
    <main className="admin sign-in">
      <h1>{t('pending.title')}</h1>
      <p>{t('pending.body', { email: me.user.email })}</p>
      <button type="button" onClick={() => void signOut().then(onSignedOut)}>
        {t('staff:signOut')}
      </button>
    </main>
  )
}
