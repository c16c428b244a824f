import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { codebookExportUrl, fetchCodebook } from '../../api/comparison'
import { directionOf } from '../../i18n/languages'
import { LanguageOptions } from '../../ui/LanguageOptions'
import { useRequest } from '../../ui/use-request'
import './administrations.css'

/**
 * The codebook of an administration's response-level export, to read: a row per column of the export (its variable
 * name), with the item id, domain, what it measures, the question in a chosen language beside English, the codes with
 * their labels, and their scores. The same rows as the codebook's CSV.
 */
export function CodebookView({ administration }: { administration: number }) {
  const { t } = useTranslation('administrations')
  const codebook = useRequest(() => fetchCodebook(administration), `codebook/${administration}`)
  const [language, setLanguage] = useState('es')
  const [find, setFind] = useState('')
  const needle = find.trim().toLowerCase()
  const rows = (codebook.data ?? []).filter(
    (e) => !needle || [e.variable, e.itemId, e.domain, e.text.en, e.text[language] ?? ''].some((text) => text.toLowerCase().includes(needle)),
  )
  return (
    <main className="admin codebook">
      <p>
        <a href={`/admin/administrations/${administration}`}>{t('codebook.back')}</a>
      </p>
      <h1>{t('codebook.title')}</h1>
      <p>{t('codebook.intro')}</p>
      <p>
        {t('codebook.download')} <a href={codebookExportUrl(administration, 'csv')} download>CSV</a>{' '}
        <a href={codebookExportUrl(administration, 'xlsx')} download>XLSX</a>
      </p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('codebook.language')}{' '}
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            <LanguageOptions />
          </select>
        </label>
        <label>
          {t('codebook.find')} <input type="search" value={find} onChange={(e) => setFind(e.target.value)} />
        </label>
      </form>
      {codebook.error && <p role="alert">{codebook.error}</p>}
      {!codebook.data && !codebook.error && <p role="status">{t('loading')}</p>}
      {codebook.data && (
        <table className="codebook-table">
          <caption>{t('codebook.caption', { count: rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('codebook.variable')}</th>
              <th scope="col">{t('codebook.item')}</th>
              <th scope="col">{t('codebook.question')}</th>
              <th scope="col">{t('codebook.values')}</th>
              <th scope="col">{t('codebook.scores')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.variable} data-variable={e.variable}>
                <th scope="row">
                  <code>{e.variable}</code>
                  <br />
                  {e.instrument} v{e.version} · {e.type}
                  {e.multiSelect && ` · ${t('codebook.multiSelect')}`}
                </th>
                <td>
                  {e.itemId && <code>{e.itemId}</code>}
                  {e.domain && (
                    <>
                      <br />
                      {e.domain}
                      {e.measures && ` · ${e.measures}`}
                    </>
                  )}
                </td>
                <td>
                  <span lang="en">{e.text.en}</span>
                  {language !== 'en' && e.text[language] && (
                    <span className="codebook-translation" lang={language} dir={directionOf(language)}>
                      {e.text[language]}
                    </span>
                  )}
                </td>
                <td>
                  {e.values.length > 0 && (
                    <ul>
                      {e.values.map((v) => (
                        <li key={v.code}>
                          <code>{v.code}</code> {v.label}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>{e.scores}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  )
}
