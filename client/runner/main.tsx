import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { applyDocumentLanguage, initI18n } from '../i18n/i18n'
import { isLanguage, preferredLanguage, type LanguageCode } from '../i18n/languages'
import { CodeEntry } from './CodeEntry'
import { RunnerApp } from './RunnerApp'
import './runner.css'

const match = /^\/(s|k)(?:\/([^/]*))?/.exec(window.location.pathname)
const code = match?.[2] ? decodeURIComponent(match[2]) : ''
const channel = match?.[1] === 'k' ? 'kiosk' : 'phone'
// A poster in Korean links to /s/CODE?lang=ko: the language is chosen already (the switch stays in the header).
const requested = new URLSearchParams(window.location.search).get('lang')
const chosen = requested !== null && isLanguage(requested) ? requested : null
const language = chosen ?? preferredLanguage(navigator.languages ?? [navigator.language])

// Kiosk timings can be shortened by the link (tests, or a busy front desk): ?idle=90&prompt=20&restart=10
const seconds = (name: string, fallback: number) => {
  const value = Number(new URLSearchParams(window.location.search).get(name))
  return Number.isFinite(value) && value > 0 ? value : fallback
}
const kiosk = { idleSeconds: seconds('idle', 90), promptSeconds: seconds('prompt', 20), restartSeconds: seconds('restart', 10) }

if ('serviceWorker' in navigator && import.meta.env.PROD) {
  void navigator.serviceWorker.register('/sw.js').catch(() => {
    // Without a service worker the runner still works online; the outbox still keeps finished responses.
  })
}

void initI18n(language).then((i18n) => {
  const root = createRoot(document.getElementById('root')!)
  if (!code) {
    // /s or /k with no code: a start page where the code on the poster is typed.
    const render = (lng: LanguageCode) => {
      applyDocumentLanguage(lng)
      root.render(
        <StrictMode>
          <CodeEntry channel={channel === 'kiosk' ? 'k' : 's'} language={lng} onLanguage={(next) => void i18n.changeLanguage(next).then(() => render(next))} />
        </StrictMode>,
      )
    }
    return render(language)
  }
  if (channel === 'kiosk') {
    // A kiosk page that is left (a reset reloads it) takes the last person's screen with it, so the browser's
    // back-forward cache cannot bring their answers back; a page the cache restores anyway starts afresh.
    window.addEventListener('pagehide', () => root.unmount())
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) window.location.replace(window.location.pathname + window.location.search)
    })
  }
  root.render(
    <StrictMode>
      <RunnerApp code={code} channel={channel} initialLanguage={language} languageChosen={chosen !== null} kiosk={kiosk} />
    </StrictMode>,
  )
})
