import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchAccess, type Access, type OfferedInstrument } from '../api/access'
import { fetchDefinition, type Definition } from '../api/instruments'
import { accessProblem, type AccessProblem } from './access-problem'
import { closingWords, type ClosingWords } from './closing-words'
import { postResponse, type Submission } from '../api/responses'
import { applyDocumentLanguage } from '../i18n/i18n'
import { isLanguage, type LanguageCode } from '../i18n/languages'
import { newUuid } from '../ui/uuid'
import { ConsentScreen } from './ConsentScreen'
import { clearAllDrafts, clearDraft, loadDraft, purgeExpiredDrafts, saveDraft, type Draft } from './drafts'
import { LanguagePicker } from './LanguagePicker'
import { LanguageSwitch } from './LanguageSwitch'
import { cacheForOffline } from './offline-cache'
import { enqueue, OutboxSender, probeOutbox } from './outbox'
import { RolePicker } from './RolePicker'
import { withSchoolBands } from './school-bands'
import { SurveyScreen } from './SurveyScreen'
import { holdResponseLock } from './tab-lock'
import { useCountdown, useIdle } from './use-idle'

type Step =
  | { name: 'loading' }
  | { name: 'unavailable'; reason: AccessProblem | 'kioskOnly' | 'phoneOnly' }
  | { name: 'resume'; draft: Draft; instrument: OfferedInstrument }
  | { name: 'language' }
  | { name: 'role' }
  | { name: 'consent'; instrument: OfferedInstrument }
  | { name: 'otherTab'; instrument: OfferedInstrument }
  | { name: 'survey'; instrument: OfferedInstrument; definition: Definition; id: string; startedAt: string; resumed?: Draft }
  | { name: 'sending' }
  | { name: 'sent'; savedOffline: boolean; closing: ClosingWords | null }
  | { name: 'failed'; message: string; retry: () => void }

export interface KioskTimings {
  /** Seconds without input before "Still there?" (90 by default). */
  idleSeconds: number
  /** Seconds the "Still there?" prompt waits before starting over. */
  promptSeconds: number
  /** Seconds the thank-you screen stays before a fresh start (10 by default). */
  restartSeconds: number
}

interface Props {
  code: string
  channel: 'kiosk' | 'phone'
  initialLanguage: LanguageCode
  /** True when the link named the language, so the picker is skipped. */
  languageChosen: boolean
  kiosk: KioskTimings
}

const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000]

function nextAfterLanguage(access: Access): Step {
  return access.instruments.length === 1 ? { name: 'consent', instrument: access.instruments[0] } : { name: 'role' }
}

/** A kiosk starts over by reloading its own address: memory, drafts and history entries all go. */
function startOver(): void {
  clearAllDrafts()
  window.location.replace(window.location.pathname + window.location.search)
}

