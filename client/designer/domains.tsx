import { useTranslation } from 'react-i18next'

/** The domain ids of surveys/domains.json, in its order (their names are in the designer's i18n namespace). */
export const DOMAINS = [
  'physical-health',
  'mental-health',
  'dental-vision',
  'food-security',
  'housing',
  'basic-needs',
  'technology',
  'attendance',
  'safety-belonging',
  'academic-support',
  'enrichment',
  'college-career',
  'family-engagement',
  'family-wellbeing',
  'services-awareness',
  'shared-leadership',
] as const

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
