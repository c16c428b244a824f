import type { SchoolProfile } from '../../api/profiles'
import type { ProfileFormat } from './use-profile-format'

/** How many of each role answered, against enrollment; a count under k is withheld. */
export function ResponsesSection({ profile, format }: { profile: SchoolProfile; format: ProfileFormat }) {
  const { t } = format
  return (
    <section aria-labelledby="responses">
      <h2 id="responses">{t('responses.heading')}</h2>
      {/* On a phone the table scrolls in its box, not the page. */}
      <div className="scroll">
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
      </div>
    </section>
  )
}
