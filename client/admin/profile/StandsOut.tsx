import type { SchoolProfile } from '../../api/profiles'
import type { ProfileFormat } from './use-profile-format'

/** The school's highest needs and strongest assets. */
export function StandsOut({ profile, format }: { profile: SchoolProfile; format: ProfileFormat }) {
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
