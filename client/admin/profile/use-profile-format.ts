import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { LocalizedText } from '../../api/access'
import type { Withheld } from '../../api/profiles'
import { localized } from '../../ui/localized'

/**
 * Numbers, withheld reasons and localized labels in the staff page's language. A withheld figure is only ever
 * turned into its reason, never into a number.
 */
export function useProfileFormat(minCellSize: number) {
  const { t, i18n } = useTranslation('profile')
  const lng = i18n.resolvedLanguage ?? i18n.language ?? 'en'
  return useMemo(() => {
    const numberFormat = new Intl.NumberFormat(lng, { maximumFractionDigits: 1 })
    const number = (value: number) => numberFormat.format(value)
    return {
      t,
      lng,
      number,
      percent: (value: number) => t('percent', { value: number(value) }),
      interval: (interval: [number, number] | null | undefined) => (interval ? t('interval', { low: number(interval[0]), high: number(interval[1]) }) : ''),
      // The server words its reasons in English; other languages get the same rule in their own words.
      withheld: (figure: Withheld) => (lng === 'en' ? figure.message : t('withheld.reason', { k: minCellSize })),
      text: (value: LocalizedText | undefined) => localized(value, lng),
    }
  }, [t, lng, minCellSize])
}

export type ProfileFormat = ReturnType<typeof useProfileFormat>
