import { useTranslation } from 'react-i18next'
import type { StaffRole } from '../../api/auth'
import { STAFF_ROLES } from '../../../server/vocabulary/roles'

/** A staff role and, for a school team, its schools (a new account, or a change of one). */
export function RoleFields(props: {
  labels: { role: string; schools: string }
  role: StaffRole
  schoolIds: number[]
  schools: { id: number; name: string }[]
  onRole: (role: StaffRole) => void
  onSchools: (ids: number[]) => void
}) {
  const { t } = useTranslation('staff')
  return (
    <>
      <label>
        {props.labels.role}
        <select value={props.role} onChange={(e) => props.onRole(e.target.value as StaffRole)}>
          {STAFF_ROLES.map((value) => (
            <option key={value} value={value}>
              {t(`roles.${value}`)}
            </option>
          ))}
        </select>
      </label>
      {props.role === 'school-team' && (
        <label>
          {props.labels.schools}
          <select multiple value={props.schoolIds.map(String)} onChange={(e) => props.onSchools([...e.target.selectedOptions].map((o) => Number(o.value)))}>
            {props.schools.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  )
}
