import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { changeAdministration, type AdministrationDetail, type Mode } from '../../api/administrations'
import type { Act } from './act'

/** Before it opens, the window and how people answer can still change. */
export function EditWindow({ a, act }: { a: AdministrationDetail; act: Act }) {
  const { t } = useTranslation('administrations')
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    void act(() => changeAdministration(a.id, { opensAt: String(form.get('opensAt')), closesAt: String(form.get('closesAt')), mode: String(form.get('mode')) as Mode }))
  }
  return (
    <form onSubmit={submit} className="edit-window">
      <label>
        {t('opens')} <input name="opensAt" type="datetime-local" required defaultValue={a.localOpensAt} />
      </label>{' '}
      <label>
        {t('closes')} <input name="closesAt" type="datetime-local" required defaultValue={a.localClosesAt} />
      </label>{' '}
      <label>
        {t('mode')}{' '}
        <select name="mode" defaultValue={a.mode}>
          {(['both', 'kiosk', 'phone'] as const).map((m) => (
            <option key={m} value={m}>
              {t(`modes.${m}`)}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="submit">{t('saveWindow')}</button>
    </form>
  )
}
