import { useTranslation } from 'react-i18next'
import { signOut } from '../api/auth'
import { LanguageSwitch } from './LanguageSwitch'
import { HOME, mayOpen, ROUTES } from './routes'
import { useSession } from './session'

/** The navigation (the pages the reader may open), the language, who is signed in and signing out. */
export function StaffHeader({ onSignedOut }: { onSignedOut: () => void }) {
  const me = useSession()
  const { t } = useTranslation('staff')
  const links = [HOME, ...ROUTES].filter((r) => r.nav && mayOpen(r, me))
  return (
    <header className="admin-header">
      <nav aria-label={t('navigation.label')}>
        {links.map((r) => (
          <a key={r.path} href={r.path}>
            {t(r.nav!)}
          </a>
        ))}
      </nav>
      <p className="who">
        <LanguageSwitch /> {me.user.email} · {t(`roles.${me.user.role}`)} <a href="/admin/password">{t('sign-in:ownPassword.link')}</a> <a href="/admin/tokens">{t('tokens:link')}</a>{' '}
        <button type="button" onClick={() => void signOut().then(onSignedOut)}>
          {t('signOut')}
        </button>
      </p>
    </header>
  )
}
