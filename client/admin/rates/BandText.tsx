import { useTranslation } from 'react-i18next'
import type { Band } from '../../api/rates'

/** Live responses as their band ('10–19'), isolated left to right like every count. */
export function BandText({ band }: { band: Band }) {
  const { t, i18n } = useTranslation('rates')
  const number = new Intl.NumberFormat(i18n.language)
  return (
    <bdi dir="ltr" className="band">
      {t('band', { from: number.format(band.from), to: number.format(band.to) })}
    </bdi>
  )
}
