import { useTranslation } from 'react-i18next'
import type { ImportPlan } from './strings'

/** Exactly what an import would change, before it changes anything. */
/** What an imported translation file would change, cell by cell, before it is applied. */
export function ImportPreview({ plan, onApply, onCancel }: { plan: ImportPlan; onApply: () => void; onCancel: () => void }) {
  const { t } = useTranslation('designer')
  return (
    <div className="designer-preview-import" role="region" aria-label={t('import.title')}>
      <h3>{t('import.title')}</h3>
      <p>{t('import.count', { count: plan.changes.length })}</p>
      {plan.changes.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('grid.key')}</th>
              <th scope="col">{t('import.language')}</th>
              <th scope="col">{t('import.before')}</th>
              <th scope="col">{t('import.after')}</th>
            </tr>
          </thead>
          <tbody>
            {plan.changes.map((c) => (
              <tr key={`${c.key}-${c.locale}`}>
                <td>
                  <code>{c.key}</code>
                </td>
                <td>{c.locale}</td>
                <td lang={c.locale}>{c.before || '—'}</td>
                <td lang={c.locale}>{c.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {plan.outdated.length > 0 && <p>{t('import.outdated', { count: plan.outdated.length })}</p>}
      {plan.unknown.length > 0 && <p>{t('import.unknown', { keys: plan.unknown.join(', ') })}</p>}
      <button type="button" onClick={onApply} disabled={plan.changes.length === 0}>
        {t('import.apply', { count: plan.changes.length })}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </div>
  )
}
