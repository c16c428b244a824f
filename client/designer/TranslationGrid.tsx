import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LANGUAGES } from '../i18n/languages'
import { CsvError, fromCsv, toCsv } from './csv'
import { download } from './download'
import type { EditorContext } from './editor-context'
import { applyImport, cellState, collectStrings, planImport, setText, withHash, type ImportPlan, type StringRow } from './strings'
import { fromXliff, toXliff, XliffError } from './xliff'
import { ImportPreview } from './ImportPreview'

const CODES = LANGUAGES.map((l) => l.code as string)

/** A row per string, a column per language; missing and changed-since-translated cells stand out. */
export function TranslationGrid({ doc, update, draft }: EditorContext) {
  const { t } = useTranslation('designer')
  const rows = useMemo(() => collectStrings(doc.definition), [doc.definition])
  const ana = (doc.definition.ana ?? {}) as { translations?: Record<string, 'draft' | 'reviewed'> }
  const statuses = ana.translations ?? {}
  const locales = CODES.filter((c) => c in statuses)
  const [shown, setShown] = useState<string[]>(['es'])
  const [filter, setFilter] = useState('')
  const [onlyOpen, setOnlyOpen] = useState(false)
  const [plan, setPlan] = useState<ImportPlan | null>(null)
  const [importError, setImportError] = useState<string | null>(null)

  const visible = rows.filter((row) => {
    if (filter && !Object.values(row.texts).some((text) => text.toLowerCase().includes(filter.toLowerCase())) && !row.key.includes(filter)) return false
    return !onlyOpen || shown.some((l) => cellState(row, l, doc.hashes) !== 'ok')
  })
  const open = (l: string) => rows.filter((r) => ['missing', 'changed'].includes(cellState(r, l, doc.hashes))).length

  const setCell = (row: StringRow, locale: string, text: string) =>
    update((d) => ({ definition: setText(d.definition, row.path, locale, text), hashes: withHash(d.hashes, row.key, locale, row.texts.en ?? '') }))

  const setStatus = (locale: string, status: 'draft' | 'reviewed') =>
    update((d) => {
      const meta = (d.definition.ana ?? {}) as Record<string, unknown>
      return { ...d, definition: { ...d.definition, ana: { ...meta, translations: { ...(meta.translations as object), [locale]: status } } } }
    })

  const original = `${draft.slug}/draft-${draft.id}`
  const readFile = async (file: File) => {
    setImportError(null)
    try {
      const text = await file.text()
      const incoming = /\.csv$/i.test(file.name) ? fromCsv(text) : fromXliff(text)
      setPlan(planImport(rows, incoming))
    } catch (error) {
      if (error instanceof XliffError || error instanceof CsvError) setImportError(error.message)
      else throw error
    }
  }

  return (
    <section id="translations" aria-labelledby="grid-heading">
      <h2 id="grid-heading">{t('grid.title')}</h2>
      <table className="designer-status">
        <caption>{t('grid.statusCaption')}</caption>
        <tbody>
          {locales.map((l) => (
            <tr key={l}>
              <th scope="row">{LANGUAGES.find((x) => x.code === l)?.name}</th>
              <td>
                <label>
                  <input type="checkbox" checked={l === 'en' || shown.includes(l)} disabled={l === 'en'} onChange={(e) => setShown(e.target.checked ? [...shown, l] : shown.filter((x) => x !== l))} />{' '}
                  {t('grid.show')}
                </label>
              </td>
              <td>
                <select aria-label={t('grid.statusOf', { language: l })} value={statuses[l]} onChange={(e) => setStatus(l, e.target.value as 'draft' | 'reviewed')} disabled={l === 'en'}>
                  <option value="draft">{t('grid.draft')}</option>
                  <option value="reviewed">{t('grid.reviewed')}</option>
                </select>
              </td>
              <td>{l === 'en' ? t('grid.source') : t('grid.open', { count: open(l) })}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="designer-row">
        <button type="button" onClick={() => download(`${draft.slug}-draft-${draft.id}.xlf`, toXliff(rows, locales, original), 'application/xliff+xml')}>
          {t('grid.exportXliff')}
        </button>
        <button type="button" onClick={() => download(`${draft.slug}-draft-${draft.id}.csv`, toCsv(rows, locales), 'text/csv')}>
          {t('grid.exportCsv')}
        </button>
        <label className="designer-file">
          {t('grid.import')} <input type="file" accept=".xlf,.xliff,.xml,.csv" onChange={(e) => (e.target.files?.[0] && void readFile(e.target.files[0]), (e.target.value = ''))} />
        </label>
      </div>
      {importError && <p role="alert">{importError}</p>}
      {plan && (
        <ImportPreview
          plan={plan}
          onApply={() => {
            update((d) => applyImport(d.definition, d.hashes, collectStrings(d.definition), plan))
            setPlan(null)
          }}
          onCancel={() => setPlan(null)}
        />
      )}

      <div className="designer-row">
        <label>
          {t('grid.filter')} <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <label>
          <input type="checkbox" checked={onlyOpen} onChange={(e) => setOnlyOpen(e.target.checked)} /> {t('grid.onlyOpen')}
        </label>
      </div>
      <div className="designer-grid-wrap">
        <table className="designer-grid">
          <thead>
            <tr>
              <th scope="col">{t('grid.key')}</th>
              <th scope="col">English</th>
              {shown.filter((l) => l !== 'en' && locales.includes(l)).map((l) => (
                <th scope="col" key={l}>
                  {LANGUAGES.find((x) => x.code === l)?.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visible.map((row) => (
              <tr key={row.key}>
                <th scope="row">
                  <code>{row.key}</code>
                </th>
                <td lang="en">{row.texts.en}</td>
                {shown.filter((l) => l !== 'en' && locales.includes(l)).map((l) => {
                  const state = cellState(row, l, doc.hashes)
                  return (
                    <td key={l} className={`designer-cell designer-cell--${state}`}>
                      <textarea
                        key={`${row.texts[l] ?? ''}`}
                        lang={l}
                        dir={LANGUAGES.find((x) => x.code === l)?.dir}
                        aria-label={t('grid.cell', { language: l, key: row.key })}
                        defaultValue={row.texts[l] ?? ''}
                        rows={1}
                        onBlur={(e) => e.target.value !== (row.texts[l] ?? '') && setCell(row, l, e.target.value)}
                      />
                      {state !== 'ok' && <small>{t(`grid.state.${state}`)}</small>}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
