import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchBank, type BankItem } from '../api/designer'
import { localized } from '../ui/localized'
import type { EditorContext } from './editor-context'
import { PageSelect } from './PageSelect'
import { insertElement, itemIdsIn, pagesOf } from './items'
import { DomainOptions } from './domains'

/** The question bank: every scored item of every published version, by domain and by text in any language. */
export function BankPanel({ doc, update }: EditorContext) {
  const { t } = useTranslation('designer')
  const [q, setQ] = useState('')
  const [domain, setDomain] = useState('')
  const [page, setPage] = useState(0)
  const [results, setResults] = useState<BankItem[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const inDraft = itemIdsIn(doc.definition)
  const pages = pagesOf(doc.definition)

  const search = async () => {
    const r = await fetchBank({ q, domain })
    if (r.ok) {
      setResults(r.body.items)
      setError(null)
    } else setError(r.body.message)
  }

  return (
    <section id="bank" aria-labelledby="bank-heading">
      <h2 id="bank-heading">{t('bank.title')}</h2>
      <form
        className="designer-row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault()
          void search()
        }}
      >
        <label>
          {t('bank.text')} <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
        <label>
          {t('bank.domain')}{' '}
          <select value={domain} onChange={(e) => setDomain(e.target.value)}>
            <option value="">{t('bank.anyDomain')}</option>
            <DomainOptions />
          </select>
        </label>
        <button type="submit">{t('bank.search')}</button>
      </form>
      <PageSelect pages={pages} value={page} onChange={setPage} />
      {error && <p role="alert">{error}</p>}
      {results && <p role="status">{t('bank.found', { count: results.length })}</p>}
      <ul className="designer-bank">
        {results?.slice(0, 50).map((item) => {
          const title = localized(item.question.title as string | Record<string, string>, 'en')
          const row = Array.isArray(item.question.rows) && item.question.rows.length === 1 ? localized((item.question.rows[0] as { text: string | Record<string, string> }).text, 'en') : ''
          return (
            <li key={item.itemId}>
              <p>
                <strong>{row ? `${title} — ${row}` : title}</strong> <code>{item.itemId}</code>{' '}
                <small>
                  {t(`domains.${item.domain}`)} · {item.measures} · {item.slug} v{item.version}
                </small>
              </p>
              {item.protected && (
                <p className="designer-protected-flag">
                  {t('bank.protected', { area: item.protected.area })}: {item.protected.consent}
                </p>
              )}
              <button
                type="button"
                disabled={inDraft.has(item.itemId) || pages.length === 0}
                aria-label={t('bank.addNamed', { itemId: item.itemId })}
                onClick={() => update((d) => ({ ...d, definition: insertElement(d.definition, page, item.question) }))}
              >
                {inDraft.has(item.itemId) ? t('bank.already') : t('bank.add')}
              </button>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
