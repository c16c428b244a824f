import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { createAccount, type StaffRole } from '../../api/auth'
import { RoleFields } from './RoleFields'

/** A new staff account: email, a first password (or none: a password link, or the district's accounts), the role and, for a school team, its schools. */
export function NewAccountForm({
  schools,
  onCreated,
}: {
  schools: { id: number; name: string }[]
  onCreated: (created: { id: number; email: string; withPassword: boolean }) => void
}) {
  const { t } = useTranslation('accounts')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [role, setRole] = useState<StaffRole>('school-team')
  const [schoolIds, setSchoolIds] = useState<number[]>([])
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    const result = await createAccount({ email, ...(password === '' ? {} : { password }), role, schoolIds: role === 'school-team' ? schoolIds : [] })
    if (!result.ok) return setError(result.body.message)
    setEmail('')
    setPassword('')
    setSchoolIds([])
    onCreated({ id: result.body.id, email: result.body.email, withPassword: password !== '' })
  }

  return (
    <form className="stacked" onSubmit={(e) => void submit(e)}>
      <h2>{t('form.title')}</h2>
      <label>
        {t('form.email')}
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        {t('form.password')}
        <input type="password" autoComplete="new-password" minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <p className="hint">{t('sign-in:accounts.firstPasswordHint')}</p>
      <RoleFields
        labels={{ role: t('form.role'), schools: t('form.schools') }}
        role={role}
        schoolIds={schoolIds}
        schools={schools}
        onRole={setRole}
        onSchools={setSchoolIds}
      />
      {error && <p role="alert">{error}</p>}
      <button type="submit">{t('form.create')}</button>
    </form>
  )
}
