import { useMemo } from 'react'
import type { SchoolProfile } from '../../api/profiles'
import { Chart } from '../charts/Chart'
import { OKABE_ITO } from '../charts/echarts'
import { groupedBarsOption, type Cell } from './chart-options'
import { TableAlternative, WithheldCell } from './FigureCell'
import { fallbackItemName, type Wording } from './item-wording'
import type { ProfileFormat } from './use-profile-format'

const MEASURES = [
  { key: 'unmetNeed', color: OKABE_ITO[5] },
  { key: 'use', color: OKABE_ITO[0] },
  { key: 'awarenessGap', color: OKABE_ITO[3] },
] as const

export function serviceName(itemId: string, wording: Wording | null, format: ProfileFormat): string {
  const words = wording?.get(itemId)
  return words ? format.text(words.text) : fallbackItemName(itemId)
}

/** The service grid: who needed a service and could not get it, who used it, who did not know it existed. */
export function ServicesSection({ profile, wording, format }: { profile: SchoolProfile; wording: Wording | null; format: ProfileFormat }) {
  const { t } = format
  const services = profile.services
  const option = useMemo(
    () =>
      groupedBarsOption({
        categories: services.map((s) => serviceName(s.itemId, wording, format)),
        groups: MEASURES.map(({ key, color }) => ({
          name: t(`services.${key}`),
          color,
          cells: services.map((s): Cell => (s.figures.shown ? { value: s.figures[key], n: s.figures.n } : { withheld: format.withheld(s.figures) })),
        })),
        min: 0,
        max: 100,
        axisName: t('services.axis'),
        text: {
          withheld: t('withheld.short'),
          format: format.percent,
          describe: (cell) => [format.percent(cell.value), cell.n !== undefined ? format.t('n', { n: cell.n }) : null].filter(Boolean).join(' · '),
        },
      }),
    [services, wording, format, t],
  )
  if (services.length === 0) return null
  return (
    <section aria-labelledby="services">
      <h2 id="services">{t('services.heading')}</h2>
      <p className="hint">{t('services.hint')}</p>
      <Chart option={option} height={services.length * 52 + 70} label={t('services.chartLabel')} />
      <TableAlternative format={format}>
        <table className="profile">
          <caption className="visually-hidden">{t('services.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('services.service')}</th>
              {MEASURES.map(({ key }) => (
                <th scope="col" key={key}>
                  {t(`services.${key}`)}
                </th>
              ))}
              <th scope="col">{t('services.answered')}</th>
            </tr>
          </thead>
          <tbody>
            {services.map((s) => {
              const figures = s.figures
              return (
                <tr key={s.itemId}>
                  <th scope="row">{serviceName(s.itemId, wording, format)}</th>
                  {figures.shown ? (
                    <>
                      {MEASURES.map(({ key }) => (
                        <td key={key}>{format.percent(figures[key])}</td>
                      ))}
                      <td>{format.number(figures.n)}</td>
                    </>
                  ) : (
                    <WithheldCell figure={figures} format={format} colSpan={MEASURES.length + 1} />
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
      </TableAlternative>
    </section>
  )
}
