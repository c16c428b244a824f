import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchAdministration } from '../../api/administrations'
import { codebookExportUrl, districtComparisonExportUrl, responsesExportUrl, rScriptUrl, spssSyntaxUrl, stataDoUrl } from '../../api/comparison'
import { districtGapsExportUrl } from '../../api/partners'
import type { ApiResult } from '../../api/http'
import { fetchRates } from '../../api/rates'
import { localized } from '../../ui/localized'
import { useRequest } from '../../ui/use-request'
import { RatesSection } from '../rates/RatesSection'
import { isDistrictStaff, useSession } from '../session'
import { CodesSection } from './CodesSection'
import { formatWindow } from './format'
import { Lifecycle } from './Lifecycle'
import { ReleasesSection } from './ReleasesSection'
import './administrations.css'

/**
 * One administration: its window with the actions that move it (open now, extend, close), the versions offered,
 * each school's code with its poster and kiosk card, and the live response rates.
 */
export function AdministrationView({ id }: { id: number }) {
  const { t, i18n } = useTranslation('administrations')
  const me = useSession()
  const [version, setVersion] = useState(0)
  const detail = useRequest(() => fetchAdministration(id), `administration/${id}/${version}`)
  const rates = useRequest(() => fetchRates(id), `rates/${id}/${version}`)
  const [error, setError] = useState<string | null>(null)
  const a = detail.data

  async function act(call: () => Promise<ApiResult<unknown>>) {
    setError(null)
    const result = await call()
    if (!result.ok) setError(result.body.message)
    setVersion((v) => v + 1)
  }

  return (
    <main className="admin administrations">
      <p>
        <a href="/admin/administrations">{t('back')}</a>
      </p>
      {detail.error && <p role="alert">{detail.error}</p>}
      {!a && !detail.error && <p role="status">{t('loading')}</p>}
      {a && (
        <>
          <h1>
            {a.name} <span className={`status status-${a.status}`}>{t(`status.${a.status}`)}</span>
          </h1>
          <p>
            {formatWindow(a, i18n.language)} · {t('timeZone', { zone: a.timeZone })} · {t(`modes.${a.mode}`)} · {t(`runBy.${a.runBy}`)}
          </p>
          {error && <p role="alert">{error}</p>}
          {a.mayChange ? <Lifecycle a={a} act={act} /> : <p className="hint">{t(a.runBy === 'district' ? 'districtRuns' : 'notYours')}</p>}
          <h2>{t('instruments')}</h2>
          <ul>
            {a.instruments.map((i) => (
              <li key={i.slug}>
                {t(`roles.${i.role}`)}: {localized(i.title, i18n.language)} v{i.version}
              </li>
            ))}
          </ul>
          {a.hasResponses && <p className="hint">{t('versionsFixed')}</p>}
          <CodesSection a={a} act={act} />
          <ReleasesSection a={a} />
          {isDistrictStaff(me) && (
            <section className="exports" aria-labelledby="exports-heading">
              <h2 id="exports-heading">{t('exports.title')}</h2>
              <ul>
                <li>
                  {t('exports.comparison')} <a href={districtComparisonExportUrl(a.id, {}, 'csv')} download>CSV</a>{' '}
                  <a href={districtComparisonExportUrl(a.id, {}, 'xlsx')} download>XLSX</a>
                </li>
                <li>
                  {t('exports.responses')} <a href={responsesExportUrl(a.id, 'csv')} download>CSV</a>{' '}
                  <a href={responsesExportUrl(a.id, 'xlsx')} download>XLSX</a>
                </li>
                <li>
                  {t('exports.codebook')} <a href={codebookExportUrl(a.id, 'csv')} download>CSV</a>{' '}
                  <a href={codebookExportUrl(a.id, 'xlsx')} download>XLSX</a>{' '}
                  <a href={rScriptUrl(a.id)} download>{t('exports.rScript')}</a>{' '}
                  <a href={spssSyntaxUrl(a.id)} download>{t('exports.spssSyntax')}</a>{' '}
                  <a href={stataDoUrl(a.id)} download>{t('exports.stataDo')}</a>{' '}
                  <a href={`/admin/administrations/${a.id}/codebook`}>{t('codebook.page')}</a>
                </li>
                {[...new Map(a.instruments.map((i) => [i.slug, i])).values()].map((i) => (
                  <li key={i.slug}>
                    {t('exports.oneInstrument', { title: localized(i.title, i18n.language), slug: i.slug })} <a href={responsesExportUrl(a.id, 'csv', i.slug)} download>CSV</a>{' '}
                    <a href={responsesExportUrl(a.id, 'xlsx', i.slug)} download>XLSX</a> · {t('exports.codebook')}{' '}
                    <a href={codebookExportUrl(a.id, 'csv', i.slug)} download>CSV</a> <a href={rScriptUrl(a.id, i.slug)} download>{t('exports.rScript')}</a>{' '}
                    <a href={spssSyntaxUrl(a.id, i.slug)} download>{t('exports.spssSyntax')}</a> <a href={stataDoUrl(a.id, i.slug)} download>{t('exports.stataDo')}</a>
                  </li>
                ))}
                <li>
                  {t('exports.gaps')} <a href={districtGapsExportUrl({ administration: a.id })} download>CSV</a>
                </li>
              </ul>
            </section>
          )}
        </>
      )}
      {rates.error && <p role="alert">{rates.error}</p>}
      {rates.data && <RatesSection rates={rates.data} />}
    </main>
  )
}
