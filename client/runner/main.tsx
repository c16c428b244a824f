import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { initI18n } from '../i18n/i18n'
import { preferredLanguage } from '../i18n/languages'
import { RunnerApp } from './RunnerApp'
import { setupSurveyCore } from './survey-setup'
import './runner.css'

const match = /^\/(s|k)\/([^/]+)/.exec(window.location.pathname)
const code = match ? decodeURIComponent(match[2]) : ''
const channel = match?.[1] === 'k' ? 'kiosk' : 'phone'
const language = preferredLanguage(navigator.languages ?? [navigator.language])

void initI18n(language).then((i18n) => {
  setupSurveyCore(i18n)
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <RunnerApp code={code} channel={channel} initialLanguage={language} />
    </StrictMode>,
  )
})
