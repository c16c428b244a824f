import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { fetchAdministrations } from '../../api/administrations'
import { useRequest } from '../../ui/use-request'
import { useSession } from '../session'
import { formatWindow } from './format'
import { NewAdministration } from './NewAdministration'
import './administrations.css'

/** Every administration this person may see, newest first, and (for those who run them) a form for a new one. */
export function AdministrationsView() {
  const { t, i18n } = useTranslation('administrations')
  const me = useSession()
  const [reload, setReload] = useState(0)
  const list = useRequest(fetchAdministrations, `administrations/${reload}`)
  const runs = me.user.role !== 'district-analyst'

  return (
    <main className="admin administrations">
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      {list.error && <p role="alert">{list.error}</p>}
      {!list.data && !list.error && <p role="status">{t('loading')}</p>}
      {list.data && list.data.administrations.length === 0 && <p>{t('none')}</p>}
      {list.data && list.data.administrations.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('window')}</th>
              <th scope="col">{t('mode')}</th>
              <th scope="col">{t('schoolCount')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.administrations.map((a) => (
              <tr key={a.id}>
                <td>
                  <a href={`/admin/administrations/${a.id}`}>{a.name}</a> <span className={`status status-${a.status}`}>{t(`status.${a.status}`)}</span>
                </td>
                <td>{formatWindow(a, i18n.language)}</td>
                <td>{t(`modes.${a.mode}`)}</td>
                <td>{a.schools}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {runs && list.data && <NewAdministration timeZone={list.data.timeZone} onCreated={(id) => window.location.assign(`/admin/administrations/${id}`)} onFailed={() => setReload((r) => r + 1)} />}
    </main>
  )
}
