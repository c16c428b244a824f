import { fetchSchoolProfile, type Figure, type SchoolProfile } from '../api/profiles'
import { useRequest } from '../ui/use-request'

function Cell({ figure }: { figure: Figure }) {
  if (!figure.shown) {
    return (
      <td className="withheld" title={figure.message}>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{figure.message}</span>
      </td>
    )
  }
  const interval = figure.interval ? ` (${figure.interval[0]}–${figure.interval[1]})` : ''
  return (
    <td>
      {figure.index}
      <small>
        {interval} n={figure.n}
      </small>
    </td>
  )
}

/** A school's profile as a plain table; the charts come with the dashboards. */
export function SchoolProfileView({ schoolId }: { schoolId: number }) {
  const { data: profile, error } = useRequest(() => fetchSchoolProfile(schoolId), schoolId)
  if (error) return <main className="admin"><p role="alert">{error}</p></main>
  if (!profile) return <main className="admin"><p role="status">Loading…</p></main>
  return (
    <main className="admin">
      <p>
        <a href="/admin">← Schools</a>
      </p>
      <h1>{profile.school.name}</h1>
      <p>
        {profile.administration.name} · {profile.school.region} · figures for fewer than {profile.minCellSize} people are withheld
      </p>
      <h2>Responses</h2>
      <ul>
        {profile.responses.map((r) => (
          <li key={r.role}>
            {r.role}: {r.count.shown ? r.count.n : `fewer than ${profile.minCellSize}`}
            {r.enrollment !== null && ` of ${r.enrollment}`}
          </li>
        ))}
      </ul>
      <h2>What stands out</h2>
      <p>
        Highest needs: {profile.topNeeds.map((t) => `${label(profile, t.domain)} (${t.index})`).join(', ') || 'none shown yet'}.
        <br />
        Strongest assets: {profile.topAssets.map((t) => `${label(profile, t.domain)} (${t.index})`).join(', ') || 'none shown yet'}.
      </p>
      <h2>Need and asset indexes (0–100)</h2>
      <table className="profile">
        <thead>
          <tr>
            <th scope="col">Domain</th>
            <th scope="col">Need · students</th>
            <th scope="col">Need · families</th>
            <th scope="col">Need · staff</th>
            <th scope="col">Need · all voices</th>
            <th scope="col">Asset · all voices</th>
          </tr>
        </thead>
        <tbody>
          {profile.domains.map((d) => (
            <tr key={d.domain}>
              <th scope="row">{d.label.default ?? d.domain}</th>
              <Cell figure={d.need.roles.student} />
              <Cell figure={d.need.roles.family} />
              <Cell figure={d.need.roles.staff} />
              <Cell figure={d.need.allVoices} />
              <Cell figure={d.asset.allVoices} />
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Services families used, needed or did not know about</h2>
      <table className="profile">
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Needed it but couldn't get it</th>
            <th scope="col">Used it</th>
            <th scope="col">Didn't know it existed</th>
          </tr>
        </thead>
        <tbody>
          {profile.services.map((s) => (
            <tr key={s.itemId}>
              <th scope="row">{s.itemId.replace(/^services\./, '')}</th>
              {s.figures.shown ? (
                <>
                  <td>{s.figures.unmetNeed}%</td>
                  <td>{s.figures.use}%</td>
                  <td>{s.figures.awarenessGap}%</td>
                </>
              ) : (
                <td colSpan={3} className="withheld">
                  {s.figures.message}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  )
}

function label(profile: SchoolProfile, domain: string): string {
  return profile.domains.find((d) => d.domain === domain)?.label.default ?? domain
}
