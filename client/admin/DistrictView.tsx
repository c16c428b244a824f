import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EChartsCoreOption } from 'echarts/core'
import { fetchAdministrations } from '../api/district'
import { fetchRates, type ResponseRates } from '../api/rates'
import { fetchDistrictComparison, type DistrictComparison } from '../api/profiles'
import { fetchSchools } from '../api/schools'
import { useRequest } from '../ui/use-request'
import { Chart } from './charts/Chart'
import { ReleaseLine } from './ReleaseLine'
import { RatesSummary } from './rates/RatesSummary'
import { RatesTable } from './rates/RatesTable'
import { WithheldTd } from './WithheldTd'
import { ASSET_RAMP, NEED_RAMP, OKABE_ITO, WITHHELD_FILL } from './charts/echarts'

type Measure = 'need' | 'asset'
type Row = DistrictComparison['schools'][number]

const ROLES = ['student', 'family', 'staff'] as const
/** 'multiple': families with children in more than one band, each family counted once (not in each band). */
const GRADE_BANDS = ['tk-2', '3-5', '6-8', '9-12', 'multiple'] as const
/** Rows of the heat map in view at once; the rest scroll (slider, wheel or keyboard). */
const VISIBLE_ROWS = 40
const HATCH = { symbol: 'rect', symbolSize: 1, color: '#9aa3ad', dashArrayX: [1, 0], dashArrayY: [2, 5], rotation: Math.PI / 4 }

/** The URL holds the view, so a link shows someone else exactly this. */
function useQueryState() {
  const [params, setParams] = useState(() => new URLSearchParams(window.location.search))
  const set = useCallback((changes: Record<string, string | null>) => {
    setParams((current) => {
      const next = new URLSearchParams(current)
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === '') next.delete(key)
        else next.set(key, value)
      }
      window.history.replaceState(null, '', `${window.location.pathname}${next.size ? `?${next}` : ''}`)
      return next
    })
  }, [])
  return [params, set] as const
}

const labelOf = (label: Record<string, string>, lng: string) => label[lng] ?? label.default ?? Object.values(label)[0]

function sortRows(rows: Row[], sort: string, measure: Measure): Row[] {
  const sorted = [...rows]
  if (sort === 'name') return sorted.sort((a, b) => a.school.name.localeCompare(b.school.name))
  if (sort.startsWith('domain:')) {
    const domain = sort.slice('domain:'.length)
    const value = (r: Row) => {
      const cell = r.cells[domain]?.[measure]
      return cell?.shown ? cell.index : -1
    }
    return sorted.sort((a, b) => value(b) - value(a) || a.school.name.localeCompare(b.school.name))
  }
  const rank = (r: Row) => r.overallPriority?.rank ?? Number.MAX_SAFE_INTEGER
  return sorted.sort((a, b) => rank(a) - rank(b) || a.school.name.localeCompare(b.school.name))
}

/** District staff: where need is high and assets low, school by school, with the voice behind each figure. */
export function DistrictView() {
  const { t, i18n } = useTranslation('district')
  const lng = i18n.language
  const [params, set] = useQueryState()
  const administrations = useRequest(fetchAdministrations, 'administrations')
  const schools = useRequest(fetchSchools, 'schools')
  const administration = Number(params.get('administration') ?? administrations.data?.administrations[0]?.id ?? 0)
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
        <label>
          {t('filters.administration')}
          <select value={administration || ''} onChange={(e) => set({ administration: e.target.value })}>
            {administrations.data?.administrations.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
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
                {t('filters.sortDomain', { domain: labelOf(d.label, lng) })}
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
      {rates.data && <Rates data={rates.data} />}
    </main>
  )
}

