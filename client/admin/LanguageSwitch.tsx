import { useTranslation } from 'react-i18next'
import { ADMIN_LANGUAGES, setAdminLanguage } from '../i18n/admin'
import { LANGUAGES } from '../i18n/languages'

/** The dashboards' language, each named in its own (the community summary has its own, in any of the ten). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation('staff')
  return (
    <select aria-label={t('language')} value={i18n.language} onChange={(e) => void setAdminLanguage(e.target.value)}>
      {ADMIN_LANGUAGES.map((l) => (
        <option key={l} value={l} lang={l}>
          {LANGUAGES.find((x) => x.code === l)?.name}
        </option>
      ))}
    </select>
  )
}
