import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { changeAdministration, closeAdministration, extendAdministration, openAdministration, type AdministrationDetail } from '../../api/administrations'
import type { Act } from './act'
import { AddSchools } from './AddSchools'
import { EditWindow } from './EditWindow'

/** What moves an administration along until it closes: renaming, opening now, the window, more schools, extending, closing. */
export function Lifecycle({ a, act }: { a: AdministrationDetail; act: Act }) {
  const { t } = useTranslation('administrations')
  const [name, setName] = useState(a.name)
  const extend = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const closesAt = String(new FormData(event.currentTarget).get('closesAt') ?? '')
    void act(() => extendAdministration(a.id, closesAt))
  }
  if (a.status === 'closed') return null
  return (
    <div className="lifecycle">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void act(() => changeAdministration(a.id, { name }))
        }}
      >
        <label>
          {t('rename')} <input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
        </label>{' '}
        <button type="submit" disabled={name.trim() === a.name || !name.trim()}>
          {t('save')}
        </button>
      </form>
      {a.status === 'scheduled' && (
        <button type="button" onClick={() => void act(() => openAdministration(a.id))}>
          {t('openNow')}
        </button>
      )}
      {a.status === 'scheduled' && <EditWindow a={a} act={act} />}
      <AddSchools a={a} act={act} />
      <form onSubmit={extend}>
        <label>
          {t('extend')} <input name="closesAt" type="datetime-local" required min={a.localClosesAt} />
        </label>{' '}
        <button type="submit">{t('extendButton')}</button>
      </form>
      <button type="button" className="danger" onClick={() => window.confirm(t('confirmClose')) && void act(() => closeAdministration(a.id))}>
        {t('closeNow')}
      </button>
    </div>
  )
}
