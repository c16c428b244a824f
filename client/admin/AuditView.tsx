import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchAudit, type AuditEntry } from '../api/auth'

/** The action filter: a prefix of the audit actions, and its name (`staff:audit.actions.<name>`). */
const ACTIONS = [
  ['', 'all'],
  ['auth.', 'auth'],
  ['read.', 'read'],
  ['export.', 'export'],
  ['user.', 'user'],
  ['sessions.', 'sessions'],
] as const

/** District admins: who signed in, read figures, exported, or changed accounts and administrations, newest first. */
export function AuditView() {
  const { t } = useTranslation('staff')
  const [entries, setEntries] = useState<AuditEntry[]>([])
  const [action, setAction] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [more, setMore] = useState(false)

  async function load(before?: number) {
    const result = await fetchAudit({ before, action: action || undefined })
    if (!result.ok) return setError(result.body.message)
    setError(null)
    setEntries((current) => (before ? [...current, ...result.body.entries] : result.body.entries))
    setMore(result.body.entries.length === 100)
  }

  useEffect(() => {
    void load()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action])

  return (
    <main className="admin">
      <h1>{t('audit.title')}</h1>
      <label>
        {t('audit.show')}{' '}
        <select value={action} onChange={(e) => setAction(e.target.value)}>
          {ACTIONS.map(([prefix, name]) => (
            <option key={name} value={prefix}>
              {t(`audit.actions.${name}`)}
            </option>
          ))}
        </select>
      </label>
      {error && <p role="alert">{error}</p>}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('audit.when')}</th>
            <th scope="col">{t('audit.who')}</th>
            <th scope="col">{t('audit.what')}</th>
            <th scope="col">{t('audit.outcome')}</th>
            <th scope="col">{t('audit.on')}</th>
            <th scope="col">{t('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.actor ?? '—'}</td>
              <td>{e.action}</td>
              <td>{t(`audit.outcomes.${e.outcome}`)}</td>
              <td>{e.target ?? '—'}</td>
              <td>
                <code>{Object.keys(e.detail).length ? JSON.stringify(e.detail) : ''}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more && (
        <button type="button" onClick={() => void load(entries.at(-1)?.id)}>
          {t('audit.older')}
        </button>
      )}
    </main>
  )
}
