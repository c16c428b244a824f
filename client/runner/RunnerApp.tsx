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
import { enqueue, isQueued, OutboxSender, probeOutbox } from './outbox'
import { RolePicker } from './RolePicker'
import { withSchoolBands } from './school-bands'
import { loadedSurveyScreen, loadSurveyScreen } from './survey-loader'
import { ThankYou, type Delivery } from './ThankYou'
import { estimateMinutes } from './time-estimate'
import { holdResponseLock } from './tab-lock'
import { useCountdown, useIdle } from './use-idle'

type Step =
  | { name: 'loading' }
  | { name: 'unavailable'; reason: AccessProblem | 'kioskOnly' | 'phoneOnly' }
  | { name: 'resume'; draft: Draft; instrument: OfferedInstrument }
  | { name: 'language' }
  | { name: 'role' }
  /** The definition arrives after the screen (for the time it takes); null until then, or offline without a copy. */
  | { name: 'consent'; instrument: OfferedInstrument; definition: Definition | null }
  | { name: 'otherTab'; instrument: OfferedInstrument }
  | { name: 'survey'; instrument: OfferedInstrument; definition: Definition; id: string; startedAt: string; initial?: { answers: Record<string, unknown>; pageNo: number } }
  | { name: 'sending' }
  | { name: 'sent'; id: string; delivery: Delivery; closing: ClosingWords | null }
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

/** The survey under way, kept while the person steps back to the consent screen and forward again. */
interface SurveyMemory {
  slug: string
  version: number
  id: string
  definition: Definition
  startedAt: string
  answers: Record<string, unknown>
}

