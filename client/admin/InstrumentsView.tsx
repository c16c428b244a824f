import { useTranslation } from 'react-i18next'
import { fetchInstruments } from '../api/instruments'
import { LANGUAGES } from '../i18n/languages'
import { localized } from '../ui/localized'
import { useRequest } from '../ui/use-request'

/** The instrument library for staff, with each language's translation status: draft translations are flagged. */
export function InstrumentsView() {
  const { t } = useTranslation('staff')
  const { data, error } = useRequest(fetchInstruments, 'instruments')
  const instruments = data?.instruments ?? null
  return (
    <main className="admin">
      <p>
        <a href="/admin">{t('instruments.back')}</a>
      </p>
      <h1>{t('instruments.title')}</h1>
      {error && <p role="alert">{error}</p>}
      {!instruments && !error && <p role="status">{t('loading')}</p>}
      {instruments && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('instruments.instrument')}</th>
              <th scope="col">{t('instruments.role')}</th>
              <th scope="col">{t('instruments.version')}</th>
              <th scope="col">{t('instruments.languages')}</th>
            </tr>
          </thead>
          <tbody>
            {instruments.map((i) => (
              <tr key={i.slug}>
                <td>{localized(i.title, 'en')}</td>
                <td>{i.role}</td>
                <td>{i.version}</td>
                <td>
                  <ul className="languages">
                    {i.languages.map((l) => (
                      <li key={l.locale} className={`translation translation--${l.status}`}>
                        {t(l.status === 'reviewed' ? 'instruments.reviewed' : 'instruments.draft', { language: LANGUAGES.find((x) => x.code === l.locale)?.name ?? l.locale })}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  )
}
