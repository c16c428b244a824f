import { useTranslation } from 'react-i18next'
import { AdministrationSelect, useChosenAdministration } from '../AdministrationSelect'
import { fetchDistrictGaps, fetchPartners } from '../../api/partners'
import { localized } from '../../ui/localized'
import { useRequest } from '../../ui/use-request'
import { GapsTable } from './GapsTable'
import './partners.css'

const THRESHOLDS = ['needAtLeast', 'assetAtMost', 'awarenessAtLeast'] as const

/**
 * /admin/gaps for district staff: for a domain, the schools with high unmet need and no partner; for a partner, the
 * high-need schools it does not reach yet; the same as CSV for a planning meeting. The state lives in the address.
 */
export function GapsView() {
  const { t, i18n } = useTranslation('partners')
  const params = new URLSearchParams(window.location.search)
  const { administrations, administration } = useChosenAdministration(params)
  const partners = useRequest(fetchPartners, 'partners')
  const mode = params.get('partner') ? 'partner' : 'domain'
  const domain = params.get('domain') ?? 'dental-vision'
  const partner = Number(params.get('partner') ?? 0)
  const onlyGaps = params.get('all') !== '1'
  const thresholds = Object.fromEntries(THRESHOLDS.flatMap((key) => (params.get(key) ? [[key, Number(params.get(key))]] : [])))
  const query = { ...thresholds, ...(mode === 'partner' ? { administration, organization: partner } : { administration, domain }) }
  const gaps = useRequest(() => fetchDistrictGaps(query), administration && (mode === 'domain' || partner) ? JSON.stringify(query) : null)

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(window.location.search)
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key)
      else next.set(key, value)
    }
    window.location.assign(`${window.location.pathname}?${next}`)
  }
  const domains = partners.data?.domains ?? []
  const label = (id: string) => localized(domains.find((d) => d.id === id)?.label, i18n.language) || id

  return (
    <main className="admin gaps">
      <h1>{t('gaps.title')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>{t('gaps.mode')}</legend>
          <AdministrationSelect label={t('gaps.administration')} administrations={administrations} value={administration} onChange={(id) => set({ administration: id })} />
          <label>
            {t('gaps.domain')}{' '}
            <select value={mode === 'domain' ? domain : ''} onChange={(e) => set({ domain: e.target.value, partner: null })}>
              {mode === 'partner' && <option value="">{t('gaps.byDomain')}</option>}
              {domains.map((d) => (
                <option key={d.id} value={d.id}>
                  {label(d.id)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('gaps.partner')}{' '}
            <select value={mode === 'partner' ? partner : ''} onChange={(e) => set({ partner: e.target.value, domain: null })}>
              <option value="">{t('gaps.choosePartner')}</option>
              {partners.data?.organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          {THRESHOLDS.map((key) => (
            <label key={key}>
              {t(`gaps.thresholds.${key}`)}{' '}
              <input
                type="number"
                min={0}
                max={100}
                defaultValue={params.get(key) ?? gaps.data?.thresholds[key] ?? ''}
                key={`${key}|${gaps.data?.thresholds[key]}`}
                onBlur={(e) => e.target.value !== String(gaps.data?.thresholds[key] ?? '') && set({ [key]: e.target.value })}
              />
            </label>
          ))}
          {mode === 'domain' && (
            <label>
              <input type="checkbox" checked={onlyGaps} onChange={(e) => set({ all: e.target.checked ? null : '1' })} /> {t('gaps.onlyGaps')}
            </label>
          )}
        </fieldset>
      </form>
      {gaps.error && <p role="alert">{gaps.error}</p>}
      {!gaps.data && !gaps.error && (mode === 'domain' || partner > 0) && <p role="status">{t('gaps.loading')}</p>}
      {gaps.data && <GapsTable gaps={gaps.data} onlyGaps={mode === 'domain' && onlyGaps} label={label} />}
    </main>
  )
}
