import { useMemo } from 'react'
import type { Figure, ProfileDomain } from '../../api/profiles'
import { Chart } from '../charts/Chart'
import { ASSET_RAMP, NEED_RAMP } from '../charts/echarts'
import { groupedBarsOption, type Cell } from './chart-options'
import { DomainTable, FigureCell, TableAlternative } from './FigureCell'
import type { ProfileFormat } from './use-profile-format'

export const NEED_COLOR = NEED_RAMP[3]
export const ASSET_COLOR = ASSET_RAMP[3]

/** A figure as a chart cell: shown figures with their interval, withheld ones with only their reason. */
export function figureCell(figure: Figure, format: ProfileFormat): Cell {
  return figure.shown ? { value: figure.index, interval: figure.interval, n: figure.n } : { withheld: format.withheld(figure) }
}

export function describeFigure(format: ProfileFormat) {
  return (cell: { value: number; interval?: [number, number] | null; n?: number }) =>
    [format.number(cell.value), cell.interval ? format.interval(cell.interval) : null, cell.n !== undefined ? format.t('n', { n: cell.n }) : null]
      .filter(Boolean)
      .join(' · ')
}

/** Need and asset side by side per domain (all voices), each with its 95% interval. */
export function NeedAssetSection({ domains, format }: { domains: ProfileDomain[]; format: ProfileFormat }) {
  const { t } = format
  const option = useMemo(
    () =>
      groupedBarsOption({
        categories: domains.map((d) => format.text(d.label)),
        groups: [
          { name: t('measure.need'), color: NEED_COLOR, cells: domains.map((d) => figureCell(d.need.allVoices, format)) },
          { name: t('measure.asset'), color: ASSET_COLOR, cells: domains.map((d) => figureCell(d.asset.allVoices, format)) },
        ],
        min: 0,
        max: 100,
        axisName: t('needAsset.axis'),
        text: { withheld: t('withheld.short'), format: format.number, describe: describeFigure(format) },
      }),
    [domains, format, t],
  )
  return (
    <section aria-labelledby="need-asset">
      <h2 id="need-asset">{t('needAsset.heading')}</h2>
      <p className="hint">{t('needAsset.hint')}</p>
      <Chart option={option} height={domains.length * 40 + 70} label={t('needAsset.chartLabel')} />
      <TableAlternative format={format}>
        <DomainTable
          caption={t('needAsset.heading')}
          columns={[t('domain'), t('measure.need'), t('measure.asset')]}
          rows={domains}
          rowHeader={(d) => format.text(d.label)}
          cells={(d) => (
            <>
              <FigureCell figure={d.need.allVoices} format={format} />
              <FigureCell figure={d.asset.allVoices} format={format} />
            </>
          )}
        />
      </TableAlternative>
    </section>
  )
}
