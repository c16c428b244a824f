import { useTranslation } from 'react-i18next'
import type { ReleaseInfo } from '../api/releases'
import { formatInstant } from './administrations/format'
import { useAdministrationTimeZone } from './use-administration-time-zone'
import './release-line.css'

/**
 * Which release the figures on a page come from, when it was cut and when the next one comes: staff read releases,
 * never the responses of the moment, so the figures can trail the response rates.
 */
export function ReleaseLine({ release, administration, k }: { release: ReleaseInfo; administration: number; k: number }) {
  const { t, i18n } = useTranslation('releases')
  const timeZone = useAdministrationTimeZone(administration)
  if (timeZone === null) return null
  const when = (iso: string) => formatInstant(iso, i18n.language, timeZone)
  // A final release stops being the last one when the window is extended: then a next release is due again.
  const final = release.final && release.nextAt === null
  let line: string
  if (release.number === null || release.cutAt === null) {
    line = release.nextAt ? t('line.none', { closes: when(release.nextAt) }) : t('line.noneClosed')
  } else if (final) {
    line = t('line.final', { cutAt: when(release.cutAt) })
  } else if (release.nextAt) {
    line = t('line.current', { number: release.number, cutAt: when(release.cutAt), closes: when(release.nextAt) })
  } else {
    line = t('line.currentClosed', { number: release.number, cutAt: when(release.cutAt) })
  }
  return (
    <p className="release-line">
      <span className="release-source">{line}</span>
      {release.number !== null && !final && (
        <>
          {' '}
          <span className="release-lag">{t('line.lag', { k })}</span>
        </>
      )}
    </p>
  )
}
