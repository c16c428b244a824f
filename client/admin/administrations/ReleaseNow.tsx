import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { cutRelease, type CutResult } from '../../api/releases'

/**
 * "Release figures now": a district admin cuts a release before the window ends, after a confirmation. The outcome
 * stays in view when the action is no longer available (the cut was the final one).
 */
export function ReleaseNow({ administration, available, onCut }: { administration: number; available: boolean; onCut: () => void }) {
  const { t } = useTranslation('releases')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<CutResult | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function cut() {
    if (!window.confirm(t('now.confirm'))) return
    setBusy(true)
    setError(null)
    setResult(null)
    const response = await cutRelease(administration)
    setBusy(false)
    if (!response.ok) {
      setError(response.body.message)
      return
    }
    setResult(response.body)
    onCut()
  }

  return (
    <div className="release-now">
      {available && (
        <>
          <p className="hint">{t('now.explain')}</p>
          <button type="button" onClick={() => void cut()} disabled={busy}>
            {busy ? t('now.cutting') : t('now.button')}
          </button>
        </>
      )}
      <p role="status">
        {result && (result.release ? t('now.cut', { number: result.release.number, count: result.schoolsTakenIn }) : t('now.nothing'))}
        {result && result.schoolsWaiting > 0 && (
          <>
            {' '}
            {t('now.waiting', { count: result.schoolsWaiting })}
          </>
        )}
      </p>
      {error && <p role="alert">{error}</p>}
    </div>
  )
}
