import { useEffect, useMemo, useRef } from 'react'
import { Action, type Question } from 'survey-core'
import { Survey } from 'survey-react-ui'
import 'survey-core/survey-core.fontless.min.css'
import type { Definition } from '../api/instruments'
import { speak, voiceFor } from './read-aloud'
import { respondentModel, surveyLocale } from '../ui/survey-setup'

interface Props {
  definition: Definition
  locale: string
  readAloudLabel: string
  initial?: { answers: Record<string, unknown>; pageNo: number }
  onProgress?: (answers: Record<string, unknown>, pageNo: number) => void
  onComplete: (answers: Record<string, unknown>) => void
}

function spokenText(question: Question): string {
  const choices = (question as Question & { visibleChoices?: { text: string }[] }).visibleChoices ?? []
  const rows = (question as Question & { visibleRows?: { text: string }[] }).visibleRows ?? []
  return [question.processedTitle, ...rows.map((r) => r.text), ...choices.map((c) => c.text)].filter(Boolean).join('. ')
}

/** The survey itself, rendered by survey-react-ui; changing the locale keeps the Model and so every answer. */
export function SurveyScreen({ definition, locale, readAloudLabel, initial, onProgress, onComplete }: Props) {
  const callbacks = useRef({ onProgress, onComplete, locale, readAloudLabel })
  callbacks.current = { onProgress, onComplete, locale, readAloudLabel }

  const model = useMemo(() => {
    const survey = respondentModel(definition)
    survey.autoFocusFirstQuestion = true
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

  return <Survey model={model} />
}
