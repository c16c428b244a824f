import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PublishedVersion } from '../api/designer'
import { fetchDefinition } from '../api/instruments'
import { diffVersions, type VersionDiff } from './diff'
import { VersionSelect } from './VersionSelect'

/** Two published versions of one instrument compared: items added, removed, reworded (in which languages) and rescored. */
export function DiffSection({ versions }: { versions: PublishedVersion[] }) {
  const { t } = useTranslation('designer')
  const slugs = [...new Set(versions.map((v) => v.slug))]
  const [slug, setSlug] = useState(slugs[0] ?? '')
  const ofSlug = versions.filter((v) => v.slug === slug)
  const [from, setFrom] = useState<number | null>(null)
  const [to, setTo] = useState<number | null>(null)
  const [diff, setDiff] = useState<VersionDiff | null>(null)
  const [error, setError] = useState<string | null>(null)

  const compare = async () => {
    const a = from ?? ofSlug[0]?.version
    const b = to ?? ofSlug[ofSlug.length - 1]?.version
    if (a === undefined || b === undefined) return
    const [x, y] = await Promise.all([fetchDefinition(slug, a), fetchDefinition(slug, b)])
    if (!x.ok || !y.ok) return setError((x.ok ? y : x).body.message as string)
    setError(null)
    setDiff(diffVersions(x.body, y.body))
  }

  return (
    <section aria-labelledby="diff-heading">
      <h2 id="diff-heading">{t('diff.title')}</h2>
      <div className="designer-row">
        <label>
          {t('home.instrument')}{' '}
          <select value={slug} onChange={(e) => (setSlug(e.target.value), setDiff(null), setFrom(null), setTo(null))}>
            {slugs.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <VersionSelect label={t('diff.from')} versions={ofSlug} value={from ?? ofSlug[0]?.version} onChange={setFrom} />
        <VersionSelect label={t('diff.to')} versions={ofSlug} value={to ?? ofSlug[ofSlug.length - 1]?.version} onChange={setTo} />
        <button type="button" onClick={() => void compare()}>
          {t('diff.compare')}
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      {diff && (
        <dl className="designer-diff" aria-label={t('diff.result')}>
          <dt>{t('diff.added')}</dt>
          <dd>{diff.added.join(', ') || '—'}</dd>
          <dt>{t('diff.removed')}</dt>
          <dd>{diff.removed.join(', ') || '—'}</dd>
          <dt>{t('diff.reworded')}</dt>
          <dd>{diff.reworded.map((r) => `${r.itemId} (${r.locales.join(', ')})`).join('; ') || '—'}</dd>
          <dt>{t('diff.rescored')}</dt>
          <dd>{diff.rescored.join(', ') || '—'}</dd>
        </dl>
      )}
    </section>
  )
}