function Comparison({ data, measure, sort, find }: { data: DistrictComparison; measure: Measure; sort: string; find: string }) {
  const { t, i18n } = useTranslation('district')
  const lng = i18n.language
  const rows = useMemo(() => {
    const needle = find.trim().toLowerCase()
    return sortRows(data.schools, sort, measure).filter((r) => !needle || r.school.name.toLowerCase().includes(needle))
  }, [data, sort, measure, find])
  return (
    <>
      <p>{t('subtitle', { administration: data.administration.name, k: data.minCellSize })}</p>
      <ReleaseLine release={data.release} administration={data.administration.id} k={data.minCellSize} />
      <section aria-labelledby="heatmap-heading">
        <h2 id="heatmap-heading">{t('heatmap.heading')}</h2>
        <p role="status">{t('heatmap.matches', { count: rows.length, total: data.schools.length })}</p>
        {rows.length === 0 ? <p>{t('heatmap.noSchools')}</p> : <HeatMap data={data} rows={rows} measure={measure} />}
        <details>
          <summary>{t('heatmap.table')}</summary>
          <ComparisonTable data={data} rows={rows} measure={measure} lng={lng} />
        </details>
      </section>
      <Scatter data={data} />
    </>
  )
}

function HeatMap({ data, rows, measure }: { data: DistrictComparison; rows: Row[]; measure: Measure }) {
  const { t, i18n } = useTranslation('district')
  const lng = i18n.language
  const domainLabels = data.domains.map((d) => labelOf(d.label, lng))
  const measureLabel = t(`filters.${measure}`)

  const option = useMemo<EChartsCoreOption>(() => {
    const shown: [number, number, number][] = []
    const withheld: [number, number, number][] = []
    rows.forEach((row, y) =>
      data.domains.forEach((d, x) => {
        const cell = row.cells[d.domain]?.[measure]
        // A withheld cell carries no figure at all: its third value is a placeholder the tooltip never shows.
        if (cell?.shown) shown.push([x, y, cell.index])
        else withheld.push([x, y, 0])
      }),
    )
    const tooltip = (x: number, y: number) => {
      const row = rows[y]
      const d = data.domains[x]
      const cell = row.cells[d.domain][measure]
      if (!cell.shown) return t('heatmap.withheld', { school: row.school.name, domain: domainLabels[x], message: cell.message })
      const difference = `${cell.difference > 0 ? '+' : ''}${cell.difference}`
      return t('heatmap.tooltip', {
        school: row.school.name,
        domain: domainLabels[x],
        measure: measureLabel,
        index: cell.index,
        n: cell.n,
        low: cell.interval?.[0] ?? '—',
        high: cell.interval?.[1] ?? '—',
        percentile: cell.percentile,
        difference,
      })
    }
    return {
      animation: false,
      aria: { enabled: true, decal: { show: false }, label: { description: t('heatmap.label', { measure: measureLabel, schools: rows.length, domains: data.domains.length }) } },
      grid: { top: 150, left: 220, right: 70, bottom: 60 },
      tooltip: { trigger: 'item', confine: true, formatter: (p: { value: [number, number, number] }) => tooltip(p.value[0], p.value[1]) },
      xAxis: { type: 'category', data: domainLabels, position: 'top', axisLabel: { rotate: 35, interval: 0, fontSize: 11 }, splitArea: { show: false } },
      yAxis: {
        type: 'category',
        data: rows.map((r) => r.school.name),
        inverse: true,
        axisLabel: { fontSize: 11, width: 200, overflow: 'truncate' },
      },
      dataZoom:
        rows.length > VISIBLE_ROWS
          ? [
              { type: 'slider', yAxisIndex: 0, right: 10, width: 18, startValue: 0, endValue: VISIBLE_ROWS - 1, zoomLock: true, showDetail: false, brushSelect: false },
              { type: 'inside', yAxisIndex: 0, zoomOnMouseWheel: false, moveOnMouseWheel: true, moveOnMouseMove: false },
            ]
          : [],
      visualMap: {
        min: 0,
        max: 100,
        seriesIndex: 0,
        calculable: false,
        orient: 'horizontal',
        left: 220,
        bottom: 10,
        itemWidth: 12,
        itemHeight: 160,
        text: ['100', '0'],
        inRange: { color: measure === 'need' ? NEED_RAMP : ASSET_RAMP },
      },
      series: [
        { name: measureLabel, type: 'heatmap', data: shown, itemStyle: { borderColor: '#fff', borderWidth: 1 }, emphasis: { itemStyle: { borderColor: '#1b1f24', borderWidth: 2 } }, progressive: 0 },
        { name: 'withheld', type: 'heatmap', data: withheld, itemStyle: { color: WITHHELD_FILL, borderColor: '#fff', borderWidth: 1, decal: HATCH }, progressive: 0 },
      ],
    }
  }, [data, rows, measure, t, domainLabels, measureLabel])

  const open = useCallback((p: { data: unknown }) => {
    const y = (p.data as [number, number])[1]
    window.location.assign(`/admin/schools/${rows[y].school.id}`)
  }, [rows])

  // The first frame after the data arrived: a performance mark the dashboard benchmark reads.
  const rendered = useCallback(() => {
    if (performance.getEntriesByName('ana:heatmap-data').length && !performance.getEntriesByName('ana:heatmap-render').length) {
      performance.measure('ana:heatmap-render', 'ana:heatmap-data')
    }
  }, [])

  const height = 150 + 60 + Math.min(rows.length, VISIBLE_ROWS) * 22
  return <Chart option={option} height={height} label={t('heatmap.label', { measure: measureLabel, schools: rows.length, domains: data.domains.length })} onClick={open} onRendered={rendered} />
}

