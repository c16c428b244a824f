import { useTranslation } from 'react-i18next'
import type { ResponseRates } from '../../api/rates'
import { BandText } from './BandText'

/** What the report reads from and the district line: released responses of the schools shown, live progress as a band. */
export function RatesSummary({ rates }: { rates: ResponseRates }) {
  const { t, i18n } = useTranslation('rates')
  const number = new Intl.NumberFormat(i18n.language)
  const k = rates.minCellSize
  const d = rates.district
  return (
    <>
      <p className="hint">{t('rule', { k, k1: k - 1 })}</p>
      <p className="rates-district">
        <strong>{t('districtLine', { responses: number.format(d.responses), schools: number.format(d.schools) })}</strong>
        {d.schoolsWithheld > 0 && t('districtWithheld', { count: d.schoolsWithheld })}{' '}
        <span>
          {t('districtLive')} <BandText band={d.live} />
        </span>
      </p>
    </>
  )
}
