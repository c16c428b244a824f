import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { EChartsCoreOption } from 'echarts/core'
import type { ResponseRates } from '../../api/rates'
import { Chart } from '../charts/Chart'
import { HATCH, OKABE_ITO } from '../charts/echarts'
import { RatesSummary } from '../rates/RatesSummary'
import { RatesTable } from '../rates/RatesTable'

const RATE_ROWS = 15

/** Response rates by role for the schools with the thinnest response, as a chart and a table. */
export function RatesSection({ data }: { data: ResponseRates }) {
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
