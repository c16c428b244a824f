import { useEffect, useMemo, useRef, useState, type MutableRefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { Action, type Model, type Question } from 'survey-core'
import { Survey } from 'survey-react-ui'
import 'survey-core/survey-core.fontless.min.css'
import './survey.css'
import i18next from 'i18next'
import type { Definition } from '../api/instruments'
import { formatNumber } from '../i18n/languages'
import { speak, voiceFor } from './read-aloud'
import { respondentModel, setupSurveyCore, surveyLocale } from '../ui/survey-setup'

// This module (with survey-core, survey-react-ui and their stylesheet, most of the runner's weight) loads after the
// first screen has drawn (RunnerApp); i18next is initialised by then, so survey-core's strings come from ours.
setupSurveyCore(i18next)

interface Props {
  definition: Definition
  locale: string
  readAloudLabel: string
  initial?: { answers: Record<string, unknown>; pageNo: number }
  onProgress?: (answers: Record<string, unknown>, pageNo: number) => void
  onComplete: (answers: Record<string, unknown>) => void
  /** Set to a function that goes one page back and says whether it could (the browser's Back inside the survey). */
  backRef?: MutableRefObject<(() => boolean) | null>
}

function spokenText(question: Question): string {
  const choices = (question as Question & { visibleChoices?: { text: string }[] }).visibleChoices ?? []
  const rows = (question as Question & { visibleRows?: { text: string }[] }).visibleRows ?? []
  return [question.processedTitle, ...rows.map((r) => r.text), ...choices.map((c) => c.text)].filter(Boolean).join('. ')
}

/** A model built ahead, while the consent screen is read (RunnerApp), for the definition it was built from. */
let prepared: { definition: Definition; model: Model } | null = null

/** Builds the survey's model ahead of "Start" (respondentModel is the slow part on a phone); one at a time. */
export function prepareModel(definition: Definition): void {
  if (prepared?.definition !== definition) prepared = { definition, model: respondentModel(definition) }
}

/** The model built ahead for this definition, once (a second start builds afresh); null if none was. */
function takePrepared(definition: Definition): Model | null {
  const model = prepared?.definition === definition ? prepared.model : null
  prepared = null
  return model
}

/** The survey itself, rendered by survey-react-ui; changing the locale keeps the Model and so every answer. */
export function SurveyScreen({ definition, locale, readAloudLabel, initial, onProgress, onComplete, backRef }: Props) {
  const callbacks = useRef({ onProgress, onComplete, locale, readAloudLabel })
  callbacks.current = { onProgress, onComplete, locale, readAloudLabel }

  const model = useMemo(() => {
    const survey = takePrepared(definition) ?? respondentModel(definition)
    survey.autoFocusFirstQuestion = true
    // The runner says "Page 2 of 9" itself (below), on every width: survey-core's page bar folds to unlabelled dots
    // on a phone.
    survey.showProgressBar = false
    if (initial) {
      survey.data = initial.answers
      if (initial.pageNo > 0 && initial.pageNo < survey.visiblePageCount) survey.currentPageNo = initial.pageNo
    }
    const progress = () => callbacks.current.onProgress?.({ ...survey.data }, survey.currentPageNo)
    survey.onValueChanged.add(progress)
    survey.onCurrentPageChanged.add(progress)
    survey.onComplete.add((sender) => callbacks.current.onComplete({ ...sender.data }))
    // A read-aloud button on each question, shown only where the browser has a voice for the language.
    survey.onGetQuestionTitleActions.add((_, options) => {
      const question = options.question as Question
      options.titleActions = [
        ...(options.titleActions ?? []),
        new Action({
          id: 'read-aloud',
          title: callbacks.current.readAloudLabel,
          showTitle: true,
          // Always a visible, labelled button: never folded into an overflow menu on a narrow phone.
          disableHide: true,
          disableShrink: true,
          visible: voiceFor(callbacks.current.locale) !== null,
          action: () => speak(spokenText(question), callbacks.current.locale),
        }),
      ]
    })
    return survey
    // The definition and the resumed draft are fixed for the life of this screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [definition])

  useEffect(() => {
    model.locale = surveyLocale(locale)
  }, [model, locale])

  useEffect(() => {
    if (!backRef) return
    backRef.current = () => !model.isFirstPage && model.prevPage()
    return () => {
      backRef.current = null
    }
  }, [model, backRef])

  // Where the respondent is: page X of the pages their answers show (a skipped page is not counted). The survey's
  // title and description only on the first page: read once, not above every page.
  const { t } = useTranslation()
  const [page, setPage] = useState({ current: 1, total: 1 })
  useEffect(() => {
    const update = () => {
      setPage({ current: model.currentPageNo + 1, total: Math.max(model.visiblePageCount, 1) })
      model.showTitle = model.currentPageNo === 0
    }
    update()
    model.onCurrentPageChanged.add(update)
    model.onValueChanged.add(update)
    return () => {
      model.onCurrentPageChanged.remove(update)
      model.onValueChanged.remove(update)
    }
  }, [model])
  const label = t('survey.progressText').replace('{0}', formatNumber(page.current, locale)).replace('{1}', formatNumber(page.total, locale))

  return (
    <>
      <div className="survey-progress" data-testid="survey-progress">
        <span id="survey-progress-label">{label}</span>
        <progress max={page.total} value={page.current} aria-labelledby="survey-progress-label" />
      </div>
      <Survey model={model} />
    </>
  )
}
