import { useMemo, useState } from 'react'
import type { ProfileDomain } from '../../api/profiles'
import type { Measure } from '../../../server/vocabulary/measures'
import { ROLES } from '../../../server/vocabulary/roles'
import { Chart } from '../charts/Chart'
import { OKABE_ITO } from '../charts/echarts'
import { groupedBarsOption } from './chart-options'
import { DomainTable, FigureCell, TableAlternative } from './FigureCell'
import { describeFigure, figureCell } from './NeedAssetSection'
import type { ProfileFormat } from './use-profile-format'

const ROLE_COLORS = { student: OKABE_ITO[0], family: OKABE_ITO[1], staff: OKABE_ITO[2] } as const

/** Students, families and staff side by side per domain, for need or for assets. */
export function RoleSection({ domains, format, highNeedThreshold }: { domains: ProfileDomain[]; format: ProfileFormat; highNeedThreshold: number }) {
  const { t } = format
  const [measure, setMeasure] = useState<Measure>('need')
  const option = useMemo(
    () =>
      groupedBarsOption({
        categories: domains.map((d) => format.text(d.label)),
        groups: ROLES.map((role) => ({
          name: t(`roles.${role}`),
          color: ROLE_COLORS[role],
          cells: domains.map((d) => figureCell(d[measure].roles[role], format)),
        })),
        min: 0,
        max: 100,
        axisName: t(`roles.axis.${measure}`),
        text: { withheld: t('withheld.short'), format: format.number, describe: describeFigure(format) },
      }),
    [domains, format, measure, t],
  )
  return (
    <section aria-labelledby="roles">
      <h2 id="roles">{t('roles.heading')}</h2>
      <fieldset className="toggle">
        <legend>{t('roles.show')}</legend>
        {(['need', 'asset'] as const).map((m) => (
          <label key={m}>
            <input type="radio" name="role-measure" value={m} checked={measure === m} onChange={() => setMeasure(m)} /> {t(`measure.${m}`)}
          </label>
        ))}
      </fieldset>
      <Chart option={option} height={domains.length * 52 + 70} label={t('roles.chartLabel', { measure: t(`measure.${measure}`) })} />
      <TableAlternative format={format}>
        <DomainTable
          caption={t('roles.chartLabel', { measure: t(`measure.${measure}`) })}
          columns={[t('domain'), ...ROLES.map((role) => t(`roles.${role}`))]}
          rows={domains}
          rowHeader={(d) => format.text(d.label)}
          cells={(d) =>
            ROLES.map((role) => {
              const figure = d[measure].roles[role]
              const high = figure.shown && figure.highShare !== undefined ? figure.highShare : null
              return (
                <FigureCell
                  key={role}
                  figure={figure}
                  format={format}
                  extra={high !== null && <> · {t('roles.highShare', { share: format.percent(high), threshold: highNeedThreshold })}</>}
                />
              )
            })
          }
        />
      </TableAlternative>
    </section>
  )
}
