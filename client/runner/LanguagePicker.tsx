import { useTranslation } from 'react-i18next'
import { LANGUAGES, type LanguageCode } from '../i18n/languages'

export interface LanguageChoiceProps {
  current: LanguageCode
  available?: readonly string[]
  onChoose: (code: LanguageCode) => void
}

/** The first screen: every language in its own script, the browser's language first in focus. */
export function LanguagePicker({ current, available, onChoose }: LanguageChoiceProps) {
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
