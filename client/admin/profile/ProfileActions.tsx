import { useState } from 'react'
import { schoolProfileExportUrl, type SchoolProfile } from '../../api/profiles'
import { LANGUAGES } from '../../i18n/languages'
import type { ProfileFormat } from './use-profile-format'

/** The profile's export (CSV, XLSX) and the printable community summary in a chosen language. */
export function ProfileActions({ profile, administration, format }: { profile: SchoolProfile; administration: number | null; format: ProfileFormat }) {
  const { t } = format
  const [language, setLanguage] = useState<string>(format.lng)
  const id = profile.school.id
  const summary = `/admin/schools/${id}/summary?lang=${encodeURIComponent(language)}${administration === null ? '' : `&administration=${administration}`}`
  return (
    <div className="profile-actions">
      <p>
        {t('export.label')} <a href={schoolProfileExportUrl(id, 'csv', administration)} download>{t('export.csv')}</a>{' '}
        <a href={schoolProfileExportUrl(id, 'xlsx', administration)} download>{t('export.xlsx')}</a>
      </p>
      <p>
        <label>
          {t('summary.language')}{' '}
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </label>{' '}
        <a href={summary}>{t('summary.open')}</a>
      </p>
    </div>
  )
}
