import { useState } from 'react'
import i18next from 'i18next'
import { useTranslation } from 'react-i18next'
import { fetchAdministration, qrUrl } from '../../api/administrations'
import { directionOf, isLanguage, LANGUAGES } from '../../i18n/languages'
import { LanguageOptions } from '../../ui/LanguageOptions'
import { useRequest } from '../../ui/use-request'
import { isolate, PAPERS, paperFromQuery, withQuery, type Paper } from '../print'
import { formatLocal } from './format'
import './print.css'

type Kind = 'poster' | 'kiosk'

/**
 * A printable poster (for families and students, /s/:code) or kiosk card (for the staff who set up the tablet,
 * /k/:code) for one school, in any of the ten languages, on Letter or A4. The QR code comes from the server.
 */
export function PrintView({ administrationId, schoolId }: { administrationId: number; schoolId: number }) {
  const query = new URLSearchParams(window.location.search)
  const { t } = useTranslation('administrations')
  const requested = query.get('lang') ?? 'en'
  const lang = isLanguage(requested) ? requested : 'en'
  const [paper, setPaper] = useState<Paper>(paperFromQuery)
  const kind: Kind = query.get('kind') === 'kiosk' ? 'kiosk' : 'poster'
  const detail = useRequest(() => fetchAdministration(administrationId), `administration/${administrationId}`)
  const school = detail.data?.schools.find((s) => s.id === schoolId)
  const p = i18next.getFixedT(lang, 'poster')
  const minutes = Math.max(0, ...(detail.data?.instruments ?? []).filter((i) => kind === 'kiosk' || i.role !== 'staff').map((i) => i.minutes ?? 0))

  return (
    <main className="print-page">
      <style>{`@page { size: ${PAPERS[paper]}; margin: ${kind === 'poster' ? 12 : 10}mm; }`}</style>
      <div className="print-toolbar">
        <a href={`/admin/administrations/${administrationId}`}>{t('backToAdministration')}</a>
        <label>
          {t('language')}{' '}
          <select value={lang} onChange={(e) => window.location.assign(withQuery({ lang: e.target.value }))}>
            <LanguageOptions />
          </select>
        </label>
        <label>
          {t('kind')}{' '}
          <select value={kind} onChange={(e) => window.location.assign(withQuery({ kind: e.target.value }))}>
            <option value="poster">{t('poster')}</option>
            <option value="kiosk">{t('kioskCard')}</option>
          </select>
        </label>
        <label>
          {t('paper')}{' '}
          <select value={paper} onChange={(e) => setPaper(e.target.value as Paper)}>
            <option value="letter">{t('letter')}</option>
            <option value="a4">{t('a4')}</option>
          </select>
        </label>
        <button type="button" onClick={() => window.print()}>
          {t('print')}
        </button>
      </div>
      {detail.error && <p role="alert">{detail.error}</p>}
      {detail.data?.localLinks && school?.links && (
        <p role="alert" className="links-warning">
          {t('localLinks', { url: school.links.phone })}
        </p>
      )}
      {detail.data && !school?.links && <p role="alert">{t('noCode')}</p>}
      {detail.data && school?.links && (
        <article className={`print-sheet ${kind} paper-${paper}`} lang={lang} dir={directionOf(lang)} data-testid="print-sheet">
          {kind === 'poster' ? (
            <>
              <p className="school-name">{school.name}</p>
              <h1>{p('heading')}</h1>
              <p className="purpose">{p('purpose', { school: isolate(school.name) })}</p>
              <img className="qr" src={qrUrl(administrationId, schoolId, 'phone')} alt={school.links.phone} width={260} height={260} />
              <p className="scan">{p('scan')}</p>
              <p className="link">
                {p('orVisit', { url: isolate(school.links.phone) })}
                <br />
                <strong>{p('code', { code: isolate(school.code ?? '') })}</strong>
              </p>
              <ul className="facts">
                <li>{minutes > 0 ? p('time', { minutes }) : p('timeUnknown')}</li>
                <li>{p('anonymous')}</li>
                <li>{p('until', { date: isolate(formatLocal(detail.data.localClosesAt, lang, 'date')) })}</li>
              </ul>
              <p className="languages">
                {p('languages')}{' '}
                {LANGUAGES.map((l) => (
                  <span key={l.code} lang={l.code}>
                    {l.name}
                  </span>
                ))}
              </p>
            </>
          ) : (
            <>
              <h1>{p('kioskHeading')}</h1>
              <p className="school-name">{school.name}</p>
              <img className="qr" src={qrUrl(administrationId, schoolId, 'kiosk')} alt={school.links.kiosk} width={200} height={200} />
              <p>{p('kioskSetup')}</p>
              <p className="link" dir="ltr">
                {school.links.kiosk}
              </p>
              <p>
                <strong>{p('code', { code: isolate(school.code ?? '') })}</strong>
              </p>
            </>
          )}
        </article>
      )}
    </main>
  )
}