/**
 * A kiosk starts over by reloading its own address: memory, drafts and the page itself go. (The page it leaves
 * wipes itself on the way out, and reloads if the browser brings it back from its back-forward cache: main.tsx.)
 */
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
  const definitions = useRef(new Map<string, Definition>())
  const surveyMemory = useRef<SurveyMemory | null>(null)
  const surveyBack = useRef<(() => boolean) | null>(null)
  const isKiosk = channel === 'kiosk'

  const chooseLanguage = useCallback(
    (lng: LanguageCode) => {
      setLanguage(lng)
      void i18n.changeLanguage(lng)
      applyDocumentLanguage(lng)
    },
    [i18n],
  )

  /** The instrument's definition (with the school's grade bands), fetched once; null when it cannot be had. */
  const definitionOf = async (instrument: OfferedInstrument): Promise<Definition | null> => {
    const key = `${instrument.slug}@${instrument.version}`
    const known = definitions.current.get(key)
    if (known) return known
    const result = await fetchDefinition(instrument.slug, instrument.version)
    if (!result.ok) return null
    // Grade-band questions list only the school's bands.
    const definition = withSchoolBands(result.body, instrument.gradeBands)
    definitions.current.set(key, definition)
    return definition
  }

  /** The consent screen at once; the time the survey takes once its definition is here. */
  const openConsent = (instrument: OfferedInstrument) => {
    setStep({ name: 'consent', instrument, definition: null })
    void definitionOf(instrument).then((definition) => {
      if (definition) setStep((s) => (s.name === 'consent' && s.instrument === instrument ? { ...s, definition } : s))
    })
  }

  const afterLanguage = (offer: Access) => (offer.instruments.length === 1 ? openConsent(offer.instruments[0]) : setStep({ name: 'role' }))

  // Once per page: the effect must not re-run when the language changes (it would reset the screen and the
  // document's direction), so it reaches chooseLanguage and afterLanguage through refs.
  const chooseLanguageRef = useRef(chooseLanguage)
  chooseLanguageRef.current = chooseLanguage
  const afterLanguageRef = useRef(afterLanguage)
  afterLanguageRef.current = afterLanguage
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
        } else if (languageChosen) afterLanguageRef.current(result.body)
        else setStep({ name: 'language' })
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
    if (!loadedSurveyScreen()) {
      setStep({ name: 'loading' })
      if (!(await loadSurveyScreen().then(Boolean, () => false))) return setStep({ name: 'unavailable', reason: 'network' })
    }
    // Back to the consent screen and forward again: the same response, with the answers given so far.
    const memory = surveyMemory.current
    if (!draft && memory && memory.slug === instrument.slug && memory.version === instrument.version) {
      return setStep({ name: 'survey', instrument, definition: memory.definition, id: memory.id, startedAt: memory.startedAt, initial: { answers: memory.answers, pageNo: 0 } })
    }
    setStep({ name: 'loading' })
    const definition = await definitionOf(instrument)
    if (!definition) return setStep({ name: 'unavailable', reason: 'network' })
    const id = draft?.id ?? newUuid()
    releaseLock.current?.()
    releaseLock.current = null
    if (!isKiosk) {
      // One draft, one response: a second tab on the same draft is told, and may start a fresh one instead.
      const release = await holdResponseLock(id)
      if (!release) return setStep({ name: 'otherTab', instrument })
      releaseLock.current = release
    }
    const startedAt = draft?.startedAt ?? new Date().toISOString()
    surveyMemory.current = { slug: instrument.slug, version: instrument.version, id, definition, startedAt, answers: draft?.answers ?? {} }
    setStep({ name: 'survey', instrument, definition, id, startedAt, initial: draft && { answers: draft.answers, pageNo: draft.pageNo } })
  }

  const sendDirectly = (submission: Submission, closing: ClosingWords | null) => {
    const attempt = async (n: number): Promise<void> => {
      setStep({ name: 'sending' })
      const result = await postResponse(submission)
      if (result.ok) return setStep({ name: 'sent', id: submission.id, delivery: 'received', closing })
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
    surveyMemory.current = null
    if (!isKiosk) clearDraft(code)
    if (!storageOk || !sender.current) return sendDirectly(submission, closing)
    // Into the outbox before the first network attempt; it leaves only when the server acknowledges it. The
    // thank-you says "received" only then, and "saved on this device" when that attempt could not reach the server.
    await enqueue(submission)
    setStep({ name: 'sent', id: submission.id, delivery: navigator.onLine ? 'sending' : 'saved', closing })
    sender.current.kick()
  }

  // What became of the response just sent: after each pass of the outbox, is it still waiting there?
  const sentId = step.name === 'sent' && step.delivery !== 'received' ? step.id : null
  useEffect(() => {
    if (!sentId || !sender.current) return
    // The first call tells the count before the pass that sends it; the next ones follow each pass.
    let first = true
    return sender.current.subscribe(() => {
      if (first) return void (first = false)
      void isQueued(sentId).then((queued) =>
        setStep((s) => (s.name === 'sent' && s.id === sentId && s.delivery !== 'received' ? { ...s, delivery: queued ? 'saved' : 'received' } : s)),
      )
    })
  }, [sentId])

  const [idle, stillHere] = useIdle(kiosk.idleSeconds, isKiosk && !['language', 'sent', 'loading', 'unavailable'].includes(step.name))
  const promptLeft = useCountdown(kiosk.promptSeconds, idle, startOver)
  const restartLeft = useCountdown(kiosk.restartSeconds, isKiosk && step.name === 'sent', startOver)

  /**
   * The step before this one, where there is one: language, then role, then consent, then the survey's pages (its
   * own first), then the thank-you (whose Back is a fresh start). The browser's Back (Android's Back button) and
   * the screens' own Back buttons both take the person there, never out of the runner mid-way.
   */
  const previous: (() => void) | null = (() => {
    switch (step.name) {
      case 'role':
        return () => setStep({ name: 'language' })
      case 'consent':
        return () => (access && access.instruments.length > 1 ? setStep({ name: 'role' }) : setStep({ name: 'language' }))
      case 'otherTab':
        return () => openConsent(step.instrument)
      case 'survey':
        return () => {
          if (!surveyBack.current?.()) openConsent(step.instrument)
        }
      case 'sent':
        return isKiosk ? startOver : () => setStep({ name: 'language' })
      default:
        return null
    }
  })()

  // One history entry of our own sits on top of the runner's address while there is a step to go back to: the
  // browser's Back takes it off (popstate) and the runner goes one step back, then puts it on again if there is
  // still a step before. On the first step there is none, so Back leaves the runner as it would any page.
  const guard = useRef(false)
  const [pops, setPops] = useState(0)
  const previousRef = useRef(previous)
  previousRef.current = previous
  useEffect(() => {
    const onPop = () => {
      guard.current = false
      previousRef.current?.()
      setPops((n) => n + 1)
    }
    window.addEventListener('popstate', onPop)
    return () => window.removeEventListener('popstate', onPop)
  }, [])
  const hasPrevious = previous !== null
  useEffect(() => {
    if (hasPrevious && !guard.current) {
      window.history.pushState({ anaRunnerStep: true }, '')
      guard.current = true
    }
  }, [hasPrevious, pops])
  /** A screen's own Back: through the browser's history while our entry is there, so both stay in step. */
  const back = () => (guard.current ? window.history.back() : previous?.())

  // The survey's code downloads once the first screen is up (not before: it would hold back the school's answer
  // and the first paint on a slow phone), while the person reads the choices and the consent.
  const firstScreenUp = step.name !== 'loading'
  useEffect(() => {
    if (firstScreenUp) void loadSurveyScreen().catch(() => undefined)
  }, [firstScreenUp])
  // While the person reads the consent screen, survey-core builds the survey (the longest wait after "Start" on a slow
  // phone), so the first question comes at once.
  const consentDefinition = step.name === 'consent' ? step.definition : null
  useEffect(() => {
    if (!consentDefinition) return
    let cancelled = false
    const idle = window.requestIdleCallback ?? ((run: () => void) => window.setTimeout(run, 300))
    void loadSurveyScreen()
      .then((module) => idle(() => !cancelled && module.prepareModel(consentDefinition)))
      .catch(() => undefined)
    return () => {
      cancelled = true
    }
  }, [consentDefinition])
  const SurveyScreen = loadedSurveyScreen()?.SurveyScreen

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
      {/* The thank-you says it in its own words, once. */}
      {!online && step.name !== 'sent' && (
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
              if (access) afterLanguage(access)
            }}
          />
        )}
        {step.name === 'role' && access && <RolePicker instruments={access.instruments} onChoose={openConsent} onBack={back} />}
        {step.name === 'consent' && access && (
          <ConsentScreen
            estimate={step.definition ? estimateMinutes(step.definition, language, step.instrument.role) : null}
            minCellSize={access.minCellSize}
            storageWarning={storageOk ? null : t('runner.storage.unavailable')}
            onStart={() => void start(step.instrument)}
            onBack={back}
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
        {step.name === 'survey' && SurveyScreen && (
          <SurveyScreen
            key={step.id}
            definition={step.definition}
            locale={language}
            readAloudLabel={t('runner.readAloud')}
            initial={step.initial}
            backRef={surveyBack}
            onProgress={(answers, pageNo) => {
              if (surveyMemory.current?.id === step.id) surveyMemory.current.answers = answers
              if (!isKiosk)
                saveDraft(code, { id: step.id, slug: step.instrument.slug, version: step.instrument.version, locale: language, answers, pageNo, startedAt: step.startedAt })
            }}
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
          <ThankYou id={step.id} delivery={step.delivery} closing={step.closing} restartSeconds={isKiosk ? restartLeft : null} onAgain={isKiosk ? startOver : back} />
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
