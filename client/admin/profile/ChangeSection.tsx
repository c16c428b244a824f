import { useMemo } from 'react'
import type { Change, SchoolProfile } from '../../api/profiles'
import { Chart } from '../charts/Chart'
import { groupedBarsOption, type Cell } from './chart-options'
import { DomainTable, TableAlternative } from './FigureCell'
import { ASSET_COLOR, NEED_COLOR } from './NeedAssetSection'
import type { ProfileFormat } from './use-profile-format'
import { ChangeCell } from './ChangeCell'

function changeCell(change: Change, format: ProfileFormat): Cell {
  return change ? { value: change.change, interval: change.interval } : { withheld: format.t('change.notShown') }
}

/** The change in all voices since the school's previous administration, on the items both administrations asked. */
export function ChangeSection({ profile, format }: { profile: SchoolProfile; format: ProfileFormat }) {
  const { t } = format
  const previous = profile.previousAdministration
  const domains = profile.domains
  const option = useMemo(() => {
    const reach = Math.max(10, ...domains.flatMap((d) => [d.change.need, d.change.asset]).flatMap((c) => (c ? c.interval.map(Math.abs) : [])))
    const bound = Math.ceil(reach / 10) * 10
    const signed = (value: number) => (value > 0 ? `+${format.number(value)}` : format.number(value))
    return groupedBarsOption({
      categories: domains.map((d) => format.text(d.label)),
      groups: [
        { name: t('measure.need'), color: NEED_COLOR, cells: domains.map((d) => changeCell(d.change.need, format)) },
        { name: t('measure.asset'), color: ASSET_COLOR, cells: domains.map((d) => changeCell(d.change.asset, format)) },
      ],
      min: -bound,
      max: bound,
      axisName: t('change.axis'),
      text: {
        withheld: t('change.notShownShort'),
        format: signed,
        describe: (cell) => [signed(cell.value), cell.interval ? format.interval(cell.interval) : null].filter(Boolean).join(' · '),
      },
    })
  }, [domains, format, t])

  return (
    <section aria-labelledby="change">
      <h2 id="change">{t('change.heading')}</h2>
      {previous === null ? (
        <p>{t('change.none')}</p>
      ) : (
        <>
          <p className="hint">{t('change.hint', { previous: previous.name })}</p>
          <Chart option={option} height={domains.length * 40 + 70} label={t('change.chartLabel', { previous: previous.name })} />
          <TableAlternative format={format}>
            <DomainTable
              caption={t('change.chartLabel', { previous: previous.name })}
              columns={[t('domain'), t('measure.need'), t('measure.asset')]}
              rows={domains}
              rowHeader={(d) => format.text(d.label)}
              cells={(d) => (
                <>
                  <ChangeCell change={d.change.need} matched={d.change.matchedItems?.need} format={format} />
                  <ChangeCell change={d.change.asset} matched={d.change.matchedItems?.asset} format={format} />
                </>
              )}
            />
          </TableAlternative>
        </>
      )}
    </section>
  )
}
