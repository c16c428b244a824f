import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Me } from '../../api/auth'
import { createToken, fetchTokens, revokeToken, type CreatedApiToken } from '../../api/tokens'
import { useRequest } from '../../ui/use-request'
import { FeedsSection } from './FeedsSection'

const DAY_CHOICES = [30, 90, 180, 365] as const

/**
 * /admin/tokens: a staff member's personal API tokens, for a BI tool or a script (Power BI, Excel, R) to read what
 * the account may read, and nothing else; a district admin sees and revokes everyone's. A new token is shown once.
 */
export function ApiTokensView({ me }: { me: Me }) {
  const { t, i18n } = useTranslation('tokens')
  const [version, setVersion] = useState(0)
  const [name, setName] = useState('')
  const [days, setDays] = useState<number>(90)
  const [created, setCreated] = useState<CreatedApiToken | null>(null)
  const [copied, setCopied] = useState(false)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)
  const list = useRequest(fetchTokens, `tokens/${version}`)
  const day = (iso: string) => new Date(iso).toLocaleDateString(i18n.language, { dateStyle: 'medium' })
  const admin = me.user.role === 'district-admin'

  async function make(event: FormEvent) {
    event.preventDefault()
    const result = await createToken({ name, days })
    if (!result.ok) return setMessage({ ok: false, text: result.body.message })
    setCreated(result.body)
    setCopied(false)
    setName('')
    setMessage(null)
    setVersion((v) => v + 1)
  }

  async function revoke(id: number, tokenName: string) {
    if (!window.confirm(t('confirmRevoke', { name: tokenName }))) return
    const result = await revokeToken(id)
    setMessage(result.ok ? { ok: true, text: t('revoked', { name: tokenName }) } : { ok: false, text: result.body.message })
    if (created?.id === id) setCreated(null)
    setVersion((v) => v + 1)
  }

  return (
    <main className="admin">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <p className="hint">{t('howTo')}</p>
      <form className="stacked" onSubmit={(e) => void make(e)}>
        <label>
          {t('name')}
          <input required maxLength={80} value={name} placeholder={t('namePlaceholder')} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          {t('expires')}
          <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {DAY_CHOICES.map((d) => (
              <option key={d} value={d}>
                {t('days', { count: d })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('create')}</button>
      </form>
      {created && (
        <div className="notice" role="status">
          <p>{t('shownOnce', { name: created.name })}</p>
          <p>
            <code data-testid="new-token">{created.token}</code>{' '}
            <button type="button" onClick={() => void navigator.clipboard?.writeText(created.token).then(() => setCopied(true))}>
              {copied ? t('copied') : t('copy')}
            </button>
          </p>
        </div>
      )}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'notice' : 'error'}>
          {message.text}
        </p>
      )}
      {list.error && <p role="alert" className="error">{list.error}</p>}
      {list.data && list.data.tokens.length === 0 && <p>{t('none')}</p>}
      {list.data && list.data.tokens.length > 0 && (
        <table>
          <caption className="visually-hidden">{t('caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              {admin && <th scope="col">{t('owner')}</th>}
              <th scope="col">{t('made')}</th>
              <th scope="col">{t('expiresOn')}</th>
              <th scope="col">{t('lastUsed')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.tokens.map((token) => {
              const expired = Date.parse(token.expiresAt) <= Date.now()
              return (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  {admin && <td>{token.owner.email}</td>}
                  <td>{day(token.createdAt)}</td>
                  <td>{day(token.expiresAt)}</td>
                  <td>{token.lastUsedAt ? day(token.lastUsedAt) : t('never')}</td>
                  <td>
                    {token.revokedAt ? (
                      t('revokedOn', { date: day(token.revokedAt) })
                    ) : expired ? (
                      t('expired')
                    ) : (
                      <button type="button" onClick={() => void revoke(token.id, token.name)}>
                        {t('revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      <FeedsSection me={me} />
    </main>
  )
}
