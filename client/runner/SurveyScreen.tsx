import { useEffect, useMemo } from 'react'
import { Model } from 'survey-core'
import { Survey } from 'survey-react-ui'
import 'survey-core/survey-core.fontless.min.css'
import type { Definition } from '../api/instruments'
import { surveyLocale } from './survey-setup'

interface Props {
  definition: Definition
  locale: string
  onComplete: (answers: Record<string, unknown>) => void
}

/** The survey itself, rendered by survey-react-ui; changing the locale keeps the Model and so every answer. */
export function SurveyScreen({ definition, locale, onComplete }: Props) {
  const model = useMemo(() => {
    const survey = new Model(definition)
    survey.showCompletedPage = false
    survey.showProgressBar = true
    survey.progressBarType = 'pages'
    survey.questionErrorLocation = 'bottom'
    survey.autoFocusFirstQuestion = true
    survey.onComplete.add((sender) => onComplete({ ...sender.data }))
    return survey
    // The definition is immutable for the life of this screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [definition])

  useEffect(() => {
    model.locale = surveyLocale(locale)
  }, [model, locale])

  return <Survey model={model} />
}
