import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { fetchSchoolGaps, type SchoolGaps } from '../../api/partners'
import type { SchoolProfile } from '../../api/profiles'
import { useRequest } from '../../ui/use-request'
import '../partners/partners.css'

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

/**
 * The community summary's "what is here already": beside each top need's score, the partners in place or "no partner
 * yet", on the score's own line and cut short rather than wrapped, so the sheet stays one page in every language.
 */
export function useWhatIsHere(profile: SchoolProfile, administration: number | null, t: TFunction) {
  const gaps = useSchoolGaps(profile.school.id, administration)
  return (domain: string) => {
    if (!gaps.data) return null
    const services = servicesOf(gaps.data, domain)?.services ?? []
    const text = services.length > 0 ? t('hereServices', { services: [...new Set(services.map((s) => s.organization))].join(', ') }) : t('hereNothing')
    return (
      <span className="what-is-here-tag" title={`${t('hereHeading')}: ${text}`}>
        {text}
      </span>
    )
  }
}
