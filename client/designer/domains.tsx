import { useTranslation } from 'react-i18next'
import taxonomy from '../../surveys/domains.json'

/** The domain ids of surveys/domains.json, in its order (their names are in the designer's i18n namespace). */
export const DOMAINS: readonly string[] = taxonomy.domains.map((d) => d.id)

/** Every domain as a select's options, by name. */
export function DomainOptions() {
  const { t } = useTranslation('designer')
  return (
    <>
      {DOMAINS.map((d) => (
        <option key={d} value={d}>
          {t(`domains.${d}`)}
        </option>
      ))}
    </>
  )
}
