import { useTranslation } from 'react-i18next'
import type { Count } from '../../api/rates'

/**
 * A released count: the number, '<k', or '—' for a larger count hidden beside a smaller one. Isolated left to right
 * (<bdi dir="ltr">), so '<10' stays '<10' beside a right-to-left name (العربية, فارسی) instead of turning into '10>'.
 * A hidden count says why to screen readers and as a tooltip, never a number.
 */
export function CountText({ count }: { count: Count }) {
  const { t, i18n } = useTranslation('rates')
  if ('n' in count) {
    return (
      <bdi dir="ltr" className="count">
        {new Intl.NumberFormat(i18n.language).format(count.n)}
      </bdi>
    )
  }
  const reason = 'under' in count ? t('under', { k: count.under }) : t('complement')
  return (
    <bdi dir="ltr" className="count withheld-count" title={reason}>
      <span aria-hidden="true">{'under' in count ? `<${count.under}` : '—'}</span>
      <span className="visually-hidden">{reason}</span>
    </bdi>
  )
}