function ComparisonTable({ data, rows, measure, lng }: { data: DistrictComparison; rows: Row[]; measure: Measure; lng: string }) {
  const { t } = useTranslation('district')
  return (
    <div className="scroll">
      <table className="profile">
        <thead>
          <tr>
            <th scope="col">{t('heatmap.school')}</th>
            <th scope="col">{t('heatmap.priorityRank')}</th>
            {data.domains.map((d) => (
              <th scope="col" key={d.domain}>
                {labelOf(d.label, lng)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.school.id}>
              <th scope="row">
                <a href={`/admin/schools/${s.school.id}`}>{s.school.name}</a>
              </th>
              <td>{s.overallPriority?.rank ?? '—'}</td>
              {data.domains.map((d) => {
                const cell = s.cells[d.domain][measure]
                return cell.shown ? (
                  <td key={d.domain}>
                    {cell.index}
                    <small>n={cell.n}</small>
                  </td>
                ) : (
                  <WithheldTd key={d.domain} reason={cell.message} mark="—" />
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Scatter({ data }: { data: DistrictComparison }) {
  const { t, i18n } = useTranslation('district')
  const lng = i18n.language
  const [domain, setDomain] = useState(data.domains[0]?.domain ?? '')
  const label = labelOf(data.domains.find((d) => d.domain === domain)?.label ?? {}, lng) ?? domain
  const points = data.schools.flatMap((s) => {
    const cell = s.cells[domain]
    return cell && cell.need.shown && cell.asset.shown ? [{ school: s.school, need: cell.need.index, asset: cell.asset.index }] : []
  })
  const hidden = data.schools.length - points.length
  const means = data.district[domain]
  const needMean = means?.need.mean ?? 50
  const assetMean = means?.asset.mean ?? 50

  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      aria: { enabled: true, label: { description: t('scatter.label', { domain: label }) } },
      grid: { top: 30, left: 60, right: 30, bottom: 50 },
      tooltip: { trigger: 'item', formatter: (p: { dataIndex: number }) => t('scatter.tooltip', { school: points[p.dataIndex].school.name, need: points[p.dataIndex].need, asset: points[p.dataIndex].asset }) },
      xAxis: { type: 'value', min: 0, max: 100, name: t('scatter.need'), nameLocation: 'middle', nameGap: 30 },
      yAxis: { type: 'value', min: 0, max: 100, name: t('scatter.asset'), nameLocation: 'middle', nameGap: 40 },
      series: [
        {
          type: 'scatter',
          symbolSize: 9,
          data: points.map((p) => [p.need, p.asset]),
          itemStyle: { color: OKABE_ITO[0], borderColor: '#fff', borderWidth: 1 },
          markArea: {
            silent: true,
            itemStyle: { color: 'rgba(213, 94, 0, 0.10)', borderColor: OKABE_ITO[5], borderType: 'dashed', borderWidth: 1 },
            label: { show: true, position: 'insideBottomRight', color: '#8a3a00', formatter: t('scatter.corner') },
            data: [[{ xAxis: needMean, yAxis: 0 }, { xAxis: 100, yAxis: assetMean }]],
          },
          markLine: { silent: true, symbol: 'none', lineStyle: { color: '#6b7480', type: 'dotted' }, label: { show: false }, data: [{ xAxis: needMean }, { yAxis: assetMean }] },
        },
      ],
    }),
    [points, needMean, assetMean, label, t],
  )

  const open = useCallback((p: { dataIndex: number }) => window.location.assign(`/admin/schools/${points[p.dataIndex].school.id}`), [points])

  return (
    <section aria-labelledby="scatter-heading">
      <h2 id="scatter-heading">{t('scatter.heading')}</h2>
      <label>
        {t('scatter.domain')}{' '}
        <select value={domain} onChange={(e) => setDomain(e.target.value)}>
          {data.domains.map((d) => (
            <option key={d.domain} value={d.domain}>
              {labelOf(d.label, lng)}
            </option>
          ))}
        </select>
      </label>
      <Chart option={option} height={380} label={t('scatter.label', { domain: label })} onClick={open} />
      {hidden > 0 && <p>{t('scatter.notShown', { count: hidden })}</p>}
      <details>
        <summary>{t('scatter.table')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('heatmap.school')}</th>
              <th scope="col">{t('scatter.need')}</th>
              <th scope="col">{t('scatter.asset')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.school.id}>
                <th scope="row">
                  <a href={`/admin/schools/${p.school.id}`}>{p.school.name}</a>
                </th>
                <td>{p.need}</td>
                <td>{p.asset}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  )
}

const RATE_ROWS = 15

function Rates({ data }: { data: ResponseRates }) {
  const { t } = useTranslation('district')
  const thinnest = data.schools.slice(0, RATE_ROWS)
  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      aria: { enabled: true, label: { description: t('rates.label') } },
      grid: { top: 30, left: 220, right: 30, bottom: 30 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', inverse: true, data: thinnest.map((s) => s.school.name), axisLabel: { width: 200, overflow: 'truncate' } },
      series: data.roles.map((role, i) => ({
        name: t(`roles.${role}`),
        type: 'bar',
        itemStyle: { color: OKABE_ITO[i + 1], decal: i === 1 ? HATCH : undefined },
        // A withheld count, or a role the school is not asked, has no share: no bar, and the tooltip says nothing.
        data: thinnest.map((s) => {
          const share = s.roles[role].share
          return share !== null ? Math.min(share, 100) : '-'
        }),
      })),
    }),
    [data, thinnest, t],
  )
  return (
    <section aria-labelledby="rates-heading">
      <h2 id="rates-heading">{t('rates.heading')}</h2>
      <p>{t('rates.intro')}</p>
      <RatesSummary rates={data} />
      <Chart option={option} height={60 + thinnest.length * 28} label={t('rates.label')} />
      <details>
        <summary>{t('rates.table')}</summary>
        <RatesTable rates={data} schoolHref={(id) => `/admin/schools/${id}?administration=${data.administration.id}`} />
      </details>
    </section>
  )
}
