import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Me } from '../api/auth'
import { publishDraft, type Defect, type Draft, type Owner } from '../api/designer'
import { UseAtSchool } from './UseAtSchool'

/** Publishing: the consent the protected items need, then a new immutable version; then where the school uses it. */
export function PublishPanel({ me, owner, draft, unsaved, onPublished }: { me: Me; owner: Owner; draft: Draft; unsaved: boolean; onPublished: (d: Draft) => void }) {
  const { t } = useTranslation('designer')
  const [confirming, setConfirming] = useState(false)
  const [published, setPublished] = useState<{ slug: string; version: number } | null>(null)
  const [error, setError] = useState<{ message: string; defects: Defect[] } | null>(null)
  const role = String((draft.definition.ana as { role?: string } | undefined)?.role ?? '')

  const publish = async () => {
    setConfirming(false)
    const r = await publishDraft(owner, draft.id, draft.revision)
    if (r.ok) {
      setPublished({ slug: r.body.slug, version: r.body.version })
      setError(null)
      onPublished({ ...draft, publishedVersion: r.body.version, baseVersion: r.body.version })
    } else setError({ message: r.body.message, defects: Array.isArray(r.body.details) ? (r.body.details as Defect[]) : [] })
  }

  return (
    <section id="publish" aria-labelledby="publish-heading">
      <h2 id="publish-heading">{t('publish.title')}</h2>
      <p>{owner === 'district' ? t('publish.districtNote') : t('publish.schoolNote')}</p>
      {!confirming && (
        <button type="button" disabled={unsaved || draft.defects.length > 0} onClick={() => setConfirming(true)}>
          {t('publish.button')}
        </button>
      )}
      {draft.defects.length > 0 && <p>{t('publish.fixFirst', { count: draft.defects.length })}</p>}
      {confirming && (
        <div role="alertdialog" aria-label={t('publish.confirmTitle')} className="designer-confirm">
          <p>{t('publish.confirm', { slug: draft.slug })}</p>
          {draft.protectedItems.length > 0 && (
            <>
              <p>{t('publish.consent')}</p>
              <ul>
                {[...new Map(draft.protectedItems.map((p) => [p.area, p])).values()].map((p) => (
                  <li key={p.area}>
                    <strong>{p.area}</strong>: {p.consent}
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" onClick={() => void publish()}>
            {t('publish.confirmYes')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('cancel')}
          </button>
        </div>
      )}
      {error && (
        <div role="alert" className="designer-error">
          <p>{error.message}</p>
          <ul>
            {error.defects.map((d, i) => (
              <li key={i}>
                <code>{d.pointer}</code> {d.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {published && (
        <p role="status" className="designer-published">
          {t('publish.done', { slug: published.slug, version: published.version })}
        </p>
      )}
      {published && typeof owner === 'number' && <UseAtSchool me={me} schoolId={owner} role={role} version={published} />}
    </section>
  )
}
