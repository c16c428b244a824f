import { fetchDistrictComparison } from '../api/profiles'
import { useRequest } from '../ui/use-request'

/** The schools × domains need matrix as a table (the heat map comes with the dashboards). */
export function DistrictView({ administration }: { administration: number }) {
  const { data, error } = useRequest(() => fetchDistrictComparison(administration), administration)
  if (error) return <main className="admin"><p role="alert">{error}</p></main>
  if (!data) return <main className="admin"><p role="status">Loading…</p></main>
  return (
    <main className="admin">
      <p>
        <a href="/admin">← Schools</a>
      </p>
      <h1>District comparison: need index, all voices</h1>
      <p>
        {data.administration.name}. Figures for fewer than {data.minCellSize} people are withheld; district means use shown figures only.
      </p>
      <div className="scroll">
        <table className="profile">
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col">Priority rank</th>
              {data.domains.map((d) => (
                <th scope="col" key={d.domain}>
                  {d.label.default ?? d.domain}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.schools.map((s) => (
              <tr key={s.school.id}>
                <th scope="row">
                  <a href={`/admin/schools/${s.school.id}`}>{s.school.name}</a>
                </th>
                <td>{s.overallPriority?.rank ?? '—'}</td>
                {data.domains.map((d) => {
                  const cell = s.cells[d.domain].need
                  return cell.shown ? (
                    <td key={d.domain}>
                      {cell.index}
                      <small>n={cell.n}</small>
                    </td>
                  ) : (
                    <td key={d.domain} className="withheld" title={cell.message}>
                      <span aria-hidden="true">—</span>
                      <span className="visually-hidden">{cell.message}</span>
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  )
}
