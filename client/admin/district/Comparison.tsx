import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DistrictComparison } from '../../api/comparison'
import { ReleaseLine } from '../ReleaseLine'
import { ComparisonTable } from './ComparisonTable'
import { HeatMap } from './HeatMap'
import { Scatter } from './Scatter'
import { sortRows, type Measure } from './sort-rows'

/** The comparison's heat map (with its table) and the need-and-assets scatter, for the rows the filters leave. */
export function Comparison({ data, measure, sort, find }: { data: DistrictComparison; measure: Measure; sort: string; find: string }) {
  const { t, i18n } = useTranslation('district')
  const lng = i18n.language
  const [tableOpen, setTableOpen] = useState(false)
  // The scatter below waits for the heat map's first frame: both draw on the same thread.
  const [heatMapDrawn, setHeatMapDrawn] = useState(false)
  const drawn = useCallback(() => setHeatMapDrawn(true), [])
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
        {rows.length === 0 ? <p>{t('heatmap.noSchools')}</p> : <HeatMap data={data} rows={rows} measure={measure} onDrawn={drawn} />}
        {/* Some 17,000 cells for a whole district: built when opened, so the heat map does not wait for them. */}
        <details onToggle={(e) => setTableOpen(e.currentTarget.open)}>
          <summary>{t('heatmap.table')}</summary>
          {tableOpen && <ComparisonTable data={data} rows={rows} measure={measure} lng={lng} />}
        </details>
      </section>
      {(heatMapDrawn || rows.length === 0) && <Scatter data={data} />}
    </>
  )
}
