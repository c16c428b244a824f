import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Me } from '../../api/auth'
import { fetchAdministrations } from '../../api/administrations'
import { codebookExportUrl, districtComparisonExportUrl, responsesExportUrl } from '../../api/comparison'
import { schoolProfileExportUrl } from '../../api/profiles'
import { useRequest } from '../../ui/use-request'
import { isDistrictStaff } from '../session'

/**
 * The addresses a BI tool refreshes from with a token (Power BI's and Excel's "From Web", R's read.csv with a
 * header): plain CSV, the same files the pages download, for the administration chosen. District staff get the
 * comparison, the response-level data and its codebook; a school team its schools' profiles.
 */
export function FeedsSection({ me }: { me: Me }) {
  const { t } = useTranslation('tokens')
  const administrations = useRequest(fetchAdministrations, 'administrations')
  const [chosen, setChosen] = useState<number | null>(null)
  const [copied, setCopied] = useState<string | null>(null)
  const list = (administrations.data?.administrations ?? []).filter((a) => a.status !== 'scheduled')
  const administration = chosen ?? list[0]?.id ?? null
  if (administrations.error) return <p role="alert" className="error">{administrations.error}</p>
  if (administration === null) return null
  const absolute = (path: string) => new URL(path, window.location.origin).href
  const feeds: { name: string; url: string }[] = isDistrictStaff(me)
    ? [
        { name: t('feeds.comparison'), url: districtComparisonExportUrl(administration, {}, 'csv') },
        { name: t('feeds.responses'), url: responsesExportUrl(administration, 'csv') },
        { name: t('feeds.codebook'), url: codebookExportUrl(administration, 'csv') },
      ]
    : me.user.schools.map((s) => ({ name: t('feeds.profile', { school: s.name }), url: schoolProfileExportUrl(s.id, 'csv', administration) }))
  return (
    <section aria-labelledby="feeds-heading">
      <h2 id="feeds-heading">{t('feeds.title')}</h2>
      <p className="hint">{t('feeds.intro')}</p>
      <label>
        {t('feeds.administration')}{' '}
        <select value={administration} onChange={(e) => setChosen(Number(e.target.value))}>
          {list.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <table>
        <caption className="visually-hidden">{t('feeds.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('feeds.what')}</th>
            <th scope="col">{t('feeds.address')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {feeds.map((feed) => (
            <tr key={feed.url}>
              <th scope="row">{feed.name}</th>
              <td>
                <code>{absolute(feed.url)}</code>
              </td>
              <td>
                <button
                  type="button"
                  aria-label={t('feeds.copyOf', { what: feed.name })}
                  onClick={() => void navigator.clipboard?.writeText(absolute(feed.url)).then(() => setCopied(feed.url))}
                >
                  {copied === feed.url ? t('copied') : t('copy')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
