import { useTranslation } from 'react-i18next'
import { localized } from '../ui/localized'
import type { Json } from './strings'

/** Which page a question is added to. */
export function PageSelect({ pages, value, onChange }: { pages: Json[]; value: number; onChange: (page: number) => void }) {
  const { t } = useTranslation('designer')
  return (
    <label>
      {t('bank.toPage')}{' '}
      <select value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {pages.map((p, i) => (
          <option key={i} value={i}>
            {i + 1}. {localized(p.title as string | Record<string, string>, 'en') || String(p.name)}
          </option>
        ))}
      </select>
    </label>
  )
}
