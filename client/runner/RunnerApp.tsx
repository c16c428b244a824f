import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchAccess, type Access, type OfferedInstrument } from '../api/access'
import { fetchDefinition, type Definition } from '../api/instruments'
import { postResponse, type Submission } from '../api/responses'
import { applyDocumentLanguage } from '../i18n/i18n'
import type { LanguageCode } from '../i18n/languages'
import { newUuid } from '../ui/uuid'
import { ConsentScreen } from './ConsentScreen'
import { LanguagePicker, LanguageSwitch } from './LanguagePicker'
import { RolePicker } from './RolePicker'
import { SurveyScreen } from './SurveyScreen'

function nextAfterLanguage(access: Access): Step {
  return access.instruments.length === 1 ? { name: 'consent', instrument: access.instruments[0] } : { name: 'role' }
}

type Step =
  | { name: 'loading' }
  | { name: 'unavailable'; reason: 'notFound' | 'closed' | 'notYetOpen' | 'revoked' | 'network' }
  | { name: 'language' }
  | { name: 'role' }
  | { name: 'consent'; instrument: OfferedInstrument }
  | { name: 'survey'; instrument: OfferedInstrument; definition: Definition; id: string; startedAt: string }
  | { name: 'sending' }
  | { name: 'sent' }
  | { name: 'failed'; message: string; retry: () => void }

interface Props {
  code: string
  channel: 'kiosk' | 'phone'
  initialLanguage: LanguageCode
  /** True when the link named the language, so the picker is skipped. */
  languageChosen: boolean
}

const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000]

export function RunnerApp({ code, channel, initialLanguage, languageChosen }: Props) {
  const { t, i18n } = useTranslation()
  const [language, setLanguage] = useState<LanguageCode>(initialLanguage)
  const [access, setAccess] = useState<Access | null>(null)
  const [step, setStep] = useState<Step>({ name: 'loading' })

  const chooseLanguage = useCallback(
    (lng: LanguageCode) => {
      setLanguage(lng)
      void i18n.changeLanguage(lng)
      applyDocumentLanguage(lng)
    },
    [i18n],
  )

  useEffect(() => {
    applyDocumentLanguage(initialLanguage)
    void fetchAccess(code).then((result) => {
      if (result.ok) {
        setAccess(result.body)
        setStep(languageChosen ? nextAfterLanguage(result.body) : { name: 'language' })
        return
      }
      const reason = (result.body.details as { reason?: string } | undefined)?.reason
      if (result.status === 404) setStep({ name: 'unavailable', reason: 'notFound' })
      else if (result.status === 410) setStep({ name: 'unavailable', reason: reason === 'revoked' ? 'revoked' : reason === 'not-yet-open' ? 'notYetOpen' : 'closed' })
      else setStep({ name: 'unavailable', reason: 'network' })
    })
  }, [code, initialLanguage, languageChosen])

  const start = async (instrument: OfferedInstrument) => {
    setStep({ name: 'loading' })
    const result = await fetchDefinition(instrument.slug, instrument.version)
    if (!result.ok) return setStep({ name: 'unavailable', reason: 'network' })
    setStep({ name: 'survey', instrument, definition: result.body, id: newUuid(), startedAt: new Date().toISOString() })
  }

  const submit = (submission: Submission) => {
    const attempt = async (n: number): Promise<void> => {
      setStep({ name: 'sending' })
      const result = await postResponse(submission)
      if (result.ok || result.status === 409) return setStep({ name: 'sent' })
      if ((result.status === 0 || result.status >= 500 || result.status === 429) && n < RETRY_DELAYS_MS.length) {
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[n]))
        return attempt(n + 1)
      }
      setStep({
        name: 'failed',
        message: result.status === 0 ? t('runner.errors.network') : t('runner.errors.rejected', { message: result.body.message }),
        retry: () => void attempt(0),
      })
    }
    void attempt(0)
  }

  return (
    <div className={`runner runner--${channel}`}>
      <header className="runner__header">
        <span className="runner__school">{access?.school.name ?? t('runner.appName')}</span>
        {step.name === 'survey' && <LanguageSwitch current={language} available={step.instrument.languages} onChoose={chooseLanguage} />}
      </header>
      <main className="runner__main">
        {step.name === 'loading' && <p role="status">{t('runner.loading')}</p>}
        {step.name === 'unavailable' && (
          <section className="screen" role="alert">
            <p>{t(`runner.errors.${step.reason}`)}</p>
          </section>
        )}
        {step.name === 'language' && (
          <LanguagePicker
            current={language}
            onChoose={(lng) => {
              chooseLanguage(lng)
              if (access) setStep(nextAfterLanguage(access))
            }}
          />
        )}
        {step.name === 'role' && access && <RolePicker instruments={access.instruments} onChoose={(i) => setStep({ name: 'consent', instrument: i })} />}
        {step.name === 'consent' && access && (
          <ConsentScreen minutes={step.instrument.minutes} minCellSize={access.minCellSize} onStart={() => void start(step.instrument)} />
        )}
        {step.name === 'survey' && (
          <SurveyScreen
            key={step.id}
            definition={step.definition}
            locale={language}
            onComplete={(answers) =>
              submit({
                id: step.id,
                code,
                slug: step.instrument.slug,
                version: step.instrument.version,
                locale: language,
                channel,
                answers,
                startedAt: step.startedAt,
                submittedAt: new Date().toISOString(),
              })
            }
          />
        )}
        {step.name === 'sending' && <p role="status">{t('runner.sending')}</p>}
        {step.name === 'sent' && (
          <section className="screen" aria-labelledby="thanks-heading">
            <h1 id="thanks-heading">{t('runner.thanks.title')}</h1>
            <p>{t('runner.thanks.body')}</p>
            <button type="button" className="primary" onClick={() => setStep({ name: 'language' })}>
              {t('runner.thanks.again')}
            </button>
          </section>
        )}
        {step.name === 'failed' && (
          <section className="screen" role="alert">
            <p>{step.message}</p>
            <button type="button" className="primary" onClick={step.retry}>
              {t('runner.errors.retry')}
            </button>
          </section>
        )}
      </main>
    </div>
  )
}
