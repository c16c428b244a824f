import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchRates } from '../../api/rates'
import { codebookExportUrl, districtComparisonExportUrl, fetchDistrictComparison, responsesExportUrl, rScriptUrl, spssSyntaxUrl, stataDoUrl } from '../../api/comparison'
import { ROLES } from '../../../server/vocabulary/roles'
import { fetchSchools } from '../../api/schools'
import { localized } from '../../ui/localized'
import { useRequest } from '../../ui/use-request'
import { AdministrationSelect, useChosenAdministration } from '../AdministrationSelect'
import { FilterSelect } from '../FilterSelect'
import { Comparison } from './Comparison'
import { DistrictCrossTab } from './DistrictCrossTab'
import { districtFilters } from './prefetch'
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
  const filters = districtFilters(params)
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
  // On opening, the rates wait for the heat map's data: they are below it, and both compete for the same server.
  const [heatMapLoaded, setHeatMapLoaded] = useState(false)
  useEffect(() => {
    if (comparison.data || comparison.error) setHeatMapLoaded(true)
  }, [comparison.data, comparison.error])
  const rates = useRequest(
    () => fetchRates(administration, { region: filters.region, cohort: filters.cohort }),
    administration && heatMapLoaded ? `${administration}|${filters.region}|${filters.cohort}` : null,
  )

  const regions = [...new Set(schools.data?.schools.map((s) => s.region))].sort()
  const cohorts = [...new Set(schools.data?.schools.flatMap((s) => (s.cohort ? [s.cohort] : [])))].sort()

  return (
    <main className="admin dashboard">
      <h1>{t('title')}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label={t('filters.legend')}>
        <AdministrationSelect label={t('filters.administration')} administrations={administrations} value={administration} onChange={(id) => set({ administration: id })} />
        <FilterSelect label={t('filters.region')} allLabel={t('filters.all')} value={filters.region ?? ''} onChange={(region) => set({ region })} options={regions.map((r) => [r, r])} />
        <FilterSelect label={t('filters.cohort')} allLabel={t('filters.all')} value={filters.cohort ?? ''} onChange={(cohort) => set({ cohort })} options={cohorts.map((c) => [c, c])} />
        <FilterSelect label={t('filters.role')} allLabel={t('filters.allVoices')} value={filters.role ?? ''} onChange={(role) => set({ role })} options={ROLES.map((r) => [r, t(`roles.${r}`)])} />
        <FilterSelect
          label={t('filters.gradeBand')}
          allLabel={t('filters.all')}
          value={filters.gradeBand ?? ''}
          onChange={(gradeBand) => set({ gradeBand })}
          options={GRADE_BANDS.map((g) => [g, g === 'multiple' ? t('filters.multipleBands') : g])}
        />
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
      {administration && (
        <section className="exports" aria-labelledby="exports-heading">
          <h2 id="exports-heading">{t('exports.title')}</h2>
          <p>
            {t('exports.comparison')} <a href={districtComparisonExportUrl(administration, filters, 'csv')} download>CSV</a>{' '}
            <a href={districtComparisonExportUrl(administration, filters, 'xlsx')} download>XLSX</a>
          </p>
          <p>
            {t('exports.responses')} <a href={responsesExportUrl(administration, 'csv')} download>CSV</a>{' '}
            <a href={responsesExportUrl(administration, 'xlsx')} download>XLSX</a>
          </p>
          <p>
            {t('exports.codebook')} <a href={codebookExportUrl(administration, 'csv')} download>CSV</a>{' '}
            <a href={codebookExportUrl(administration, 'xlsx')} download>XLSX</a>{' '}
            <a href={rScriptUrl(administration)} download>{t('exports.rScript')}</a>{' '}
            <a href={spssSyntaxUrl(administration)} download>{t('exports.spssSyntax')}</a>{' '}
            <a href={stataDoUrl(administration)} download>{t('exports.stataDo')}</a>{' '}
            <a href={`/admin/administrations/${administration}/codebook`}>{t('exports.codebookPage')}</a>
          </p>
        </section>
      )}
      {comparison.error && <p role="alert">{t('error', { message: comparison.error })}</p>}
      {!comparison.data && !comparison.error && <p role="status">{t('loading')}</p>}
      {comparison.data && <Comparison data={comparison.data} measure={measure} sort={sort} find={find} />}
      {rates.data && <RatesSection data={rates.data} />}
      {comparison.data && administration && <DistrictCrossTab administration={administration} domains={comparison.data.domains} minCellSize={comparison.data.minCellSize} />}
    </main>
  )
}
