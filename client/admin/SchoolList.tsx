import { useTranslation } from 'react-i18next'
import { fetchSchools } from '../api/schools'
import { useRequest } from '../ui/use-request'

/** /admin: the schools the signed-in person may see, each a link to its profile. */
export function SchoolList() {
  const { t } = useTranslation('staff')
  const { data, error } = useRequest(fetchSchools, 'schools')
  const schools = data?.schools ?? null
  return (
    <main className="admin">
      <h1>{t('schools.title')}</h1>
      {error && <p role="alert">{error}</p>}
      {!schools && !error && <p role="status">{t('loading')}</p>}
      {schools && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('schools.school')}</th>
              <th scope="col">{t('schools.region')}</th>
              <th scope="col">{t('schools.cohort')}</th>
              <th scope="col">{t('schools.grades')}</th>
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
