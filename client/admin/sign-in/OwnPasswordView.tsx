import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { changeOwnPassword } from '../../api/sign-in'
import { NewPasswordFields } from './NewPasswordFields'

/** A signed-in person changes their own password (/admin/password); the current one is asked for. */
export function OwnPasswordView() {
  const { t } = useTranslation('sign-in')
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState<string | null>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const [form, setForm] = useState(0)

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (next === null) return setMessage({ ok: false, text: t('setPassword.mismatch') })
    const result = await changeOwnPassword({ currentPassword: current, newPassword: next })
    setCurrent('')
    if (!result.ok) return setMessage({ ok: false, text: result.body.message })
    setMessage({ ok: true, text: t('ownPassword.done') })
    setForm((f) => f + 1)
  }

  return (
    <main className="admin">
      <h1>{t('ownPassword.title')}</h1>
      <form key={form} className="stacked" onSubmit={(e) => void submit(e)}>
        <label>
          {t('ownPassword.current')}
          <input type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </label>
        <NewPasswordFields label={t('ownPassword.new')} repeatLabel={t('ownPassword.repeat')} onChange={setNext} />
        {message && (
          <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'notice' : 'error'}>
            {message.text}
          </p>
        )}
        <button type="submit">{t('ownPassword.submit')}</button>
      </form>
    </main>
  )
}
