import i18next from 'i18next'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Survey } from 'survey-react-ui'
import 'survey-core/survey-core.fontless.min.css'
import { directionOf } from '../i18n/languages'
import { LanguageOptions } from '../ui/LanguageOptions'
import { respondentModel, setupSurveyCore, surveyLocale } from '../ui/survey-setup'
import type { Json } from './strings'

const SIZES = {
  phone: { width: 390, height: 844, scale: 1 },
  kiosk: { width: 1080, height: 1920, scale: 0.4 },
} as const

/** The draft as respondents will see it: survey-core's model rendered by survey-react-ui, as the runner does. */
export function PreviewPanel({ definition }: { definition: Json }) {
  const { t } = useTranslation('designer')
  const [language, setLanguage] = useState('en')
  const [size, setSize] = useState<keyof typeof SIZES>('phone')
  setupSurveyCore(i18next)
  const model = useMemo(() => respondentModel(definition), [definition])
  useEffect(() => {
    model.locale = surveyLocale(language)
  }, [model, language])
  const frame = SIZES[size]
  return (
    <section id="preview" aria-labelledby="preview-heading" className="designer-preview">
      <h2 id="preview-heading">{t('preview.title')}</h2>
      <div className="designer-row">
        <label>
          {t('preview.language')}{' '}
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            <LanguageOptions />
          </select>
        </label>
        <label>
          {t('preview.size')}{' '}
          <select value={size} onChange={(e) => setSize(e.target.value as keyof typeof SIZES)}>
            <option value="phone">{t('preview.phone')}</option>
            <option value="kiosk">{t('preview.kiosk')}</option>
          </select>
        </label>
      </div>
      <div className="designer-device" style={{ width: frame.width * frame.scale, height: frame.height * frame.scale }}>
        <div
          className="designer-device-screen"
          data-testid="designer-preview"
          lang={language}
          dir={directionOf(language)}
          style={{ width: frame.width, height: frame.height, transform: `scale(${frame.scale})` }}
        >
          <Survey model={model} />
        </div>
      </div>
    </section>
  )
}
