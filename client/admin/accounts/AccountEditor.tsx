import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { changeAccount, type Account, type StaffRole } from '../../api/auth'
import { RoleFields } from './RoleFields'

/** Changes one account's role and, for a school team, its schools (the account's sessions end, so it takes effect at once). */
export function AccountEditor({ account, schools, onDone }: { account: Account; schools: { id: number; name: string }[]; onDone: (message: string | null) => void }) {
  const { t } = useTranslation('sign-in')
  const [role, setRole] = useState<StaffRole>(account.role === 'pending' ? 'school-team' : account.role)
  const [schoolIds, setSchoolIds] = useState<number[]>(account.schoolIds)
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const result = await changeAccount(account.id, { role, schoolIds: role === 'school-team' ? schoolIds : [] })
    if (!result.ok) return setError(result.body.message)
    onDone(t('accounts.changed', { email: account.email }))
  }

  return (
    <form className="stacked" aria-label={t('accounts.change')} onSubmit={(e) => void submit(e)}>
      <RoleFields
        labels={{ role: t('accounts.role'), schools: t('accounts.schools') }}
        role={role}
        schoolIds={schoolIds}
        schools={schools}
        onRole={setRole}
        onSchools={setSchoolIds}
      />
      {error && <p role="alert">{error}</p>}
      <p>
        <button type="submit">{t('accounts.save')}</button> <button type="button" onClick={() => onDone(null)}>{t('accounts.cancel')}</button>
      </p>
    </form>
  )
}
