import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { changeAdministration, type AdministrationDetail } from '../../api/administrations'
import { fetchSchools } from '../../api/schools'
import { useRequest } from '../../ui/use-request'
import type { Act } from './act'

/** A school can join while the administration runs; it gets its own code. */
export function AddSchools({ a, act }: { a: AdministrationDetail; act: Act }) {
  const { t } = useTranslation('administrations')
  const schools = useRequest(fetchSchools, 'schools')
  const [chosen, setChosen] = useState('')
  const missing = (schools.data?.schools ?? []).filter((s) => !a.schools.some((p) => p.id === s.id))
  if (missing.length === 0) return null
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (chosen) void act(() => changeAdministration(a.id, { schoolIds: [...a.schools.map((s) => s.id), Number(chosen)] }))
      }}
    >
      <label>
        {t('addSchool')}{' '}
        <select value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="" />
          {missing.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="submit" disabled={!chosen}>
        {t('add')}
      </button>
    </form>
  )
}
