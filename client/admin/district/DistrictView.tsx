import { useTranslation } from 'react-i18next'
import { fetchRates } from '../../api/rates'
import { fetchDistrictComparison } from '../../api/comparison'
import { ROLES } from '../../../server/vocabulary/roles'
import { fetchSchools } from '../../api/schools'
import { localized } from '../../ui/localized'
import { useRequest } from '../../ui/use-request'
import { AdministrationSelect, useChosenAdministration } from '../AdministrationSelect'
import { Comparison } from './Comparison'
import { RatesSection } from './RatesSection'
import type { Measure } from './sort-rows'
import { useQueryState } from './use-query-state'

/** 'multiple': families with children in more than one band, each family counted once (not in each band). */
const GRADE_BANDS = ['tk-2', '3-5', '6-8', '9-12', 'multiple'] as const

/** District staff: where need is high and assets low, school by school, with the voice behind each figure. */
export function DistrictView() {
  const { t, i18n } = useTranslation('district')
  const lng = i18n.language
  const [params, set] = useQueryState()
  const { administrations, administration } = useChosenAdministration(params)
  const schools = useRequest(fetchSchools, 'schools')
  const filters = Object.fromEntries(['role', 'region', 'cohort', 'gradeBand'].flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])))
  const measure: Measure = params.get('measure') === 'asset' ? 'asset' : 'need'
  const sort = params.get('sort') ?? 'priority'
  const find = params.get('q') ?? ''
  const key = `${administration}|${JSON.stringify(filters)}`
  const comparison = useRequest(
    () => {
      performance.clearMarks('ana:heatmap-data')
      return fetchDistrictComparison(administration, filters).then((r) => {
        performance.mark('ana:heatmap-data')
        return r
      })
    },
    administration ? key : null,
  )
  const rates = useRequest(() => fetchRates(administration, { region: filters.region, cohort: filters.cohort }), administration ? `${administration}|${filters.region}|${filters.cohort}` : null)

  const regions = [...new Set(schools.data?.schools.map((s) => s.region))].sort()
  const cohorts = [...new Set(schools.data?.schools.flatMap((s) => (s.cohort ? [s.cohort] : [])))].sort()

  return (
    <main className="admin dashboard">
      <h1>{t('title')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filters.legend')}>
        <AdministrationSelect label={t('filters.administration')} administrations={administrations} value={administration} onChange={(id) => set({ administration: id })} />
        <label>
          {t('filters.region')}
          <select value={filters.region ?? ''} onChange={(e) => set({ region: e.target.value })}>
            <option value="">{t('filters.all')}</option>
            {regions.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          {t('filters.cohort')}
          <select value={filters.cohort ?? ''} onChange={(e) => set({ cohort: e.target.value })}>
            <option value="">{t('filters.all')}</option>
            {cohorts.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          {t('filters.role')}
          <select value={filters.role ?? ''} onChange={(e) => set({ role: e.target.value })}>
            <option value="">{t('filters.allVoices')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filters.gradeBand')}
          <select value={filters.gradeBand ?? ''} onChange={(e) => set({ gradeBand: e.target.value })}>
            <option value="">{t('filters.all')}</option>
            {GRADE_BANDS.map((g) => (
              <option key={g} value={g}>
                {g === 'multiple' ? t('filters.multipleBands') : g}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="toggle">
          <legend>{t('filters.measure')}</legend>
          {(['need', 'asset'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="measure" value={m} checked={measure === m} onChange={() => set({ measure: m === 'need' ? null : m })} />
              {t(`filters.${m}`)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('filters.sort')}
          <select value={sort} onChange={(e) => set({ sort: e.target.value === 'priority' ? null : e.target.value })}>
            <option value="priority">{t('filters.sortPriority')}</option>
            <option value="name">{t('filters.sortName')}</option>
            {comparison.data?.domains.map((d) => (
              <option key={d.domain} value={`domain:${d.domain}`}>
                {t('filters.sortDomain', { domain: localized(d.label, lng) })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filters.find')}
          <input type="search" value={find} placeholder={t('filters.findPlaceholder')} onChange={(e) => set({ q: e.target.value })} />
        </label>
      </form>
      {comparison.error && <p role="alert">{t('error', { message: comparison.error })}</p>}
      {!comparison.data && !comparison.error && <p role="status">{t('loading')}</p>}
      {comparison.data && <Comparison data={comparison.data} measure={measure} sort={sort} find={find} />}
      {rates.data && <RatesSection data={rates.data} />}
    </main>
  )
}
