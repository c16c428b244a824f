import { useState, type FormEvent } from 'react'
import { changeAccount, createAccount, endAllSessions, endSessions, fetchAccounts, type StaffRole } from '../api/auth'
import { fetchSchools } from '../api/schools'
import { useRequest } from '../ui/use-request'
import { ROLE_LABELS, useSession } from './session'

/** District admins: every account, a form for a new one, disabling, and ending sessions. */
export function AccountsView() {
  const me = useSession()
  const [version, setVersion] = useState(0)
  const accounts = useRequest(fetchAccounts, version)
  const schools = useRequest(fetchSchools, 'schools')
  const [notice, setNotice] = useState<string | null>(null)
  const schoolName = new Map(schools.data?.schools.map((s) => [s.id, s.name]))

  function refresh(message: string) {
    setNotice(message)
    setVersion((v) => v + 1)
  }

  async function act(run: () => Promise<{ ok: boolean; body: unknown }>, done: string) {
    const result = await run()
    refresh(result.ok ? done : (result.body as { message: string }).message)
  }

  return (
    <main className="admin">
      <h1>Accounts</h1>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {accounts.error && <p role="alert">{accounts.error}</p>}
      {!accounts.data && !accounts.error && <p role="status">Loading…</p>}
      {accounts.data && (
        <table>
          <caption className="visually-hidden">Staff accounts</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Schools</th>
              <th scope="col">Open sessions</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {accounts.data.users.map((u) => (
              <tr key={u.id} className={u.disabled ? 'account--disabled' : undefined}>
                <td>
                  {u.email}
                  {u.disabled && <small>Disabled</small>}
                </td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>{u.schoolIds.map((id) => schoolName.get(id) ?? `#${id}`).join(', ') || 'All schools'}</td>
                <td>{u.sessions}</td>
                <td className="actions">
                  {u.id !== me.user.id && (
                    <button type="button" onClick={() => void act(() => changeAccount(u.id, { disabled: !u.disabled }), `${u.email} ${u.disabled ? 'enabled' : 'disabled'}.`)}>
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                  )}
                  {u.sessions > 0 && (
                    <button type="button" onClick={() => void act(() => endSessions(u.id), `Sessions of ${u.email} ended.`)}>
                      End sessions
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>
        <button type="button" onClick={() => void act(endAllSessions, 'Everyone else is signed out and signs in again on their next request.')}>
          End everyone else’s sessions
        </button>
      </p>
      <NewAccountForm schools={schools.data?.schools ?? []} onCreated={(email) => refresh(`Account for ${email} created.`)} />
    </main>
  )
}

function NewAccountForm({ schools, onCreated }: { schools: { id: number; name: string }[]; onCreated: (email: string) => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [role, setRole] = useState<StaffRole>('school-team')
  const [schoolIds, setSchoolIds] = useState<number[]>([])
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    const result = await createAccount({ email, password, role, schoolIds: role === 'school-team' ? schoolIds : [] })
    if (!result.ok) return setError(result.body.message)
    setEmail('')
    setPassword('')
    setSchoolIds([])
    onCreated(email)
  }

  return (
    <form className="stacked" onSubmit={(e) => void submit(e)}>
      <h2>New account</h2>
      <label>
        Email
        <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        First password (at least 12 characters; share it privately)
        <input type="password" autoComplete="new-password" required minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <label>
        Role
        <select value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
          {Object.entries(ROLE_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {role === 'school-team' && (
        <label>
          Schools
          <select multiple value={schoolIds.map(String)} onChange={(e) => setSchoolIds([...e.target.selectedOptions].map((o) => Number(o.value)))}>
            {schools.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && <p role="alert">{error}</p>}
      <button type="submit">Create account</button>
    </form>
  )
}
