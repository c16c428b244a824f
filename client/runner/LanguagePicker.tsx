import { useTranslation } from 'react-i18next'
import { LANGUAGES, type LanguageCode } from '../i18n/languages'

interface Props {
  current: LanguageCode
  available?: readonly string[]
  onChoose: (code: LanguageCode) => void
}

/** The first screen: every language in its own script, the browser's language first in focus. */
export function LanguagePicker({ current, available, onChoose }: Props) {
  const { t } = useTranslation()
  const languages = LANGUAGES.filter((l) => !available || available.includes(l.code))
  return (
    <section className="screen" aria-labelledby="language-heading">
      <h1 id="language-heading">{t('runner.chooseLanguage')}</h1>
      <ul className="choice-list" role="list">
        {languages.map((language) => (
          <li key={language.code}>
            <button
              type="button"
              className={language.code === current ? 'choice choice--preselected' : 'choice'}
              lang={language.code}
              dir={language.dir}
              autoFocus={language.code === current}
              onClick={() => onChoose(language.code)}
            >
              {language.name}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}

/** A compact switch shown above the survey; changing language keeps every answer. */
export function LanguageSwitch({ current, available, onChoose }: Props) {
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
