import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { importSchools, schoolsTemplateUrl, type ImportProblem, type SchoolImport as ImportResult } from '../../api/schools'
import { base64Of } from '../../ui/base64'

/**
 * Import from a file: check it first (every problem listed by line and column, or what each row would do), then
 * import it all at once. Nothing is written until the person confirms.
 */
export function SchoolImport({ onImported }: { onImported: (message: string) => void }) {
  const { t } = useTranslation('schools')
  const id = useId()
  const [file, setFile] = useState<File | null>(null)
  const [district, setDistrict] = useState('')
  const [busy, setBusy] = useState(false)
  const [preview, setPreview] = useState<{ content: string; result: ImportResult } | null>(null)
  const [problems, setProblems] = useState<{ message: string; details: ImportProblem[] } | null>(null)

  async function check(event: FormEvent) {
    event.preventDefault()
    if (!file) return
    setPreview(null)
    setProblems(null)
    setBusy(true)
    const content = await base64Of(file)
    const result = await importSchools(content, { preview: true, district })
    setBusy(false)
    if (result.ok) setPreview({ content, result: result.body })
    else setProblems({ message: result.body.message, details: (result.body.details as ImportProblem[] | undefined) ?? [] })
  }

  async function commit() {
    if (!preview) return
    setBusy(true)
    const result = await importSchools(preview.content, { preview: false, district })
    setBusy(false)
    setPreview(null)
    if (result.ok) {
      setFile(null)
      onImported(t('import.imported', result.body.summary))
    } else setProblems({ message: result.body.message, details: (result.body.details as ImportProblem[] | undefined) ?? [] })
  }

  const summary = preview?.result.summary
  const changing = preview?.result.rows.filter((r) => r.action !== 'unchanged') ?? []
  return (
    <section aria-labelledby={`${id}-heading`} className="school-import">
      <h2 id={`${id}-heading`}>{t('import.heading')}</h2>
      <p>{t('import.intro')}</p>
      <p>
        <a href={schoolsTemplateUrl('csv')} download>
          {t('import.templateCsv')}
        </a>{' '}
        ·{' '}
        <a href={schoolsTemplateUrl('xlsx')} download>
          {t('import.templateXlsx')}
        </a>{' '}
        · <a href="https://www.cde.ca.gov/ds/si/ds/pubschls.asp">{t('import.stateFile')}</a>
      </p>
      <form onSubmit={(e) => void check(e)}>
        <p className="school-field">
          <label htmlFor={`${id}-file`}>{t('import.file')}</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".csv,.txt,.tsv,.xlsx,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null)
              setPreview(null)
              setProblems(null)
            }}
          />
        </p>
        <p className="school-field">
          <label htmlFor={`${id}-district`}>{t('import.district')}</label>
          <input id={`${id}-district`} value={district} aria-describedby={`${id}-district-help`} onChange={(e) => setDistrict(e.target.value)} />
          <small id={`${id}-district-help`}>{t('import.districtHelp')}</small>
        </p>
        <p>
          <button type="submit" disabled={!file || busy}>
            {busy && !preview ? t('import.checking') : t('import.check')}
          </button>
        </p>
      </form>

      {problems && (
        <div role="alert" className="import-problems">
          <p>{problems.message}</p>
          {problems.details.length > 0 && (
            <table>
              <caption>{t('import.problems')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('import.line')}</th>
                  <th scope="col">{t('import.column')}</th>
                  <th scope="col">{t('import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {problems.details.map((p, i) => (
                  <tr key={i}>
                    <td>{p.line}</td>
                    <td>{p.column ?? '—'}</td>
                    <td>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}

      {preview && summary && (
        <div className="import-preview">
          {preview.result.state && <p>{t('import.state', { district: preview.result.state.district, county: preview.result.state.county, ...preview.result.state.leftOut })}</p>}
          <p role="status">{t('import.summary', summary)}</p>
          {changing.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('import.line')}</th>
                  <th scope="col">{t('columns.name')}</th>
                  <th scope="col">{t('columns.code')}</th>
                  <th scope="col">{t('columns.status')}</th>
                </tr>
              </thead>
              <tbody>
                {changing.map((r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    <td>
                      {r.name} {r.archived && t('import.archived')}
                    </td>
                    <td>{r.code}</td>
                    <td>
                      {t(`import.action.${r.action}`)}
                      {r.changes.length > 0 && (
                        <ul>
                          {r.changes.map((c) => (
                            <li key={c.column}>{t('import.change', { column: c.column, from: c.from || t('import.nothing'), to: c.to || t('import.nothing') })}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            <button type="button" disabled={busy || changing.length === 0} onClick={() => void commit()}>
              {t('import.confirmCount', summary)}
            </button>{' '}
            <button type="button" onClick={() => setPreview(null)}>
              {t('import.cancel')}
            </button>
          </p>
        </div>
      )}
    </section>
  )
}
