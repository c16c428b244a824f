import { useTranslation } from 'react-i18next'
import type { Draft } from '../api/designer'

/** The draft's problems as the server last checked them, and the protected areas it touches with their consent notes. */
export function Problems({ draft, saving }: { draft: Draft; saving: boolean }) {
  const { t } = useTranslation('designer')
  return (
    <section aria-labelledby="problems-heading" className="designer-problems">
      <h2 id="problems-heading">{t('problems.title')}</h2>
      {draft.defects.length === 0 ? (
        <p>{saving ? t('problems.checking') : t('problems.none')}</p>
      ) : (
        <p>{t('problems.count', { count: draft.defects.length })}</p>
      )}
      {draft.protectedItems.length > 0 && (
        <div className="designer-protected" aria-label={t('protected.title')}>
          <h3>{t('protected.title')}</h3>
          <ul>
            {[...new Map(draft.protectedItems.map((p) => [p.area, p])).values()].map((p) => (
              <li key={p.area}>
                <strong>{p.area}</strong> ({draft.protectedItems.filter((x) => x.area === p.area).map((x) => x.itemId).join(', ')}): {p.consent}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
