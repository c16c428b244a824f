import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { archiveSchool, deleteSchool, fetchSchools, restoreSchool, type School } from '../../api/schools'
import { useRequest } from '../../ui/use-request'
import { SchoolForm } from './SchoolForm'
import { SchoolImport } from './SchoolImport'
import './schools.css'

/**
 * /admin/schools (district admins): the schools directory. Every school with its codes, grades and enrollment;
 * archived ones on request; a form to add or change one; and the import from a file.
 */
export function SchoolsDirectory() {
  const { t, i18n } = useTranslation('schools')
  const [archived, setArchived] = useState(false)
  const [version, setVersion] = useState(0)
  const [editing, setEditing] = useState<School | 'new' | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const { data, error: loadError } = useRequest(() => fetchSchools({ archived }), `${archived}:${version}`)
  const schools = data?.schools ?? null

  const reload = (message: string) => {
    setNotice(message)
    setError(null)
    setVersion((v) => v + 1)
  }
  const act = async (school: School, action: 'archive' | 'restore' | 'delete') => {
    if (action === 'delete' && !window.confirm(t('actions.confirmDelete', { name: school.name }))) return
    const result = action === 'archive' ? await archiveSchool(school.id) : action === 'restore' ? await restoreSchool(school.id) : await deleteSchool(school.id)
    if (result.ok) reload(t(`done.${action === 'archive' ? 'archived' : action === 'restore' ? 'restored' : 'deleted'}`, { name: school.name }))
    else {
      setNotice(null)
      setError(result.body.message)
    }
  }
  const day = (iso: string) => new Date(iso).toLocaleDateString(i18n.language)
  const number = (n: number | null) => (n === null ? '—' : n.toLocaleString(i18n.language))

  return (
    <main className="admin schools-directory">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {notice && <p role="status">{notice}</p>}
      {(error ?? loadError) && <p role="alert">{error ?? loadError}</p>}
      <p className="schools-tools">
        <label>
          <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} /> {t('showArchived')}
        </label>{' '}
        <button type="button" onClick={() => setEditing('new')}>
          {t('newSchool')}
        </button>
      </p>
      {editing && (
        <SchoolForm
          key={editing === 'new' ? 'new' : editing.id}
          school={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(school) => {
            setEditing(null)
            reload(t(editing === 'new' ? 'done.created' : 'done.changed', { name: school.name }))
          }}
        />
      )}
      {!schools && !loadError && <p role="status">{t('staff:loading')}</p>}
      {schools && schools.length === 0 && <p>{t('empty')}</p>}
      {schools && schools.length > 0 && (
        <div className="schools-table">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('columns.name')}</th>
                <th scope="col">{t('columns.code')}</th>
                <th scope="col">{t('columns.stateCode')}</th>
                <th scope="col">{t('columns.region')}</th>
                <th scope="col">{t('columns.grades')}</th>
                <th scope="col">{t('columns.students')}</th>
                <th scope="col">{t('columns.families')}</th>
                <th scope="col">{t('columns.staff')}</th>
                {archived && <th scope="col">{t('columns.status')}</th>}
                <th scope="col">{t('columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {schools.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <a href={`/admin/schools/${s.id}`}>{s.name}</a>
                  </th>
                  <td>{s.code}</td>
                  <td>{s.stateCode ?? '—'}</td>
                  <td>{s.region || '—'}</td>
                  <td>{s.grades}</td>
                  <td>{number(s.enrollment.students)}</td>
                  <td>{number(s.enrollment.families)}</td>
                  <td>{number(s.enrollment.staff)}</td>
                  {archived && <td>{s.archivedAt ? t('status.archived', { date: day(s.archivedAt) }) : t('status.active')}</td>}
                  <td className="school-actions">
                    <button type="button" aria-label={t('actions.edit', { name: s.name })} onClick={() => setEditing(s)}>
                      {t('actions.editShort')}
                    </button>{' '}
                    {s.archivedAt ? (
                      <button type="button" aria-label={t('actions.restore', { name: s.name })} onClick={() => void act(s, 'restore')}>
                        {t('actions.restoreShort')}
                      </button>
                    ) : (
                      <button type="button" aria-label={t('actions.archive', { name: s.name })} onClick={() => void act(s, 'archive')}>
                        {t('actions.archiveShort')}
                      </button>
                    )}{' '}
                    <button type="button" aria-label={t('actions.delete', { name: s.name })} onClick={() => void act(s, 'delete')}>
                      {t('actions.deleteShort')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <SchoolImport onImported={reload} />
    </main>
  )
}
