import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { initI18n } from '../i18n/i18n'
import { isLanguage, preferredLanguage } from '../i18n/languages'
import { RunnerApp } from './RunnerApp'
import { setupSurveyCore } from './survey-setup'
import './runner.css'

const match = /^\/(s|k)\/([^/]+)/.exec(window.location.pathname)
const code = match ? decodeURIComponent(match[2]) : ''
const channel = match?.[1] === 'k' ? 'kiosk' : 'phone'
// A poster in Korean links to /s/CODE?lang=ko: the language is chosen already (the switch stays in the header).
const requested = new URLSearchParams(window.location.search).get('lang')
const chosen = requested !== null && isLanguage(requested) ? requested : null
const language = chosen ?? preferredLanguage(navigator.languages ?? [navigator.language])

void initI18n(language).then((i18n) => {
  setupSurveyCore(i18n)
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <RunnerApp code={code} channel={channel} initialLanguage={language} languageChosen={chosen !== null} />
    </StrictMode>,
  )
})
