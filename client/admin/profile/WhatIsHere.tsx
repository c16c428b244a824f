import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchSchoolGaps, type SchoolGaps } from '../../api/partners'
import type { SchoolProfile } from '../../api/profiles'
import { useRequest } from '../../ui/use-request'
import '../partners.css'

function useSchoolGaps(schoolId: number, administration: number | null) {
  return useRequest(() => fetchSchoolGaps(schoolId, administration), `${schoolId}/${administration}/gaps`)
}

const domainLabel = (profile: SchoolProfile, domain: string, lang: string) => {
  const text = profile.domains.find((d) => d.domain === domain)?.label
  return (text && (text[lang] ?? text.default)) || domain
}

const servicesOf = (gaps: SchoolGaps | null, domain: string) => gaps?.domains.find((d) => d.domain === domain)

/** The profile's "what is here already": each top need with the active services behind it, or the gap. */
export function WhatIsHereSection({ profile, administration }: { profile: SchoolProfile; administration: number | null }) {
  const { t, i18n } = useTranslation('partners')
  const gaps = useSchoolGaps(profile.school.id, administration)
  if (profile.topNeeds.length === 0 || !gaps.data) return null
  const label = (domain: string) => domainLabel(profile, domain, i18n.language)
  return (
    <section aria-labelledby="what-is-here" className="what-is-here">
      <h2 id="what-is-here">{t('here.heading')}</h2>
      <p className="hint">{t('here.intro')}</p>
      <ul>
        {profile.topNeeds.map((need) => {
          const here = servicesOf(gaps.data, need.domain)
          return (
            <li key={need.domain} data-domain={need.domain}>
              <strong>{label(need.domain)}</strong>:{' '}
              {here && here.services.length > 0 ? here.services.map((s) => `${s.organization}: ${s.name}`).join('; ') : t('here.nothing')}
              {here?.status === 'gap' && (
                <>
                  {' '}
                  <span className="gap-status gap-status--gap">{t('gaps.statuses.gap')}</span>
                </>
              )}
              {here && here.awareness.length > 0 && <small> · {t('here.awareness', { percent: Math.max(...here.awareness.map((a) => a.awarenessGap)) })}</small>}
            </li>
          )
        })}
      </ul>
      <p>
        <a href="/admin/partners">{t('here.manage')}</a>
      </p>
    </section>
  )
}

/** The community summary's "what is here already", in the summary's language: plain sentences, no figures. */
export function WhatIsHereSummary({ profile, administration, lang }: { profile: SchoolProfile; administration: number | null; lang: string }) {
  const { i18n } = useTranslation()
  const t = useMemo(() => i18n.getFixedT(lang, 'summary'), [i18n, lang])
  const gaps = useSchoolGaps(profile.school.id, administration)
  if (profile.topNeeds.length === 0 || !gaps.data) return null
  const label = (domain: string) => domainLabel(profile, domain, lang)
  return (
    <section className="what-is-here">
      <h2>{t('hereHeading')}</h2>
      <ul>
        {profile.topNeeds.map((need) => {
          const services = servicesOf(gaps.data, need.domain)?.services ?? []
          return (
            <li key={need.domain}>
              {services.length > 0
                ? t('hereServices', { need: label(need.domain), services: services.map((s) => `${s.organization} (${s.name})`).join('; ') })
                : t('hereNothing', { need: label(need.domain) })}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
