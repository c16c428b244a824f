import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchAccess } from '../api/access'
import type { LanguageCode } from '../i18n/languages'
import { normalizeCode } from '../../server/vocabulary/access-codes'
import { accessProblem, type AccessProblem } from './access-problem'
import { LanguageSwitch } from './LanguageSwitch'

/**
 * /s and /k without a code: the start page for someone holding a poster or card but no link. The code is typed as
 * people type it (case, spaces and hyphens do not matter) and checked before the survey opens, so an unknown, closed
 * or not yet open code is said here, in the chosen language, and the survey link goes on with that language.
 */
export function CodeEntry({ channel, language, onLanguage }: { channel: 's' | 'k'; language: LanguageCode; onLanguage: (lng: LanguageCode) => void }) {
  const { t } = useTranslation()
  const [typed, setTyped] = useState('')
  const [problem, setProblem] = useState<AccessProblem | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const code = normalizeCode(typed)
    if (!code) return setProblem('notFound')
    setBusy(true)
    setProblem(null)
    const result = await fetchAccess(code)
    setBusy(false)
    if (result.ok) return window.location.assign(`/${channel}/${encodeURIComponent(code)}?lang=${language}`)
    setProblem(accessProblem(result.status, result.body))
  }

  return (
    <div className={`runner runner--${channel === 'k' ? 'kiosk' : 'phone'}`}>
      <header className="runner__header">
        <span className="runner__school">{t('runner.appName')}</span>
        <LanguageSwitch current={language} onChoose={onLanguage} />
      </header>
      <main className="runner__main">
        <section className="screen" aria-labelledby="code-heading">
          <h1 id="code-heading">{t('runner.enterCode.title')}</h1>
          <p id="code-hint">{t('runner.enterCode.hint')}</p>
          <form className="code-entry" onSubmit={(e) => void submit(e)} noValidate>
            <label>
              {t('runner.enterCode.label')}
              <input
                name="code"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoComplete="off"
                autoCapitalize="characters"
                spellCheck={false}
                inputMode="text"
                maxLength={32}
                required
                aria-describedby={problem ? 'code-hint code-problem' : 'code-hint'}
                aria-invalid={problem !== null}
                dir="ltr"
              />
            </label>
            {problem && (
              <p id="code-problem" role="alert">
                {t(`runner.errors.${problem}`)}
              </p>
            )}
            <button type="submit" className="primary" disabled={busy}>
              {t('runner.enterCode.submit')}
            </button>
          </form>
        </section>
      </main>
    </div>
  )
}
