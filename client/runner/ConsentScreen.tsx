import { useTranslation } from 'react-i18next'

/** Anonymous, voluntary, how long, who sees what: said once, plainly, before the first question. */
export function ConsentScreen({
  estimate,
  minCellSize,
  storageWarning,
  onStart,
  onBack,
}: {
  /** The time it takes, from a fluent reader to a slow one (time-estimate.ts); null until the definition is here. */
  estimate: { low: number; high: number } | null
  minCellSize: number
  /** Said before the first question when this browser cannot keep answers on the device. */
  storageWarning: string | null
  onStart: () => void
  /** Back to who is answering (or the language, where the code offers one survey). */
  onBack: () => void
}) {
  const { t } = useTranslation()
  return (
    <section className="screen" aria-labelledby="consent-heading">
      <h1 id="consent-heading">{t('runner.consent.title')}</h1>
      <ul className="consent">
        <li>{t('runner.consent.anonymous')}</li>
        <li>{t('runner.consent.voluntary')}</li>
        {estimate !== null && (
          <li data-testid="time-estimate">
            {estimate.low === estimate.high ? t('runner.consent.minutes', { minutes: estimate.low }) : t('runner.consent.estimate', estimate)}
          </li>
        )}
        <li>{t('runner.consent.whoSees', { k: minCellSize })}</li>
      </ul>
      {storageWarning && (
        <p className="warning" role="alert">
          {storageWarning}
        </p>
      )}
      <button type="button" className="primary" onClick={onStart} autoFocus>
        {t('runner.consent.start')}
      </button>
      <button type="button" className="secondary" onClick={onBack}>
        {t('survey.pagePrevText')}
      </button>
    </section>
  )
}
