import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { PartnerService } from '../../api/partners'
import type { SchoolSummary } from '../../api/schools'

/** Links a service to one more school: a select of the schools it does not reach yet, and a button. */
export function LinkControl({ service, schools, onLink }: { service: PartnerService; schools: SchoolSummary[]; onLink: (school: SchoolSummary) => void }) {
  const { t } = useTranslation('partners')
  const [school, setSchool] = useState('')
  if (schools.length === 0) return null
  return (
    <span className="link-control">
      <label>
        <span className="visually-hidden">{`${t('actions.link')} (${service.name})`}</span>
        <select aria-label={`${t('actions.link')} ${service.name}`} value={school} onChange={(e) => setSchool(e.target.value)}>
          <option value="">{t('actions.chooseSchool')}</option>
          {schools.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" disabled={!school} onClick={() => onLink(schools.find((s) => s.id === Number(school))!)}>
        {t('actions.linkButton')}
      </button>
    </span>
  )
}
