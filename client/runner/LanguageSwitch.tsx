import { useTranslation } from 'react-i18next'
import { LANGUAGES, type LanguageCode } from '../i18n/languages'
import type { LanguageChoiceProps } from './LanguagePicker'

/** A compact switch shown above the survey; changing language keeps every answer. */
export function LanguageSwitch({ current, available, onChoose }: LanguageChoiceProps) {
  const { t } = useTranslation()
  const languages = LANGUAGES.filter((l) => !available || available.includes(l.code))
  return (
    <label className="language-switch">
      <span>{t('runner.language')}</span>
      <select value={current} onChange={(e) => onChoose(e.target.value as LanguageCode)}>
        {languages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  )
}
