import { fetchInstruments } from '../api/instruments-list'
import { LANGUAGES } from '../i18n/languages'
import { localized } from '../ui/localized'
import { useRequest } from '../ui/use-request'

/** The instrument library for staff, with each language's translation status: draft translations are flagged. */
export function InstrumentsView() {
  const { data, error } = useRequest(fetchInstruments, 'instruments')
  const instruments = data?.instruments ?? null
  return (
    <main className="admin">
      <p>
        <a href="/admin">← Schools</a>
      </p>
      <h1>Instruments</h1>
      {error && <p role="alert">{error}</p>}
      {!instruments && !error && <p role="status">Loading…</p>}
      {instruments && (
        <table>
          <thead>
            <tr>
              <th scope="col">Instrument</th>
              <th scope="col">Role</th>
              <th scope="col">Version</th>
              <th scope="col">Languages (translation status)</th>
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
                        {LANGUAGES.find((x) => x.code === l.locale)?.name ?? l.locale}: {l.status === 'reviewed' ? 'reviewed' : 'draft translation, not yet reviewed'}
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
