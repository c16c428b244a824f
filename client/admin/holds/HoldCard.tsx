import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { approveHold, setAsideHold, type ReviewHold } from '../../api/holds'
import { formatInstant } from '../administrations/format'

/** One hold: which school and role, why, when its responses came, how many (exact only at k or more), and the decision. */
export function HoldCard({ hold, k, onDecided }: { hold: ReviewHold; k: number; onDecided: () => void }) {
  const { t, i18n } = useTranslation(['holds', 'administrations'])
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const when = (iso: string) => formatInstant(iso, i18n.language, hold.administration.timeZone)
  // One date and time when they are the same to the minute; else the shortest range ("Oct 6, 2026, 6:02 – 6:09 PM").
  const span = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: hold.administration.timeZone }).formatRange(
    new Date(hold.firstReceivedAt),
    new Date(hold.lastReceivedAt),
  )
  const number = new Intl.NumberFormat(i18n.language)

  async function decide(decision: 'approve' | 'setAside') {
    const question = decision === 'approve' ? 'confirmApprove' : 'confirmSetAside'
    if (!window.confirm(t(question, { school: hold.school.name, k }))) return
    setBusy(true)
    setError(null)
    const result = await (decision === 'approve' ? approveHold(hold.id) : setAsideHold(hold.id))
    setBusy(false)
    if (!result.ok) setError(result.body.message)
    onDecided()
  }

  return (
    <article className={`hold hold-${hold.status}`} aria-labelledby={`hold-${hold.id}`}>
      <h2 id={`hold-${hold.id}`}>
        {hold.school.name} · {t(`administrations:roles.${hold.role}`)}
      </h2>
      <ul className="hold-reasons">
        {hold.reasons.map((r) => (
          <li key={r}>{t(`reasons.${r}`)}</li>
        ))}
      </ul>
      <dl>
        <dt>{t('administration')}</dt>
        <dd>
          <a href={`/admin/administrations/${hold.administration.id}`}>{hold.administration.name}</a>
        </dd>
        <dt>{t('when')}</dt>
        <dd>{span}</dd>
        <dt>{t('howMany')}</dt>
        <dd className={hold.responses.shown ? 'number' : 'withheld'}>{hold.responses.shown ? number.format(hold.responses.n) : t('fewerThanK', { k })}</dd>
        <dt>{t('heldAt')}</dt>
        <dd>{when(hold.heldAt)}</dd>
      </dl>
      {hold.status === 'held' ? (
        <p className="hold-actions">
          <button type="button" disabled={busy} onClick={() => void decide('approve')}>
            {t('approve')}
          </button>
          <button type="button" className="danger" disabled={busy} onClick={() => void decide('setAside')}>
            {t('setAside')}
          </button>
        </p>
      ) : (
        <p className="hold-decision">
          {t('decided', { status: t(`statuses.${hold.status}`), who: hold.decidedBy ?? t('someone'), at: hold.decidedAt ? when(hold.decidedAt) : '' })}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </article>
  )
}
