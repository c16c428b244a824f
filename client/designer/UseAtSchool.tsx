import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Me } from '../api/auth'
import { fetchAdministrations } from '../api/administrations'
import { offerSchoolVersion } from '../api/designer'
import { useRequest } from '../ui/use-request'

/** Offers the new version at the school in an administration (the administrations API decides whether it still can). */
export function UseAtSchool({ me, schoolId, role, version }: { me: Me; schoolId: number; role: string; version: { slug: string; version: number } }) {
  const { t } = useTranslation('designer')
  const administrations = useRequest(fetchAdministrations, 'administrations')
  const [done, setDone] = useState<Record<number, string>>({})
  const school = me.user.schools.find((s) => s.id === schoolId)?.name ?? `#${schoolId}`
  const use = async (id: number, name: string) => {
    const r = await offerSchoolVersion(id, schoolId, role, version)
    setDone({ ...done, [id]: r.ok ? t('publish.inUse', { version: version.version, school, administration: name }) : r.body.message })
  }
  const open = (administrations.data?.administrations ?? []).filter((a) => !a.closed)
  return (
    <ul className="designer-use">
      {open.map((a) => (
        <li key={a.id}>
          {done[a.id] ? (
            <span role="status">{done[a.id]}</span>
          ) : (
            <button type="button" onClick={() => void use(a.id, a.name)}>
              {t('publish.use', { version: version.version, school, administration: a.name })}
            </button>
          )}
        </li>
      ))}
    </ul>
  )
}
