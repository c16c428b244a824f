import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { importPartners, PARTNER_EXPORT_URL, PARTNER_TEMPLATE_URL, type ImportRow } from '../../api/partners'

/** The inventory as CSV: the template and the export for everyone, an import checked before it is applied for admins. */
export function CsvSection({ admin, onImported }: { admin: boolean; onImported: (message: string) => void }) {
  const { t } = useTranslation('partners')
  const [csv, setCsv] = useState<string | null>(null)
  const [preview, setPreview] = useState<ImportRow[] | null>(null)
  const [problems, setProblems] = useState<{ message: string; details: { line: number; message: string }[] } | null>(null)

  async function check(file: File | undefined) {
    setPreview(null)
    setProblems(null)
    if (!file) return
    const text = await file.text()
    setCsv(text)
    const result = await importPartners(text, true)
    if (result.ok) setPreview(result.body.rows)
    else setProblems({ message: result.body.message, details: (result.body.details as { line: number; message: string }[] | undefined) ?? [] })
  }

  async function commit() {
    if (csv === null) return
    const result = await importPartners(csv, false)
    setPreview(null)
    if (result.ok) onImported(t('csv.imported', { count: result.body.rows.length }))
    else setProblems({ message: result.body.message, details: (result.body.details as { line: number; message: string }[] | undefined) ?? [] })
  }

  return (
    <section aria-labelledby="partners-csv" className="partners-csv">
      <h2 id="partners-csv">{t('csv.heading')}</h2>
      <p>
        <a href={PARTNER_TEMPLATE_URL} download>
          {t('csv.template')}
        </a>{' '}
        · <a href={PARTNER_EXPORT_URL} download>{t('csv.export')}</a>
      </p>
      {admin && (
        <label>
          {t('csv.import')}: <input type="file" accept=".csv,text/csv" aria-label={t('csv.file')} onChange={(e) => void check(e.target.files?.[0])} />
        </label>
      )}
      {problems && (
        <div role="alert" className="import-problems">
          <p>{problems.message}</p>
          {problems.details.length > 0 && (
            <>
              <p>{t('csv.problems')}</p>
              <ul>
                {problems.details.map((p, i) => (
                  <li key={i}>
                    <strong>{t('csv.line', { line: p.line })}</strong>: {p.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {preview && (
        <div className="import-preview">
          <p>{preview.length === 0 ? t('csv.previewNone') : t('csv.preview', { count: preview.length })}</p>
          <ul>
            {preview.map((r) => (
              <li key={r.line}>
                {t('csv.line', { line: r.line })}: {r.organization} ({t(`csv.${r.organizationAction}`)}) · {r.service} ({t(`csv.${r.serviceAction}`)})
              </li>
            ))}
          </ul>
          <button type="button" disabled={preview.length === 0} onClick={() => void commit()}>
            {t('csv.confirm')}
          </button>{' '}
          <button type="button" onClick={() => setPreview(null)}>
            {t('csv.cancel')}
          </button>
        </div>
      )}
    </section>
  )
}
