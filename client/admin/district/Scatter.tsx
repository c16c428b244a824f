import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EChartsCoreOption } from 'echarts/core'
import type { DistrictComparison } from '../../api/comparison'
import { localized } from '../../ui/localized'
import { Chart } from '../charts/Chart'
import { OKABE_ITO } from '../charts/echarts'

/** Need against assets for one domain, school by school; the corner of high need and low assets is marked. */
export function Scatter({ data }: { data: DistrictComparison }) {
  const { t, i18n } = useTranslation('district')
  const lng = i18n.language
  const [domain, setDomain] = useState(data.domains[0]?.domain ?? '')
  // The points' table is built when opened (a whole district has a row per school).
  const [tableOpen, setTableOpen] = useState(false)
  const label = localized(data.domains.find((d) => d.domain === domain)?.label, lng) || domain
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
              {localized(d.label, lng)}
            </option>
          ))}
        </select>
      </label>
      <Chart option={option} height={380} label={t('scatter.label', { domain: label })} onClick={open} />
      {hidden > 0 && <p>{t('scatter.notShown', { count: hidden })}</p>}
      <details onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary>{t('scatter.table')}</summary>
        {tableOpen && (
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
        )}
      </details>
    </section>
  )
}
