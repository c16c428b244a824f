import { useTranslation } from 'react-i18next'
import type { Coverage } from '../../api/rates'

/**
 * A school's coverage as it is known: the lowest share, 'at most' that share when some counts are withheld,
 * 'unknown' when all are (a withheld count is never read as none reached), or '—' with nothing to measure against.
 */
export function CoverageText({ coverage }: { coverage: Coverage }) {
  const { t, i18n } = useTranslation('rates')
  const share = coverage.share === null ? '' : `${new Intl.NumberFormat(i18n.language).format(coverage.share)}%`
  const text = {
    known: share,
    partial: t('coverage.atMost', { share }),
    unknown: t('coverage.unknown'),
    'no-target': '—',
  }[coverage.status]
  return (
    <span className={`coverage coverage-${coverage.status}`} title={t(`coverage.explain.${coverage.status}`)}>
      <bdi dir="ltr">{text}</bdi>
    </span>
  )
}
