import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdministrationDetail } from '../../api/administrations'
import { fetchReleases } from '../../api/releases'
import { useRequest } from '../../ui/use-request'
import { formatInstant } from './format'
import { ReleaseNow } from './ReleaseNow'

/** The releases, newest first, with "Release figures now" for those who may cut one. */
export function ReleaseList({ a, mayCut }: { a: AdministrationDetail; mayCut: boolean }) {
  const { t, i18n } = useTranslation('releases')
  const [version, setVersion] = useState(0)
  const releases = useRequest(() => fetchReleases(a.id), `releases/${a.id}/${version}`)
  const list = releases.data
  // After the window ends the last release is final; cutting again would only repeat it.
  const finalCut = a.status === 'closed' && list?.[0]?.final === true
  return (
    <section aria-labelledby="releases" className="releases">
      <h2 id="releases">{t('heading')}</h2>
      <p>{t('intro')}</p>
      {mayCut && a.status !== 'scheduled' && <ReleaseNow administration={a.id} available={!finalCut} onCut={() => setVersion((v) => v + 1)} />}
      {releases.error && <p role="alert">{releases.error}</p>}
      {/* Not a status region: the cut's own result is the one a screen reader hears after "Release figures now". */}
      {!list && !releases.error && <p className="loading">{t('loading')}</p>}
      {list && list.length === 0 && <p>{t('none')}</p>}
      {list && list.length > 0 && (
        <table className="release-list">
          <thead>
            <tr>
              <th scope="col">{t('number')}</th>
              <th scope="col">{t('cutAt')}</th>
              <th scope="col">{t('final')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.number}>
                <th scope="row" className="number">
                  {r.number}
                </th>
                <td>{formatInstant(r.cutAt, i18n.language, a.timeZone)}</td>
                <td>{r.final ? t('yes') : t('no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
