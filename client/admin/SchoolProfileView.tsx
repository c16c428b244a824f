import { useState } from 'react'
import { fetchSchoolProfile, schoolProfileExportUrl, type SchoolProfile } from '../api/profiles'
import { LANGUAGES } from '../i18n/languages'
import { useRequest } from '../ui/use-request'
import { ChangeSection } from './profile/ChangeSection'
import { fetchWording } from './profile/item-wording'
import { ItemsSection } from './profile/ItemsSection'
import { NeedAssetSection } from './profile/NeedAssetSection'
import { RoleSection } from './profile/RoleSection'
import { ServicesSection } from './profile/ServicesSection'
import { useProfileFormat, type ProfileFormat } from './profile/use-profile-format'
import { WhatIsHereSection } from './profile/WhatIsHere'
import { ReleaseLine } from './ReleaseLine'
import './profile/profile.css'

/**
 * A school's need and asset profile for staff: pictures first, every chart with its table, item answers on demand,
 * the export and the printable community summary. Its own chunk (React.lazy in AdminApp), with the chart code.
 */
export function SchoolProfileView({ schoolId, administration = null }: { schoolId: number; administration?: number | null }) {
  const { data: profile, error } = useRequest(() => fetchSchoolProfile(schoolId, administration), `${schoolId}/${administration}`)
  if (error) {
    return (
      <main className="admin">
        <BackLink />
        <p role="alert">{error}</p>
      </main>
    )
  }
  if (!profile) {
    return (
      <main className="admin">
        <Loading />
      </main>
    )
  }
  return <Profile profile={profile} administration={administration} />
}

function Loading() {
  const format = useProfileFormat(0)
  return <p role="status">{format.t('loading')}</p>
}

function BackLink() {
  const format = useProfileFormat(0)
  return (
    <p>
      <a href="/admin">{format.t('back')}</a>
    </p>
  )
}

function Profile({ profile, administration }: { profile: SchoolProfile; administration: number | null }) {
  const format = useProfileFormat(profile.minCellSize)
  const { t } = format
  // Item wording and service names come from the instruments; the charts draw at once and take the words when they arrive.
  const wording = useRequest(fetchWording, 'wording')
  return (
    <main className="admin profile">
      <BackLink />
      <h1>{profile.school.name}</h1>
      <p className="profile-meta">
        {[profile.administration.name, profile.school.region, profile.school.cohort].filter(Boolean).join(' · ')}
      </p>
      <ReleaseLine release={profile.release} administration={profile.administration.id} k={profile.minCellSize} />
      <p className="hint">{t('privacy', { k: profile.minCellSize })}</p>
      <ProfileActions profile={profile} administration={administration} format={format} />
      <Responses profile={profile} format={format} />
      <StandsOut profile={profile} format={format} />
      <WhatIsHereSection profile={profile} administration={administration} />
      <NeedAssetSection domains={profile.domains} format={format} />
      <RoleSection domains={profile.domains} format={format} highNeedThreshold={profile.highNeedThreshold} />
      <ChangeSection profile={profile} format={format} />
      <ServicesSection profile={profile} wording={wording.data} format={format} />
      <ItemsSection profile={profile} wording={wording.data} wordingError={wording.error} format={format} />
    </main>
  )
}

function ProfileActions({ profile, administration, format }: { profile: SchoolProfile; administration: number | null; format: ProfileFormat }) {
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

function Responses({ profile, format }: { profile: SchoolProfile; format: ProfileFormat }) {
  const { t } = format
  return (
    <section aria-labelledby="responses">
      <h2 id="responses">{t('responses.heading')}</h2>
      <table className="profile responses">
        <thead>
          <tr>
            <th scope="col">{t('responses.role')}</th>
            <th scope="col">{t('responses.count')}</th>
            <th scope="col">{t('responses.enrollment')}</th>
            <th scope="col">{t('responses.rate')}</th>
          </tr>
        </thead>
        <tbody>
          {profile.responses.map((r) => (
            <tr key={r.role}>
              <th scope="row">{t(`roles.${r.role}`)}</th>
              {r.count.shown ? <td>{format.number(r.count.n)}</td> : <td className="withheld" title={format.withheld(r.count)}>{t('fewerThan', { k: profile.minCellSize })}</td>}
              <td>{r.enrollment === null ? '—' : format.number(r.enrollment)}</td>
              <td>{r.count.shown && r.enrollment ? format.percent((100 * r.count.n) / r.enrollment) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function StandsOut({ profile, format }: { profile: SchoolProfile; format: ProfileFormat }) {
  const { t } = format
  const label = (domain: string) => format.text(profile.domains.find((d) => d.domain === domain)?.label) || domain
  const list = (top: SchoolProfile['topNeeds']) =>
    top.length === 0 ? (
      <p>{t('standsOut.none')}</p>
    ) : (
      <ol>
        {top.map((x) => (
          <li key={x.domain}>
            {label(x.domain)} <small>{t('standsOut.index', { index: format.number(x.index), n: x.n })}</small>
          </li>
        ))}
      </ol>
    )
  return (
    <section aria-labelledby="stands-out" className="stands-out">
      <h2 id="stands-out">{t('standsOut.heading')}</h2>
      <div>
        <h3>{t('standsOut.needs')}</h3>
        {list(profile.topNeeds)}
      </div>
      <div>
        <h3>{t('standsOut.assets')}</h3>
        {list(profile.topAssets)}
      </div>
    </section>
  )
}
