import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PasswordLink } from '../../api/sign-in'

/** A one-time password link for the admin to copy to the person (no mail server): shown once, never stored in the page. */
export function PasswordLinkBox({ link }: { link: PasswordLink }) {
  const { t, i18n } = useTranslation('sign-in')
  const [copied, setCopied] = useState(false)
  return (
    <div role="status" className="password-link">
      <p>{t('accounts.linkFor', { email: link.email, expires: new Date(link.expiresAt).toLocaleString(i18n.language) })}</p>
      <label>
        {t('accounts.linkLabel')}
        <input readOnly value={link.url} size={60} onFocus={(e) => e.target.select()} />
      </label>{' '}
      <button type="button" onClick={() => void navigator.clipboard?.writeText(link.url).then(() => setCopied(true))}>
        {t('accounts.copy')}
      </button>
      {copied && <span> {t('accounts.copied')}</span>}
    </div>
  )
}
