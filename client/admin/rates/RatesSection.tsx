import { useTranslation } from 'react-i18next'
import type { ResponseRates } from '../../api/rates'
import { ReleaseLine } from '../ReleaseLine'
import { RatesSummary } from './RatesSummary'
import { RatesTable } from './RatesTable'

/** The administration page's response rates: which release they come from, the district line and the table. */
export function RatesSection({ rates }: { rates: ResponseRates }) {
  const { t } = useTranslation('rates')
  return (
    <section aria-labelledby="rates">
      <h2 id="rates">{t('heading')}</h2>
      <p>{t('intro')}</p>
      <ReleaseLine release={rates.release} administration={rates.administration.id} k={rates.minCellSize} />
      <RatesSummary rates={rates} />
      <RatesTable rates={rates} schoolHref={(id) => `/admin/schools/${id}?administration=${rates.administration.id}`} />
    </section>
  )
}
