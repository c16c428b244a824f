import { useState } from 'react'
import { fetchSchoolProfile } from '../../api/profiles'
import { isLanguage } from '../../i18n/languages'
import { LanguageOptions } from '../../ui/LanguageOptions'
import { useRequest } from '../../ui/use-request'
import { PAPERS, paperFromQuery, withQuery, type Paper } from '../print'
import { fetchWording } from './item-wording'
import { useProfileFormat } from './use-profile-format'
import { SummarySheet } from './SummarySheet'
import './summary.css'

/**
 * The one-page summary a school team prints and hands out at a community meeting, in any of the ten languages: plain
 * sentences, top needs and what is working, who answered. Only shown figures appear; a withheld count is "fewer than k".
 */
export function CommunitySummary({ schoolId, lang, administration = null }: { schoolId: number; lang: string; administration?: number | null }) {
  const language = isLanguage(lang) ? lang : 'en'
  const profile = useRequest(() => fetchSchoolProfile(schoolId, administration), `${schoolId}/${administration}`)
  const wording = useRequest(fetchWording, 'wording')
  const format = useProfileFormat(profile.data?.minCellSize ?? 0)
  const [paper, setPaper] = useState<Paper>(paperFromQuery)
  const { t } = format

  return (
    <main className="summary-page">
      <style>{`@page { size: ${PAPERS[paper]}; margin: 12mm; }`}</style>
      <div className="summary-toolbar">
        <a href={`/admin/schools/${schoolId}${administration === null ? '' : `?administration=${administration}`}`}>{t('summary.backToProfile')}</a>
        <label>
          {t('summary.language')}{' '}
          <select value={language} onChange={(e) => window.location.assign(withQuery({ lang: e.target.value }))}>
            <LanguageOptions />
          </select>
        </label>
        <label>
          {t('summary.paper')}{' '}
          <select value={paper} onChange={(e) => setPaper(e.target.value as Paper)}>
            <option value="letter">{t('summary.letter')}</option>
            <option value="a4">{t('summary.a4')}</option>
          </select>
        </label>
        <button type="button" onClick={() => window.print()}>
          {t('summary.print')}
        </button>
      </div>
      {profile.error && <p role="alert">{profile.error}</p>}
      {!profile.error && (!profile.data || (!wording.data && !wording.error)) && <p role="status">{t('loading')}</p>}
      {profile.data && (wording.data || wording.error) && <SummarySheet profile={profile.data} wording={wording.data} lang={language} administration={administration} />}
    </main>
  )
}
