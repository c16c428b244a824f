import { fetchSchools } from '../api/schools'
import { useRequest } from '../ui/use-request'
import { DistrictView } from './DistrictView'
import { InstrumentsView } from './InstrumentsView'
import { SchoolProfileView } from './SchoolProfileView'

/** Staff pages: the district's schools, and a school's need and asset profile. */
export function AdminApp() {
  const match = /^\/admin\/schools\/(\d+)/.exec(window.location.pathname)
  if (match) return <SchoolProfileView schoolId={Number(match[1])} />
  if (window.location.pathname.startsWith('/admin/instruments')) return <InstrumentsView />
  const district = /^\/admin\/district/.test(window.location.pathname)
  if (district) return <DistrictView administration={Number(new URLSearchParams(window.location.search).get('administration') ?? 1)} />
  return <SchoolList />
}

function SchoolList() {
  const { data, error } = useRequest(fetchSchools, 'schools')
  const schools = data?.schools ?? null
  return (
    <main className="admin">
      <nav>
        <a href="/admin/district">District comparison</a> · <a href="/admin/instruments">Instruments and translations</a>
      </nav>
      <h1>Schools</h1>
      {error && <p role="alert">{error}</p>}
      {!schools && !error && <p role="status">Loading…</p>}
      {schools && (
        <table>
          <thead>
            <tr>
              <th scope="col">School</th>
              <th scope="col">Region</th>
              <th scope="col">Cohort</th>
              <th scope="col">Grades</th>
            </tr>
          </thead>
          <tbody>
            {schools.map((s) => (
              <tr key={s.id}>
                <td>
                  <a href={`/admin/schools/${s.id}`}>{s.name}</a>
                </td>
                <td>{s.region}</td>
                <td>{s.cohort ?? '—'}</td>
                <td>{s.grades}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  )
}
