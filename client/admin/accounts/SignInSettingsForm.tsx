import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { changeSignInSettings, fetchSignInSettings, type SignInSettings } from '../../api/sign-in'

/** How staff sign in: passwords on or off, and the domains whose staff get an account (no access) at first sign-in. */
export function SignInSettingsForm() {
  const { t } = useTranslation('sign-in')
  const [settings, setSettings] = useState<SignInSettings | null>(null)
  const [passwords, setPasswords] = useState(true)
  const [domains, setDomains] = useState('')
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  const show = (s: SignInSettings) => {
    setSettings(s)
    setPasswords(s.passwords)
    setDomains(s.openDomains.join('\n'))
  }
  useEffect(() => {
    void fetchSignInSettings().then((r) => (r.ok ? show(r.body) : setMessage({ ok: false, text: r.body.message })))
  }, [])

  async function submit(event: FormEvent) {
    event.preventDefault()
    const result = await changeSignInSettings({ passwords, openDomains: domains.split(/[\s,]+/).filter((d) => d !== '') })
    if (!result.ok) return setMessage({ ok: false, text: result.body.message })
    show(result.body)
    setMessage({ ok: true, text: t('accounts.settings.saved') })
  }

  return (
    <form className="stacked sign-in-settings" onSubmit={(e) => void submit(e)}>
      <h2>{t('accounts.settings.title')}</h2>
      {settings && (
        <p>{settings.oidc ? t('accounts.settings.configured', { issuer: settings.oidc.issuer, redirectUri: settings.oidc.redirectUri }) : t('accounts.settings.notConfigured')}</p>
      )}
      <label className="inline">
        <input type="checkbox" checked={passwords} onChange={(e) => setPasswords(e.target.checked)} /> {t('accounts.settings.passwords')}
      </label>
      <label>
        {t('accounts.settings.openDomains')}
        <textarea rows={3} value={domains} onChange={(e) => setDomains(e.target.value)} disabled={settings?.oidc === null} />
      </label>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'notice' : 'error'}>
          {message.text}
        </p>
      )}
      <button type="submit" disabled={settings === null}>
        {t('accounts.settings.save')}
      </button>
    </form>
  )
}