export function RunnerApp({ code, channel, initialLanguage, languageChosen, kiosk }: Props) {
  const { t, i18n } = useTranslation()
  const [language, setLanguage] = useState<LanguageCode>(initialLanguage)
  const [access, setAccess] = useState<Access | null>(null)
  const [step, setStep] = useState<Step>({ name: 'loading' })
  const [storageOk, setStorageOk] = useState(true)
  const [waiting, setWaiting] = useState(0)
  const [online, setOnline] = useState(navigator.onLine)
  const sender = useRef<OutboxSender | null>(null)
  const releaseLock = useRef<(() => void) | null>(null)
  const isKiosk = channel === 'kiosk'

  const chooseLanguage = useCallback(
    (lng: LanguageCode) => {
      setLanguage(lng)
      void i18n.changeLanguage(lng)
      applyDocumentLanguage(lng)
    },
    [i18n],
  )

  // Once per page: the effect must not re-run when the language changes (it would reset the screen and the
  // document's direction), so it reaches chooseLanguage through a ref.
  const chooseLanguageRef = useRef(chooseLanguage)
  chooseLanguageRef.current = chooseLanguage
  useEffect(() => {
    applyDocumentLanguage(initialLanguage)
    if (!isKiosk) purgeExpiredDrafts()
    const onlineChange = () => setOnline(navigator.onLine)
    window.addEventListener('online', onlineChange)
    window.addEventListener('offline', onlineChange)
    void probeOutbox().then((ok) => {
      setStorageOk(ok)
      if (!ok) return
      void (navigator.storage?.persist?.() ?? Promise.resolve(false)).catch(() => false)
      sender.current = new OutboxSender()
      sender.current.subscribe(setWaiting)
      sender.current.start()
    })
    void fetchAccess(code).then((result) => {
      if (result.ok) {
        // An administration answered only at school kiosks, or only on people's own phones.
        const mode = result.body.administration.mode
        if (mode === 'kiosk' && !isKiosk) return setStep({ name: 'unavailable', reason: 'kioskOnly' })
        if (mode === 'phone' && isKiosk) return setStep({ name: 'unavailable', reason: 'phoneOnly' })
        setAccess(result.body)
        void cacheForOffline(code, result.body)
        const draft = isKiosk ? null : loadDraft(code)
        const instrument = draft && result.body.instruments.find((i) => i.slug === draft.slug && i.version === draft.version)
        if (draft && instrument) {
          if (isLanguage(draft.locale)) chooseLanguageRef.current(draft.locale)
          setStep({ name: 'resume', draft, instrument })
        } else setStep(languageChosen ? nextAfterLanguage(result.body) : { name: 'language' })
        return
      }
      setStep({ name: 'unavailable', reason: accessProblem(result.status, result.body) })
    })
    return () => {
      sender.current?.stop()
      window.removeEventListener('online', onlineChange)
      window.removeEventListener('offline', onlineChange)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code])

  const start = async (instrument: OfferedInstrument, draft?: Draft) => {
    setStep({ name: 'loading' })
    const result = await fetchDefinition(instrument.slug, instrument.version)
    if (!result.ok) return setStep({ name: 'unavailable', reason: 'network' })
    const id = draft?.id ?? newUuid()
    if (!isKiosk) {
      // One draft, one response: a second tab on the same draft is told, and may start a fresh one instead.
      const release = await holdResponseLock(id)
      if (!release) return setStep({ name: 'otherTab', instrument })
      releaseLock.current = release
    }
    // Grade-band questions list only the school's bands.
    const definition = withSchoolBands(result.body, instrument.gradeBands)
    setStep({ name: 'survey', instrument, definition, id, startedAt: draft?.startedAt ?? new Date().toISOString(), resumed: draft })
  }

  const sendDirectly = (submission: Submission, closing: ClosingWords | null) => {
    const attempt = async (n: number): Promise<void> => {
      setStep({ name: 'sending' })
      const result = await postResponse(submission)
      if (result.ok) return setStep({ name: 'sent', savedOffline: false, closing })
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

  const submit = async (submission: Submission, closing: ClosingWords | null) => {
    releaseLock.current?.()
    releaseLock.current = null
    if (!isKiosk) clearDraft(code)
    if (!storageOk || !sender.current) return sendDirectly(submission, closing)
    // Into the outbox before the first network attempt; it leaves only when the server acknowledges it.
    await enqueue(submission)
    setStep({ name: 'sent', savedOffline: !navigator.onLine, closing })
    sender.current.kick()
  }

  const [idle, stillHere] = useIdle(kiosk.idleSeconds, isKiosk && !['language', 'sent', 'loading', 'unavailable'].includes(step.name))
  const promptLeft = useCountdown(kiosk.promptSeconds, idle, startOver)
  const restartLeft = useCountdown(kiosk.restartSeconds, isKiosk && step.name === 'sent', startOver)

  return (
    <div className={`runner runner--${channel}`}>
      <header className="runner__header">
        <span className="runner__school">{access?.school.name ?? t('runner.appName')}</span>
        {waiting > 0 && (
          <span className="runner__waiting" role="status" data-testid="waiting">
            {t('runner.outbox.waiting', { count: waiting })}
          </span>
        )}
        {step.name === 'survey' && <LanguageSwitch current={language} available={step.instrument.languages} onChoose={chooseLanguage} />}
      </header>
      {!online && (
        <p className="runner__offline" role="status">
          {t('runner.outbox.offline')}
        </p>
      )}
      <main className="runner__main">
        {step.name === 'loading' && <p role="status">{t('runner.loading')}</p>}
        {step.name === 'unavailable' && (
          <section className="screen" role="alert">
            <p>{t(`runner.errors.${step.reason}`)}</p>
          </section>
        )}
        {step.name === 'resume' && (
          <section className="screen" aria-labelledby="resume-heading">
            <h1 id="resume-heading">{t('runner.resume.title')}</h1>
            <p>{t('runner.resume.body')}</p>
            <button type="button" className="primary" autoFocus onClick={() => void start(step.instrument, step.draft)}>
              {t('runner.resume.continue')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                clearDraft(code)
                setStep({ name: 'language' })
              }}
            >
              {t('runner.resume.startOver')}
            </button>
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
        {step.name === 'role' && access && (
          <RolePicker instruments={access.instruments} onChoose={(i) => setStep({ name: 'consent', instrument: i })} onBack={() => setStep({ name: 'language' })} />
        )}
        {step.name === 'consent' && access && (
          <ConsentScreen
            minutes={step.instrument.minutes}
            minCellSize={access.minCellSize}
            storageWarning={storageOk ? null : t('runner.storage.unavailable')}
            onStart={() => void start(step.instrument)}
            onBack={() => setStep(access.instruments.length === 1 ? { name: 'language' } : { name: 'role' })}
          />
        )}
        {step.name === 'otherTab' && (
          <section className="screen" role="alert">
            <p>{t('runner.otherTab.body')}</p>
            <button type="button" className="primary" onClick={() => void start(step.instrument)}>
              {t('runner.otherTab.startNew')}
            </button>
          </section>
        )}
        {step.name === 'survey' && (
          <SurveyScreen
            key={step.id}
            definition={step.definition}
            locale={language}
            readAloudLabel={t('runner.readAloud')}
            initial={step.resumed && { answers: step.resumed.answers, pageNo: step.resumed.pageNo }}
            onProgress={
              isKiosk
                ? undefined
                : (answers, pageNo) =>
                    saveDraft(code, { id: step.id, slug: step.instrument.slug, version: step.instrument.version, locale: language, answers, pageNo, startedAt: step.startedAt })
            }
            onComplete={(answers) =>
              void submit(
                {
                  id: step.id,
                  code,
                  slug: step.instrument.slug,
                  version: step.instrument.version,
                  locale: language,
                  channel,
                  answers,
                  startedAt: step.startedAt,
                  submittedAt: new Date().toISOString(),
                },
                closingWords((step.definition as { completedHtml?: string | Record<string, string> }).completedHtml, language),
              )
            }
          />
        )}
        {step.name === 'sending' && <p role="status">{t('runner.sending')}</p>}
        {step.name === 'sent' && (
          <section className="screen" aria-labelledby="thanks-heading">
            <h1 id="thanks-heading">{t('runner.thanks.title')}</h1>
            {step.closing && step.closing.paragraphs.length > 0 ? (
              <div className="closing-words" data-testid="closing-words">
                {step.closing.paragraphs.map((text, i) => (
                  <p key={i}>{text}</p>
                ))}
              </div>
            ) : (
              <p>{t('runner.thanks.body')}</p>
            )}
            {step.savedOffline && <p>{t('runner.thanks.saved')}</p>}
            {isKiosk && <p role="timer">{t('runner.kiosk.nextPerson', { seconds: restartLeft })}</p>}
            <button type="button" className="primary" onClick={() => (isKiosk ? startOver() : setStep({ name: 'language' }))}>
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
      {idle && (
        <div className="still-there" role="alertdialog" aria-modal="true" aria-labelledby="still-there-heading" aria-describedby="still-there-body">
          <div className="still-there__box">
            <h2 id="still-there-heading">{t('runner.kiosk.stillThere')}</h2>
            <p id="still-there-body">{t('runner.kiosk.stillThereBody', { seconds: promptLeft })}</p>
            <button type="button" className="primary" autoFocus onClick={stillHere}>
              {t('runner.kiosk.imHere')}
            </button>
            <button type="button" className="secondary" onClick={startOver}>
              {t('runner.kiosk.startOver')}
            </button>
          </div>
        </div>
      )}
    </div>
  )
}
