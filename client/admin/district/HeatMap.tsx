import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { EChartsCoreOption } from 'echarts/core'
import type { DistrictComparison } from '../../api/comparison'
import { localized } from '../../ui/localized'
import { Chart } from '../charts/Chart'
import { ASSET_RAMP, HATCH, NEED_RAMP, WITHHELD_FILL } from '../charts/echarts'
import type { Measure, Row } from './sort-rows'

/** Rows of the heat map in view at once; the rest scroll (slider, wheel or keyboard). */
const VISIBLE_ROWS = 40

/** Schools by domains, coloured by the chosen measure; a withheld cell is hatched grey and a click opens the school. */
export function HeatMap({ data, rows, measure, onDrawn }: { data: DistrictComparison; rows: Row[]; measure: Measure; onDrawn?: () => void }) {
  const { t, i18n } = useTranslation('district')
  const lng = i18n.language
  const domainLabels = data.domains.map((d) => localized(d.label, lng))
  const measureLabel = t(`filters.${measure}`)
  // Drawn in two passes when the rows do not fit: first the rows in view (the axis, the scroll bar and the first
  // 40 schools, all a reader sees), then every row, so a whole district's heat map appears without waiting for the
  // 16,000 cells below the fold.
  const [completeFor, setCompleteFor] = useState<Row[] | null>(null)
  const drawn = completeFor === rows || rows.length <= VISIBLE_ROWS ? rows.length : VISIBLE_ROWS

  const option = useMemo<EChartsCoreOption>(() => {
    const shown: [number, number, number][] = []
    const withheld: [number, number, number][] = []
    rows.slice(0, drawn).forEach((row, y) =>
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
  }, [data, rows, drawn, measure, t, domainLabels, measureLabel])

  const open = useCallback((p: { data: unknown }) => {
    const y = (p.data as [number, number])[1]
    window.location.assign(`/admin/schools/${rows[y].school.id}`)
  }, [rows])

  // The first frame after the data arrived: a performance mark the dashboard benchmark reads. Then the rest of the rows.
  const rendered = useCallback(() => {
    if (performance.getEntriesByName('ana:heatmap-data').length && !performance.getEntriesByName('ana:heatmap-render').length) {
      performance.measure('ana:heatmap-render', 'ana:heatmap-data')
    }
    setCompleteFor(rows)
    onDrawn?.()
  }, [rows, onDrawn])

  const height = 150 + 60 + Math.min(rows.length, VISIBLE_ROWS) * 22
  return <Chart option={option} height={height} label={t('heatmap.label', { measure: measureLabel, schools: rows.length, domains: data.domains.length })} onClick={open} onRendered={rendered} />
}
